"""Credit specialists, their visits, and the docking settings."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role
from core import audit
from core.permissions import require
from enterprises.models import Enterprise

from .. import permissions
from ..models import (
    Difficulty,
    DockingSetting,
    Specialist,
    Visit,
    pool_entry_enterprises,
)
from .common import _not_future, _text


def _end(actor, specialist: Specialist, *, at, event: str = "") -> Specialist:
    """The assignment ended at `at` (the bank ends it, or names a new specialist), audited."""
    before = audit.snapshot(specialist, ["user", "ended_at"])
    specialist.ended_at = at
    specialist.save(update_fields=["ended_at", "updated_at"])
    audit.record_saved(
        actor=actor, instance=specialist, before=before, fields=["user", "ended_at"], event=event
    )
    return specialist


@transaction.atomic
def specialist_assign(*, actor, enterprise: Enterprise, user, phone: str = "") -> Specialist:
    """The bank names one of its accounts the enterprise's credit specialist; a current one is ended."""
    require(permissions.can_work_as_bank(actor))
    if not Enterprise.objects.filter(pool_entry_enterprises(), pk=enterprise.pk).exists():
        raise ValidationError({"enterprise": _("信贷专员只指派给列入培育库的企业（项目）。")})
    if user.role != Role.BANK or user.bank_id != actor.bank_id or not user.is_active:
        raise ValidationError({"user": _("信贷专员须是本银行的有效账号。")})
    now = timezone.now()
    for current in Specialist.objects.select_for_update().filter(
        bank_id=actor.bank_id, enterprise=enterprise, ended_at__isnull=True
    ):
        _end(actor, current, at=now, event="specialist.replaced")
    specialist = Specialist.objects.create(
        bank_id=actor.bank_id,
        enterprise=enterprise,
        user=user,
        phone=_text(phone, "phone", required=False, max_length=20),
        assigned_by=actor,
    )
    audit.record_saved(
        actor=actor, instance=specialist, before=None, fields=["bank", "enterprise", "user", "phone"]
    )
    return specialist


@transaction.atomic
def specialist_end(*, actor, specialist: Specialist) -> Specialist:
    specialist = Specialist.objects.select_for_update().get(pk=specialist.pk)
    require(permissions.can_end_assignment(actor, specialist))
    return _end(actor, specialist, at=timezone.now())


@transaction.atomic
def visit_log(
    *,
    actor,
    specialist: Specialist,
    visited_on: date,
    form: str,
    people_met: str,
    difficulties: list[str],
    difficulty_note: str = "",
    follow_up: str = "",
    next_visit_on: date | None = None,
) -> Visit:
    specialist = Specialist.objects.select_for_update().get(pk=specialist.pk)
    require(permissions.can_log_visit(actor, specialist))
    _not_future(visited_on, "visited_on")
    unknown = set(difficulties) - set(Difficulty.values)
    if unknown:
        raise ValidationError({"difficulties": _("请从列表中选择发现的困难。")})
    if Difficulty.OTHER in difficulties and not (difficulty_note or "").strip():
        raise ValidationError({"difficulty_note": _("选择“其他”时请说明困难。")})
    if next_visit_on is not None and next_visit_on <= visited_on:
        raise ValidationError({"next_visit_on": _("下次走访日期须晚于本次走访日期。")})
    visit = Visit.objects.create(
        specialist=specialist,
        bank_id=specialist.bank_id,
        enterprise_id=specialist.enterprise_id,
        visited_on=visited_on,
        form=form,
        people_met=_text(people_met, "people_met", max_length=200),
        difficulties=[d for d in Difficulty.values if d in difficulties],
        difficulty_note=_text(difficulty_note, "difficulty_note", required=False, max_length=2000),
        follow_up=_text(follow_up, "follow_up", required=False, max_length=2000),
        next_visit_on=next_visit_on,
        recorded_by=actor,
    )
    audit.record_saved(
        actor=actor,
        instance=visit,
        before=None,
        fields=["visited_on", "form", "people_met", "difficulties", "follow_up"],
    )
    return visit


# --- settings --------------------------------------------------------------------------------------


@transaction.atomic
def settings_update(*, actor, waiting_days: int) -> DockingSetting:
    require(permissions.can_edit_settings(actor))
    if not 1 <= waiting_days <= 365:
        raise ValidationError({"waiting_days": _("天数须在1至365之间。")})
    setting = DockingSetting.objects.select_for_update().order_by("pk").first() or DockingSetting()
    before = audit.snapshot(setting, ["waiting_days"]) if setting.pk else None
    setting.waiting_days, setting.updated_by = waiting_days, actor
    setting.save()
    audit.record_saved(actor=actor, instance=setting, before=before, fields=["waiting_days"])
    return setting

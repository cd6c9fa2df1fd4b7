"""Writes of the docking: validated, in one transaction, audited; workflow moves on the shared engine."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from core import audit
from core.exceptions import Conflict
from core.permissions import require
from core.text import has_control_chars
from core.workflow import Move, Notice
from credit.gates import support_block_reason
from enterprises.models import Enterprise
from programs.models import Bank

from . import permissions
from .models import (
    Difficulty,
    DockingSetting,
    EndReason,
    Intention,
    IntentionEvent,
    LoanApplication,
    LoanApplicationEvent,
    Meeting,
    MeetingEvent,
    RefusalReason,
    Specialist,
    Visit,
    pool_entry_enterprises,
)
from .workflow import APPLICATIONS, INTENTIONS, MEETINGS

MEETING_FIELDS = ["title", "form", "held_on", "place", "state", "notes"]
INTENTION_FIELDS = ["state", "amount", "product", "contact", "application", "end_reason", "end_note"]
APPLICATION_FIELDS = [
    "state",
    "product",
    "amount_applied",
    "amount_granted",
    "applied_on",
    "approved_on",
    "disbursed_on",
    "refusal_reason",
    "refusal_note",
    "qualifying",
]


def _text(value, field: str, *, required: bool = True, max_length: int = 300) -> str:
    text = (value or "").strip()
    if has_control_chars(text, multiline=max_length > 300):
        raise ValidationError({field: _("不能包含不可见的控制字符或文字方向控制符，请删除后重新输入。")})
    if required and not text:
        raise ValidationError({field: _("请填写此项。")})
    if len(text) > max_length:
        raise ValidationError({field: _("不能超过%(n)d个字。") % {"n": max_length}})
    return text


def _amount(value, field: str) -> Decimal:
    if value is None or value <= 0:
        raise ValidationError({field: _("金额须大于零（单位：万元）。")})
    return value.quantize(Decimal("0.01"))


def _not_future(day: date, field: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: _("日期不能晚于今天。")})


# --- meetings ------------------------------------------------------------------------------------


@transaction.atomic
def meeting_create(
    *,
    actor,
    title: str,
    held_on: date,
    place: str,
    banks,
    enterprises,
    form: str = "one_to_one",
    notes: str = "",
) -> Meeting:
    require(permissions.can_manage_meetings(actor))
    banks, enterprises = list(banks), list(enterprises)
    if not banks:
        raise ValidationError({"banks": _("请至少邀请一家银行。")})
    if not enterprises:
        raise ValidationError({"enterprises": _("请至少邀请一家企业。")})
    meeting = Meeting.objects.create(
        title=_text(title, "title", max_length=100),
        held_on=held_on,
        place=_text(place, "place", max_length=100),
        form=form,
        notes=_text(notes, "notes", required=False, max_length=2000),
        organised_by=actor,
    )
    meeting.banks.set(banks)
    meeting.enterprises.set(enterprises)
    MEETINGS.record(meeting, actor=actor, action=MeetingEvent.Action.CREATE)
    return meeting


def meeting_transition(*, actor, meeting: Meeting, action: str, comment: str = "") -> Meeting:
    def check(move: Move) -> None:
        if move.action == "hold" and move.instance.held_on > timezone.localdate():
            raise Conflict(
                _("对话会日期（%(day)s）尚未到，不能确认召开。")
                % {"day": f"{move.instance.held_on:%Y-%m-%d}"}
            )

    return MEETINGS.fire(meeting, action=action, actor=actor, comment=comment, check=check)


@transaction.atomic
def intention_record(
    *,
    actor,
    meeting: Meeting,
    bank: Bank,
    enterprise: Enterprise,
    amount: Decimal,
    product: str,
    contact: str,
) -> Intention:
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    require(permissions.can_record_intention(actor, meeting))
    if not meeting.banks.filter(pk=bank.pk).exists():
        raise ValidationError({"bank": _("该银行未受邀参加本次对话会。")})
    if not meeting.enterprises.filter(pk=enterprise.pk).exists():
        raise ValidationError({"enterprise": _("该企业未受邀参加本次对话会。")})
    intention = Intention.objects.create(
        meeting=meeting,
        bank=bank,
        enterprise=enterprise,
        amount=_amount(amount, "amount"),
        product=_text(product, "product", max_length=60),
        contact=_text(contact, "contact", max_length=60),
        recorded_by=actor,
    )
    INTENTIONS.record(intention, actor=actor, action=IntentionEvent.Action.CREATE)
    return intention


def intention_drop(*, actor, intention: Intention, reason: str, note: str = "") -> Intention:
    if reason not in EndReason.values:
        raise ValidationError({"reason": _("请从列表中选择终止原因。")})
    note = _text(note, "note", required=reason == EndReason.OTHER)

    def apply(move: Move) -> None:
        move.instance.end_reason, move.instance.end_note = reason, note

    return INTENTIONS.fire(
        intention,
        action="drop",
        actor=actor,
        comment=f"{EndReason(reason).label}{'：' + note if note else ''}",
        apply=apply,
    )


# --- green channel ---------------------------------------------------------------------------------


def _bank_users(bank_id) -> list:
    return list(User.objects.filter(role=Role.BANK, bank_id=bank_id, is_active=True))


@transaction.atomic
def application_create(
    *,
    actor,
    enterprise: Enterprise,
    product: str,
    amount_applied: Decimal,
    applied_on: date,
    intention: Intention | None = None,
) -> LoanApplication:
    """The bank records a pool entry's loan application in the green channel. The enterprise row is
    locked as the blacklist services lock it, so the qualifying mark and a listing cannot cross."""
    require(permissions.can_work_as_bank(actor))
    enterprise = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
    if not Enterprise.objects.filter(pool_entry_enterprises(), pk=enterprise.pk).exists():
        raise ValidationError({"enterprise": _("绿色通道只受理列入培育库的企业（项目）的贷款申请。")})
    _not_future(applied_on, "applied_on")
    blocked = support_block_reason(enterprise)
    application = LoanApplication.objects.create(
        bank_id=actor.bank_id,
        enterprise=enterprise,
        product=_text(product, "product", max_length=60),
        amount_applied=_amount(amount_applied, "amount_applied"),
        applied_on=applied_on,
        qualifying=not blocked,
        block_reason=blocked,
        recorded_by=actor,
    )
    APPLICATIONS.record(application, actor=actor, action=LoanApplicationEvent.Action.CREATE)
    if intention is not None:
        if intention.bank_id != actor.bank_id or intention.enterprise_id != enterprise.pk:
            raise ValidationError({"intention": _("融资意向的银行和企业须与本申请一致。")})

        def link(move: Move) -> None:
            move.instance.application = application

        INTENTIONS.fire(intention, action="convert", actor=actor, apply=link)
    return application


def _check_dates(application: LoanApplication, day: date, field: str, after: date) -> None:
    _not_future(day, field)
    if day < after:
        raise ValidationError({field: _("日期不能早于%(day)s。") % {"day": f"{after:%Y-%m-%d}"}})


def application_approve(*, actor, application: LoanApplication, approved_on: date, amount_granted: Decimal):
    amount = _amount(amount_granted, "amount_granted")

    def apply(move: Move) -> None:
        a = move.instance
        _check_dates(a, approved_on, "approved_on", a.applied_on)
        a.approved_on, a.amount_granted = approved_on, amount

    return APPLICATIONS.fire(application, action="approve", actor=actor, apply=apply)


def application_disburse(*, actor, application: LoanApplication, disbursed_on: date):
    def apply(move: Move) -> None:
        a = move.instance
        _check_dates(a, disbursed_on, "disbursed_on", a.approved_on)
        a.disbursed_on = disbursed_on

    return APPLICATIONS.fire(application, action="disburse", actor=actor, apply=apply)


def application_refuse(*, actor, application: LoanApplication, reason: str, note: str = ""):
    if reason not in RefusalReason.values:
        raise ValidationError({"reason": _("请从列表中选择未批准原因。")})
    note = _text(note, "note", required=reason == RefusalReason.OTHER)

    def apply(move: Move) -> None:
        move.instance.refusal_reason, move.instance.refusal_note = reason, note
        move.instance.amount_granted = None

    def notices(move: Move) -> list[Notice]:
        users = list(
            User.objects.filter(
                role=Role.ENTERPRISE, enterprise_id=move.instance.enterprise_id, is_active=True
            )
        )
        message = _("%(bank)s未批准贵企业%(day)s提交的贷款申请：%(reason)s") % {
            "bank": move.instance.bank.name,
            "day": f"{move.instance.applied_on:%Y-%m-%d}",
            "reason": RefusalReason(reason).label,
        }
        return [Notice(users, message, reverse("docking:mine"))] if users else []

    return APPLICATIONS.fire(
        application,
        action="refuse",
        actor=actor,
        comment=f"{RefusalReason(reason).label}{'：' + note if note else ''}",
        apply=apply,
        notices=notices,
    )


# --- specialists and visits ----------------------------------------------------------------------


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
        before = audit.snapshot(current, ["user", "ended_at"])
        current.ended_at = now
        current.save(update_fields=["ended_at", "updated_at"])
        audit.record(
            actor=actor,
            action=audit.AuditAction.UPDATE,
            instance=current,
            before=before,
            after=audit.snapshot(current, ["user", "ended_at"]),
            message="specialist replaced",
        )
    specialist = Specialist.objects.create(
        bank_id=actor.bank_id,
        enterprise=enterprise,
        user=user,
        phone=_text(phone, "phone", required=False, max_length=20),
        assigned_by=actor,
    )
    audit.record(
        actor=actor,
        action=audit.AuditAction.CREATE,
        instance=specialist,
        after=audit.snapshot(specialist, ["bank", "enterprise", "user", "phone"]),
    )
    return specialist


@transaction.atomic
def specialist_end(*, actor, specialist: Specialist) -> Specialist:
    specialist = Specialist.objects.select_for_update().get(pk=specialist.pk)
    require(permissions.can_end_assignment(actor, specialist))
    before = audit.snapshot(specialist, ["user", "ended_at"])
    specialist.ended_at = timezone.now()
    specialist.save(update_fields=["ended_at", "updated_at"])
    audit.record(
        actor=actor,
        action=audit.AuditAction.UPDATE,
        instance=specialist,
        before=before,
        after=audit.snapshot(specialist, ["user", "ended_at"]),
    )
    return specialist


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
    audit.record(
        actor=actor,
        action=audit.AuditAction.CREATE,
        instance=visit,
        after=audit.snapshot(visit, ["visited_on", "form", "people_met", "difficulties", "follow_up"]),
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
    audit.record(
        actor=actor,
        action=audit.AuditAction.UPDATE if before else audit.AuditAction.CREATE,
        instance=setting,
        before=before,
        after=audit.snapshot(setting, ["waiting_days"]),
    )
    return setting

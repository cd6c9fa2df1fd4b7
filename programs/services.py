"""Office edits of the policy data. One audited path for every kind of record (see forms.EDITABLE)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core import audit
from core.permissions import require
from core.services import model_create, model_update

from .permissions import can_edit_programme


@transaction.atomic
def policy_record_update(*, actor, instance, data: dict):
    from .models import Programme

    require(can_edit_programme(actor))
    data = dict(data)
    make_current = isinstance(instance, Programme) and data.pop("is_current", None)
    if make_current is False and Programme.objects.filter(pk=instance.pk, is_current=True).exists():
        raise ValidationError({"is_current": _("须始终有一个当前执行的方案：请将另一方案设为当前执行。")})
    instance, _changed = model_update(instance=instance, data=data, actor=actor)
    if make_current:
        instance = programme_make_current(actor=actor, programme=instance)
    return instance


@transaction.atomic
def policy_record_create(*, actor, model_class, data: dict):
    from .models import Programme

    require(can_edit_programme(actor))
    data = dict(data)
    make_current = model_class is Programme and data.pop("is_current", False)
    instance = model_create(model_class=model_class, data=data, actor=actor)
    if make_current:
        instance = programme_make_current(actor=actor, programme=instance)
    return instance


@transaction.atomic
def programme_make_current(*, actor, programme):
    """Make `programme` the one current programme: every programme row locked (in primary-key order),
    the previous one cleared and this one set in the same transaction, one audit row. Never leaves
    none or two current, whoever switches at the same time."""
    from .models import Programme

    require(can_edit_programme(actor))
    rows = list(Programme.objects.select_for_update().order_by("pk").only("pk", "is_current", "code"))
    previous = [p for p in rows if p.is_current and p.pk != programme.pk]
    if not previous and any(p.pk == programme.pk and p.is_current for p in rows):
        return Programme.objects.get(pk=programme.pk)
    Programme.objects.filter(pk__in=[p.pk for p in previous]).update(is_current=False)
    Programme.objects.filter(pk=programme.pk).update(is_current=True)
    programme = Programme.objects.get(pk=programme.pk)
    audit.record(
        actor=actor,
        action=audit.AuditAction.UPDATE,
        instance=programme,
        before={"is_current": False, "previous_current": [p.code for p in previous]},
        after={"is_current": True},
        event="programme.made_current",
    )
    return programme

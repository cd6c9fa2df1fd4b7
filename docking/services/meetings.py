"""银企对话会 and their intentions."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import Conflict
from core.permissions import require
from core.workflow import Move
from enterprises.models import Enterprise
from programs.models import Bank

from .. import permissions
from ..models import (
    EndReason,
    Intention,
    IntentionEvent,
    Meeting,
    MeetingEvent,
)
from ..workflow import INTENTIONS, MEETINGS
from .common import _amount, _reason_comment, _text


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
        comment=_reason_comment(EndReason(reason), note),
        apply=apply,
    )

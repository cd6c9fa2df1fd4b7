"""The green channel: a bank records a pool entry's loan application and each of its steps."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import Role, User
from core.permissions import require
from core.workflow import Move, Notice
from credit.gates import support_block_reason
from enterprises.models import Enterprise

from .. import permissions
from ..models import (
    Intention,
    LoanApplication,
    LoanApplicationEvent,
    RefusalReason,
    pool_entry_enterprises,
)
from ..workflow import APPLICATIONS, INTENTIONS
from .common import _amount, _not_future, _reason_comment, _text


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
        comment=_reason_comment(RefusalReason(reason), note),
        apply=apply,
        notices=notices,
    )

"""Recoveries after a compensation (追偿): shared by the risk shares, the fund's part a ledger entry."""

from datetime import date as date_type
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import Conflict
from core.permissions import require

from .. import permissions_guarantees as permissions
from ..models.guarantees import (
    ZERO,
    ClaimState,
    Guarantee,
    GuaranteeClaim,
    GuaranteeEvent,
    GuaranteeRecovery,
    GuaranteeState,
)
from ..workflow_guarantees import GUARANTEES
from .guarantee_terms import split
from .ledger import post_entry, transfer
from .support import CENT


def recovery_record(
    *, actor, guarantee: Guarantee, amount: Decimal, recovered_on: date_type | None = None, note: str = ""
) -> GuaranteeRecovery:
    """Money recovered from the borrower after the compensation, shared by the risk shares. The shares
    are taken of the running total, so the parts of all recoveries together are always the total's
    parts to the cent; the fund's part is a ledger entry (Dr cash, Cr recoveries)."""
    recovered_on = recovered_on or timezone.localdate()
    with transaction.atomic():
        guarantee = GUARANTEES.lock(guarantee.pk)
        require(permissions.can_record_recovery(actor, guarantee))
        if guarantee.state != GuaranteeState.COMPENSATED:
            raise Conflict(
                _("当前状态为“%(state)s”，代偿后才能登记追偿款。") % {"state": guarantee.get_state_display()}
            )
        if amount is None or amount <= 0 or amount != amount.quantize(CENT):
            raise ValidationError({"amount": _("追回金额须大于零，最多两位小数（元）。")})
        if recovered_on > timezone.localdate():
            raise ValidationError({"recovered_on": _("追回日期不能晚于今天。")})
        claim = GuaranteeClaim.objects.select_for_update().get(guarantee=guarantee, state=ClaimState.PAID)
        if claim.recovered + amount > claim.outstanding_principal:
            raise ValidationError(
                {
                    "amount": _("累计追回将超过代偿时的未偿本金 %(p)s 元（已追回 %(r)s 元）。")
                    % {"p": claim.outstanding_principal, "r": claim.recovered}
                }
            )
        before = {"recovered": str(claim.recovered), "recovered_fund": str(claim.recovered_fund)}
        prior = claim.recoveries.aggregate(bank=Sum("bank_amount"), other=Sum("other_amount"))
        total = claim.recovered + amount
        fund_total, bank_total, other_total = split(total, guarantee.fund_share, guarantee.other_share)
        fund_part = fund_total - claim.recovered_fund
        other_part = other_total - (prior["other"] or ZERO)
        bank_part = amount - fund_part - other_part
        recovery = GuaranteeRecovery.objects.create(
            claim=claim,
            amount=amount,
            fund_amount=fund_part,
            bank_amount=bank_part,
            other_amount=other_part,
            recovered_on=recovered_on,
            note=(note or "").strip()[:300],
            recorded_by=actor,
        )
        if fund_part > 0:
            post_entry(
                guarantee.fund,
                transfer("cash", "recoveries", fund_part),
                caused_by=actor,
                obj=recovery,
                memo=_("追偿收回：%(name)s") % {"name": guarantee.enterprise.name},
                date=recovered_on,
                kind="recovery",
                key=f"guarantee-recovery:{recovery.pk}",
            )
        GuaranteeClaim.objects.filter(pk=claim.pk).update(
            recovered=F("recovered") + amount,
            recovered_fund=F("recovered_fund") + fund_part,
            updated_at=timezone.now(),
        )
        GUARANTEES.record(
            guarantee,
            actor=actor,
            action=GuaranteeEvent.Action.RECOVER,
            before=before,
            comment=_(
                "追回 %(amount)s 元，基金分得 %(fund)s 元，银行分得 %(bank)s 元，其他方分得 %(other)s 元。"
            )
            % {"amount": amount, "fund": fund_part, "bank": bank_part, "other": other_part},
        )
    return recovery

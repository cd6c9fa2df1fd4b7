"""Reads of the guarantee business: lists as a user may see them, the agency's queues, the figures
(outstanding exposure, 放大倍数, 代偿率, fee income) and the fund's net capital from the ledger."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from .models import AccountBalance, AccountKind, SubFund
from .models.guarantees import (
    IN_FORCE,
    ClaimState,
    Guarantee,
    GuaranteeClaim,
    GuaranteeState,
)

ZERO = Decimal("0.00")


def net_capital(fund: SubFund | int) -> Decimal:
    """The sub-fund's net capital (净资产) from its ledger: assets less liabilities. One query."""
    fund_id = fund.pk if isinstance(fund, SubFund) else fund
    rows = AccountBalance.objects.filter(
        sub_fund_id=fund_id, kind__in=[AccountKind.ASSET, AccountKind.LIABILITY]
    )
    totals = dict(rows.values_list("kind").annotate(total=Coalesce(Sum("balance"), ZERO)))
    return totals.get(AccountKind.ASSET, ZERO) - totals.get(AccountKind.LIABILITY, ZERO)


def outstanding_exposure_of(fund: SubFund | int, *, enterprise_id: int | None = None) -> Decimal:
    """担保责任余额 of the guarantees in force (of one borrower when given). One query."""
    fund_id = fund.pk if isinstance(fund, SubFund) else fund
    qs = Guarantee.objects.filter(fund_id=fund_id, state__in=IN_FORCE)
    if enterprise_id is not None:
        qs = qs.filter(enterprise_id=enterprise_id)
    return qs.aggregate(total=Coalesce(Sum("exposure"), ZERO))["total"]


def guarantees_for(
    user,
    *,
    state: str = "",
    bank: int | None = None,
    enterprise: int | None = None,
    q: str = "",
    fund: SubFund | None = None,
) -> QuerySet[Guarantee]:
    qs = Guarantee.objects.visible_to(user).select_related("bank", "enterprise", "enterprise__town", "fund")
    if fund is not None:
        qs = qs.filter(fund=fund)
    if state:
        qs = qs.filter(state=state)
    if bank:
        qs = qs.filter(bank_id=bank)
    if enterprise:
        qs = qs.filter(enterprise_id=enterprise)
    if q:
        qs = qs.filter(Q(enterprise__name__icontains=q) | Q(loan_contract__icontains=q))
    return qs.order_by("-created_at", "-id")


def guarantee_get(user, pk: int) -> Guarantee:
    return get_object_or_404(
        Guarantee.objects.visible_to(user).select_related("bank", "enterprise", "fund", "nomination__pool"),
        pk=pk,
    )


def claims_for(user, *, state: str = "") -> QuerySet[GuaranteeClaim]:
    qs = GuaranteeClaim.objects.visible_to(user).select_related(
        "guarantee", "guarantee__bank", "guarantee__enterprise"
    )
    if state:
        qs = qs.filter(state=state)
    return qs.order_by("due_on", "id")


def agency_queue(user) -> dict:
    """What waits for the agency: applications to decide, claims to pay (oldest due first)."""
    visible = Guarantee.objects.visible_to(user)
    return {
        "applications": visible.filter(state=GuaranteeState.SUBMITTED)
        .select_related("bank", "enterprise")
        .order_by("submitted_at", "id"),
        "claims": claims_for(user, state=ClaimState.FILED),
    }


@dataclass(frozen=True)
class GuaranteeFigures:
    net_capital: Decimal
    exposure: Decimal  # 担保责任余额 of the guarantees in force
    in_force: int
    leverage: Decimal | None  # 放大倍数 = exposure / net capital
    cap: Decimal | None
    compensated: Decimal  # the fund's compensation paid
    closed_principal: Decimal  # principal of the guarantees released or compensated
    compensation_rate: Decimal | None  # 代偿率 = compensation paid / the fund's share of closed guarantees
    recovered: Decimal
    fee_income: Decimal


def _ratio(numerator: Decimal, denominator: Decimal, places: str = "0.0001") -> Decimal | None:
    if not denominator:
        return None
    return (numerator / denominator).quantize(Decimal(places), ROUND_HALF_UP)


def guarantee_figures(fund: SubFund) -> GuaranteeFigures:
    """The fund's figures, from the business rows and the ledger. Four queries, whatever the rows.

    代偿率 follows the usual definition (代偿额 / 解除担保额): the fund's compensation paid over its
    share (担保责任) of the guarantees that ended, released or compensated."""
    totals = Guarantee.objects.filter(fund=fund).aggregate(
        exposure=Coalesce(Sum("exposure", filter=Q(state__in=IN_FORCE)), ZERO),
        in_force=Count("pk", filter=Q(state__in=IN_FORCE)),
    )
    closed = ZERO
    for principal, share in Guarantee.objects.filter(
        fund=fund, state__in=[GuaranteeState.RELEASED, GuaranteeState.COMPENSATED]
    ).values_list("principal", "fund_share"):
        closed += (principal * share).quantize(Decimal("0.01"), ROUND_HALF_UP)
    ledger = dict(AccountBalance.objects.filter(sub_fund=fund).values_list("code", "balance"))
    net = net_capital(fund)
    compensated = ledger.get("compensation_paid", ZERO)
    cap = fund.param("amplification_cap")
    return GuaranteeFigures(
        net_capital=net,
        exposure=totals["exposure"],
        in_force=totals["in_force"],
        leverage=_ratio(totals["exposure"], net, "0.01") if net > 0 else None,
        cap=cap,
        compensated=compensated,
        closed_principal=closed,
        compensation_rate=_ratio(compensated, closed),
        recovered=ledger.get("recoveries", ZERO),
        fee_income=ledger.get("fee_income", ZERO),
    )

"""Reads of the guarantee business: lists as a user may see them, the agency's queues, the figures
(outstanding exposure, 放大倍数, 代偿率, fee income) and the fund's net capital from the ledger."""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, DecimalField, Exists, ExpressionWrapper, F, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from core.selectors import filter_given

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


# --- the guarantees at a day's end, by their dated fields (the cockpit's month-end figures) -----------

# The states a guarantee passes through once its loan began: its loan start, release and payment dated.
DATED_STATES = (
    GuaranteeState.ACTIVE,
    GuaranteeState.CLAIMED,
    GuaranteeState.RELEASED,
    GuaranteeState.COMPENSATED,
)


def paid_claims() -> QuerySet[GuaranteeClaim]:
    """The claims paid (代偿): a guarantee has at most one (guarantee_claim_once)."""
    return GuaranteeClaim.objects.filter(state=ClaimState.PAID)


def _paid_by(on: date) -> Exists:
    return Exists(paid_claims().filter(guarantee=OuterRef("pk"), paid_on__lte=on))


def guaranteed_by(on: date) -> Q:
    """The guarantees whose loan began on or before `on` (approved: 在保 then or since ended)."""
    return Q(state__in=DATED_STATES, loan_start__lte=on)


def in_force_at(on: date) -> Q:
    """在保 at the end of `on`: the loan begun, not released and not compensated by then (a claim
    filed and not yet paid still counts, as IN_FORCE does today)."""
    not_released = Q(released_on__isnull=True) | Q(released_on__gt=on)
    return guaranteed_by(on) & not_released & ~Q(_paid_by(on))


def compensated_by(on: date) -> Q:
    return Q(state=GuaranteeState.COMPENSATED) & Q(_paid_by(on))


def released_by(on: date) -> Q:
    return Q(state=GuaranteeState.RELEASED, released_on__lte=on)


def exposure_at(fund: SubFund, on: date) -> dict:
    """The fund's share of the guarantees in force at the end of `on` and their number, as the
    cockpit's month-end figures count them (funds.selectors.figures_at). One query."""
    share = ExpressionWrapper(F("principal") * F("fund_share"), output_field=DecimalField())
    totals = Guarantee.objects.filter(in_force_at(on), fund=fund).aggregate(
        exposure=Coalesce(Sum(share), ZERO), in_force=Count("pk")
    )
    return {"on": on, "exposure": totals["exposure"].quantize(ZERO), "in_force": totals["in_force"]}


def _as_of_condition(on: date, state: str) -> Q:
    """在保, 已解保 and 已代偿 as they stood at the end of `on`; without a state, the guarantees begun
    by then. The other states carry no date: they filter on the state now."""
    if state == GuaranteeState.ACTIVE:
        return in_force_at(on)
    if state == GuaranteeState.RELEASED:
        return released_by(on)
    if state == GuaranteeState.COMPENSATED:
        return compensated_by(on)
    return Q(state=state) if state else guaranteed_by(on)


def guarantees_for(
    user,
    *,
    state: str = "",
    bank: int | None = None,
    enterprise: int | None = None,
    q: str = "",
    fund: SubFund | None = None,
    as_of: date | None = None,
) -> QuerySet[Guarantee]:
    """The guarantees `user` may read, filtered; with `as_of`, the state is the one at the end of
    that day (_as_of_condition)."""
    qs = Guarantee.objects.visible_to(user).select_related("bank", "enterprise", "enterprise__town", "fund")
    if as_of is not None:
        qs = qs.filter(_as_of_condition(as_of, state))
        state = ""  # already in the condition
    qs = filter_given(qs, fund=fund, state=state, bank_id=bank, enterprise_id=enterprise)
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

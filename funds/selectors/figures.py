"""The funds' figures: each sub-fund's size, paid-in, deployed, outstanding and available money today
(fund_figures, from the balance rows) and at the end of given days (figures_at, from the ledger's
dated lines and the loans' and guarantees' dates: the cockpit's monthly rows and the overview's
截至日期)."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, DecimalField, ExpressionWrapper, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce, TruncMonth

from programs.models import Programme

from ..models import AccountBalance, SubFund
from .bridge import LENT_STATES
from .ledger import ZERO, _line_totals, _lines_through, current_sub_funds, normal_balance


@dataclass(frozen=True)
class SubFundFigures:
    sub_fund: SubFund
    size: Decimal
    committed: Decimal
    paid_in: Decimal
    deployed: Decimal  # money lent or invested since the start (debit total of the lending account)
    outstanding: Decimal
    available: Decimal
    fee_income: Decimal
    penalty_income: Decimal
    leverage: Decimal | None  # deployed / paid-in (bridge: turnover); guarantees add their own

    @property
    def deployed_share(self) -> Decimal | None:
        return self.outstanding / self.paid_in if self.paid_in else None


def fund_figures(programme: Programme | None = None) -> list[SubFundFigures]:
    """Each current sub-fund's size, paid-in, deployed, outstanding, available, leverage and income,
    from the balance rows and one aggregate of contributors: three queries, whatever the activity."""
    from ..models import Contributor

    subs = list(current_sub_funds(programme).order_by("order", "code"))
    money: dict[tuple[int, str], Any] = {
        (b["sub_fund_id"], b["code"]): b
        for b in AccountBalance.objects.filter(sub_fund__in=subs).values(
            "sub_fund_id", "code", "balance", "debit_total"
        )
    }
    contributed: dict[int, Any] = {
        row["sub_fund_id"]: row
        for row in Contributor.objects.filter(sub_fund__in=subs)
        .values("sub_fund_id")
        .annotate(committed=Coalesce(Sum("committed"), ZERO), paid_in=Coalesce(Sum("paid_in"), ZERO))
    }
    out = []
    for s in subs:

        def bal(code, s=s):
            return (money.get((s.pk, code)) or {}).get("balance") or ZERO

        lending = "investments" if s.kind == "guidance" else "loans_outstanding"
        deployed = (money.get((s.pk, lending)) or {}).get("debit_total") or ZERO
        paid = (contributed.get(s.pk) or {}).get("paid_in") or ZERO
        out.append(
            SubFundFigures(
                sub_fund=s,
                size=s.size,
                committed=(contributed.get(s.pk) or {}).get("committed") or ZERO,
                paid_in=paid,
                deployed=deployed,
                outstanding=bal(lending),
                available=bal("cash"),
                fee_income=bal("fee_income"),
                penalty_income=bal("penalty_income"),
                leverage=(deployed / paid).quantize(Decimal("0.01")) if paid else None,
            )
        )
    return out


def fund_figures_at(on: date, programme: Programme | None = None) -> list[SubFundFigures]:
    """fund_figures as they stood at the end of `on` (figures_at): the paid-in from the ledger's
    capital entries, the commitments as they are today. Four queries."""
    subs = list(current_sub_funds(programme).order_by("order", "code"))
    at = figures_at(subs, [on])
    out = []
    for s in subs:
        f = at[(s.pk, on)]
        paid, deployed = f["paid_in"], f["deployed"]
        out.append(
            SubFundFigures(
                sub_fund=s,
                size=s.size,
                committed=ZERO,
                paid_in=paid,
                deployed=deployed,
                outstanding=f["outstanding"],
                available=f["available"],
                fee_income=f["fee_income"],
                penalty_income=f["penalty_income"],
                leverage=(deployed / paid).quantize(Decimal("0.01")) if paid else None,
            )
        )
    return out


def figures_at(sub_funds: list[SubFund], ends: list[date]) -> dict[tuple[int, date], dict]:
    """(sub-fund id, end) → the figures at the end of each day in `ends`: paid-in, deployed,
    outstanding, available, net capital, the guarantees' exposure and the bridge loans overdue by age
    band. From the ledger's lines dated on or before each end (the trial balance's selection, grouped
    by month: `ends` are month ends, the last may be any day of its month) and the loans' and
    guarantees' dates. Three queries (and the guarantees' payment date as a subquery), whatever the number of months, entries or loans."""
    from ..models import AGE_BUCKETS, BridgeLoan, Guarantee, age_bucket
    from ..selectors_guarantees import DATED_STATES, paid_claims

    ends = sorted(ends)
    if not sub_funds or not ends:
        return {}
    last = ends[-1]
    moves: dict[int, list] = {}
    for row in _line_totals(
        _lines_through(sub_funds, last).annotate(month=TruncMonth("entry__date")),
        "entry__sub_fund_id",
        "account__code",
        "account__kind",
        "month",
    ):
        moves.setdefault(row["entry__sub_fund_id"], []).append(row)
    loans = list(
        BridgeLoan.objects.filter(sub_fund__in=sub_funds, state__in=LENT_STATES, due_on__lt=last)
        .filter(Q(repaid_on__isnull=True) | Q(repaid_on__gt=F("due_on")))
        .order_by()
        .values("sub_fund_id", "due_on", "repaid_on")
        .annotate(n=Count("id"), amount=Coalesce(Sum("approved_amount"), ZERO))
    )
    share = ExpressionWrapper(F("principal") * F("fund_share"), output_field=DecimalField())
    # in force from the loan's start until released or compensated (selectors_guarantees.in_force_at)
    paid_on = Subquery(paid_claims().filter(guarantee=OuterRef("pk")).values("paid_on")[:1])
    guarantees = list(
        Guarantee.objects.filter(fund__in=sub_funds, state__in=DATED_STATES, loan_start__lte=last)
        .annotate(paid_on=paid_on)
        .order_by()
        .values("fund_id", "loan_start", "released_on", "paid_on")
        .annotate(exposure=Coalesce(Sum(share), ZERO))
    )
    out = {}
    for s in sub_funds:
        lending = "investments" if s.kind == "guidance" else "loans_outstanding"
        for end in ends:
            totals: dict[str, list] = {}
            for row in moves.get(s.pk, ()):
                if row["month"] <= end:
                    t = totals.setdefault(row["account__code"], [row["account__kind"], ZERO, ZERO])
                    t[1] += row["dr"]
                    t[2] += row["cr"]
            bal = {code: normal_balance(kind, dr, cr) for code, (kind, dr, cr) in totals.items()}
            ages = {code: [0, ZERO] for code, _low, _high in AGE_BUCKETS}
            for loan in loans:
                due, repaid = loan["due_on"], loan["repaid_on"]
                if loan["sub_fund_id"] != s.pk or due is None or due >= end or (repaid and repaid <= end):
                    continue
                band = ages[age_bucket((end - due).days)]
                band[0] += loan["n"]
                band[1] += loan["amount"]
            exposure = sum(
                (
                    g["exposure"]
                    for g in guarantees
                    if g["fund_id"] == s.pk
                    and g["loan_start"] <= end
                    and not (g["released_on"] and g["released_on"] <= end)
                    and not (g["paid_on"] and g["paid_on"] <= end)
                ),
                ZERO,
            )
            out[(s.pk, end)] = {
                "paid_in": bal.get("capital_paid_in", ZERO),
                "deployed": (totals.get(lending) or [None, ZERO])[1],
                "outstanding": bal.get(lending, ZERO),
                "available": bal.get("cash", ZERO),
                "fee_income": bal.get("fee_income", ZERO),
                "penalty_income": bal.get("penalty_income", ZERO),
                "net_capital": sum(
                    (v if totals[c][0] == "asset" else -v)
                    for c, v in bal.items()
                    if totals[c][0] in ("asset", "liability")
                ),
                "exposure": exposure.quantize(Decimal("0.01")),
                "ages": ages,
                "has_entries": bool(totals),
            }
    return out

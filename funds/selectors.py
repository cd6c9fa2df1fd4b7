"""Reads of the funds: sub-funds by code, balances, the trial balance, an object's entries."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from programs.models import Programme

from .models import Account, AccountBalance, JournalEntry, JournalLine, SubFund

ZERO = Decimal("0")


def sub_fund_by_code(code: str, programme: Programme | None = None) -> SubFund | None:
    """The sub-fund `code` (guidance, bridge, guarantee) of the programme's fund (default: the
    current programme's). One query."""
    programme = programme or Programme.objects.current()
    if programme is None:
        return None
    return SubFund.objects.select_related("fund").filter(fund__programme=programme, code=code).first()


def current_sub_funds(programme: Programme | None = None) -> QuerySet[SubFund]:
    programme = programme or Programme.objects.current()
    return SubFund.objects.select_related("fund").filter(fund__programme=programme)


def balances(sub_fund: SubFund) -> dict[str, Decimal]:
    """Current balance of every account by chart code, on the account's normal side. One query."""
    return dict(AccountBalance.objects.filter(sub_fund=sub_fund).values_list("code", "balance"))


@dataclass(frozen=True)
class TrialBalanceRow:
    code: str
    name: str
    kind: str
    debit_total: Decimal
    credit_total: Decimal
    balance: Decimal  # on the account's normal side


def trial_balance(sub_fund: SubFund, on: date | None = None) -> list[TrialBalanceRow]:
    """Every account of the sub-fund with its debit and credit totals and balance, from the lines of
    entries dated on or before `on` (all entries when None). Two queries, whatever the number of lines."""
    accounts = list(Account.objects.filter(sub_fund=sub_fund).order_by("order", "code"))
    lines = JournalLine.objects.filter(entry__sub_fund=sub_fund)
    if on is not None:
        lines = lines.filter(entry__date__lte=on)
    totals = {
        row["account_id"]: (row["dr"], row["cr"])
        for row in lines.values("account_id").annotate(
            dr=Coalesce(Sum("debit"), ZERO), cr=Coalesce(Sum("credit"), ZERO)
        )
    }
    rows = []
    for account in accounts:
        dr, cr = totals.get(account.pk, (ZERO, ZERO))
        rows.append(
            TrialBalanceRow(
                code=account.code,
                name=account.name,
                kind=account.kind,
                debit_total=dr,
                credit_total=cr,
                balance=dr - cr if account.debit_normal else cr - dr,
            )
        )
    return rows


def trial_balance_totals(rows: list[TrialBalanceRow]) -> tuple[Decimal, Decimal]:
    """Total debits and credits: equal whenever the ledger balances."""
    return sum((r.debit_total for r in rows), ZERO), sum((r.credit_total for r in rows), ZERO)


def entries_of(obj) -> QuerySet[JournalEntry]:
    """The entries linked to a business object, oldest first, with their lines."""
    content_type = ContentType.objects.get_for_model(obj)
    return (
        JournalEntry.objects.filter(content_type=content_type, object_id=obj.pk)
        .select_related("caused_by")
        .prefetch_related("lines__account")
        .order_by("date", "id")
    )


def ledger_entries(user, sub_fund: SubFund | None = None, *, kind: str = "", since=None, until=None):
    """The journal as `user` may read it, newest first, filtered."""
    entries = JournalEntry.objects.visible_to(user).select_related("sub_fund", "caused_by", "content_type")
    if sub_fund is not None:
        entries = entries.filter(sub_fund=sub_fund)
    filters = Q()
    if kind:
        filters &= Q(kind=kind)
    if since:
        filters &= Q(date__gte=since)
    if until:
        filters &= Q(date__lte=until)
    return entries.filter(filters).order_by("-date", "-id")


# --- bridge loans ------------------------------------------------------------------------------------


def bridge_loans_for(user, *, state: str = "", bank=None, town=None, q: str = "", age: str = ""):
    from .models import AGE_BUCKETS, BridgeLoan

    loans = BridgeLoan.objects.visible_to(user).select_related(
        "sub_fund", "enterprise", "town", "bank", "pool_entry__pool"
    )
    if state:
        loans = loans.filter(state=state)
    if bank:
        loans = loans.filter(bank=bank)
    if town:
        loans = loans.filter(town=town)
    if q:
        loans = loans.filter(enterprise__name__icontains=q)
    for code, low, high in AGE_BUCKETS:
        if age == code:
            loans = loans.filter(state="overdue", overdue_days__gte=low)
            if high is not None:
                loans = loans.filter(overdue_days__lte=high)
    return loans.order_by("-created_at", "-id")


def bridge_loan_get(user, pk: int):
    from django.shortcuts import get_object_or_404

    from .models import BridgeLoan

    return get_object_or_404(
        BridgeLoan.objects.visible_to(user).select_related(
            "sub_fund__fund", "enterprise", "town", "bank", "pool_entry__pool", "applied_by", "decided_by"
        ),
        pk=pk,
    )


def state_counts(loans) -> dict[str, int]:
    from django.db.models import Count

    return dict(loans.order_by().values_list("state").annotate(n=Count("id")))


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
    from .models import Contributor

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


def bridge_overview(user) -> dict:
    """Overdue by age, loans by state, money by pool, path and town: five aggregate queries."""
    from django.db.models import Count

    from .models import AGE_BUCKETS, BridgeLoan

    loans = BridgeLoan.objects.visible_to(user).order_by()
    age_aggregates: dict[str, Any] = {}
    for code, low, high in AGE_BUCKETS:
        condition = Q(state="overdue", overdue_days__gte=low)
        if high is not None:
            condition &= Q(overdue_days__lte=high)
        age_aggregates[f"n_{code}"] = Count("id", filter=condition)
        age_aggregates[f"amount_{code}"] = Coalesce(Sum("approved_amount", filter=condition), ZERO)
    ages = loans.aggregate(**age_aggregates)
    lent = loans.filter(state__in=["disbursed", "overdue", "repaid"])

    def by(field):
        return list(
            lent.values(field)
            .annotate(
                n=Count("id"),
                amount=Coalesce(Sum("approved_amount"), ZERO),
                outstanding=Coalesce(
                    Sum("approved_amount", filter=Q(state__in=["disbursed", "overdue"])), ZERO
                ),
            )
            .order_by("-amount")
        )

    return {
        "ages": [
            {"code": code, "n": ages[f"n_{code}"], "amount": ages[f"amount_{code}"]}
            for code, _l, _h in AGE_BUCKETS
        ],
        "states": _labelled(state_counts(loans)),
        "by_pool": by("pool_entry__pool__name"),
        "by_path": by("pool_entry__pool__path__name"),
        "by_town": by("town__name"),
    }


def _labelled(counts: dict[str, int]) -> list[tuple[str, int]]:
    from .models import BridgeLoanState

    return [(str(label), counts.get(code, 0)) for code, label in BridgeLoanState.choices]

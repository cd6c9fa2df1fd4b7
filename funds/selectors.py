"""Reads of the funds: sub-funds by code, balances, the trial balance, an object's entries."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, DecimalField, ExpressionWrapper, F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, TruncMonth

from programs.models import Programme

from .models import Account, AccountBalance, JournalEntry, JournalLine, SubFund
from .models.ledger import DEBIT_NORMAL

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
    totals = {
        row["account_id"]: (row["dr"], row["cr"])
        for row in _line_totals(_lines_through([sub_fund], on), "account_id")
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
                balance=normal_balance(account.kind, dr, cr),
            )
        )
    return rows


def normal_balance(kind: str, debit: Decimal, credit: Decimal) -> Decimal:
    """A balance on the account's normal side: debit − credit for asset and expense accounts."""
    return debit - credit if kind in DEBIT_NORMAL else credit - debit


def _lines_through(sub_funds, on: date | None) -> QuerySet[JournalLine]:
    """The lines of the sub-funds' entries dated on or before `on` (all when None)."""
    lines = JournalLine.objects.filter(entry__sub_fund__in=sub_funds)
    return lines if on is None else lines.filter(entry__date__lte=on)


def _line_totals(lines: QuerySet[JournalLine], *group: Any):
    return (
        lines.order_by()
        .values(*group)
        .annotate(dr=Coalesce(Sum("debit"), ZERO), cr=Coalesce(Sum("credit"), ZERO))
    )


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


LENT_STATES = ("disbursed", "overdue", "repaid")


def outstanding_at(on: date) -> Q:
    """Bridge loans lent and not yet repaid at the end of `on`."""
    return Q(state__in=LENT_STATES, disbursed_on__lte=on) & (Q(repaid_on__isnull=True) | Q(repaid_on__gt=on))


def overdue_at(on: date, age: str = "") -> Q:
    """Bridge loans overdue at the end of `on` (past their due date, not repaid by then), the daily
    task's rule on that day: overdue days = `on` − due date; `age` (funds.models.AGE_BUCKETS) narrows
    them to one band."""
    from .models import AGE_BUCKETS

    condition = outstanding_at(on) & Q(due_on__lt=on)
    for code, low, high in AGE_BUCKETS:
        if age == code:
            condition &= Q(due_on__lte=on - timedelta(days=low))
            if high is not None:
                condition &= Q(due_on__gte=on - timedelta(days=high))
    return condition


def bridge_loans_for(
    user, *, state: str = "", bank=None, town=None, q: str = "", age: str = "", as_of: date | None = None
):
    """The loans `user` may read, filtered. With `as_of`, state 已拨付 means outstanding at the end
    of that day, 逾期 and the age bands mean overdue then (the cockpit's month-end figures)."""
    from .models import AGE_BUCKETS, BridgeLoan

    loans = BridgeLoan.objects.visible_to(user).select_related(
        "sub_fund", "enterprise", "town", "bank", "pool_entry__pool"
    )
    if as_of is not None:
        if age:
            loans = loans.filter(overdue_at(as_of, age))
            age = ""
        if state == "overdue":
            loans = loans.filter(overdue_at(as_of))
            state = ""
        elif state == "disbursed":
            loans = loans.filter(outstanding_at(as_of))
            state = ""
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


# --- the figures at month ends (the cockpit's monthly rows) -------------------------------------------


def figures_at(sub_funds: list[SubFund], ends: list[date]) -> dict[tuple[int, date], dict]:
    """(sub-fund id, end) → the figures at the end of each day in `ends`: paid-in, deployed,
    outstanding, available, net capital, the guarantees' exposure and the bridge loans overdue by age
    band. From the ledger's lines dated on or before each end (the trial balance's selection, grouped
    by month: `ends` are month ends, the last may be any day of its month) and the loans' and
    guarantees' dates. Three queries, whatever the number of months, entries or loans."""
    from .models import AGE_BUCKETS, BridgeLoan, Guarantee, GuaranteeState, age_bucket

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
    guarantees = list(
        Guarantee.objects.filter(
            fund__in=sub_funds,
            state__in=[GuaranteeState.ACTIVE, GuaranteeState.CLAIMED, GuaranteeState.RELEASED],
            loan_start__lte=last,
        )
        .order_by()
        .values("fund_id", "loan_start", "released_on")
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
                ),
                ZERO,
            )
            out[(s.pk, end)] = {
                "paid_in": bal.get("capital_paid_in", ZERO),
                "deployed": (totals.get(lending) or [None, ZERO])[1],
                "outstanding": bal.get(lending, ZERO),
                "available": bal.get("cash", ZERO),
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

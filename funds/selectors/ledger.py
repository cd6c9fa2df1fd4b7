"""Reads of the ledger: sub-funds by code, balances, the trial balance, an object's entries."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from programs.models import Programme

from ..models import Account, AccountBalance, JournalEntry, JournalLine, SubFund
from ..models.ledger import DEBIT_NORMAL

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


@dataclass(frozen=True)
class TrialBalance:
    """A sub-fund's trial balance on a day (None: of all entries) with its two totals."""

    on: date | None
    rows: list[TrialBalanceRow]
    debits: Decimal
    credits: Decimal


def trial_balance_asked(sub_fund: SubFund, asked: str | None = None) -> TrialBalance:
    """The trial balance on the day `asked` names (the page's and the API's ?date=, YYYY-MM-DD), of
    all entries when none is asked. A day that is no date is refused (ValidationError on `date`)
    before anything is read."""
    try:
        on = date.fromisoformat(asked) if asked else None
    except ValueError as exc:
        raise ValidationError({"date": [_("日期格式应为 YYYY-MM-DD。")]}) from exc
    rows = trial_balance(sub_fund, on)
    return TrialBalance(on, rows, *trial_balance_totals(rows))


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

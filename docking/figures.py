"""Each bank's green-channel figures, kept pure (no database): the rows come in as arguments.

- 审批用时: the median of days from 申请日期 to 审批日期 over the applications approved (disbursed ones
  included, and refused ones that had been approved first), and from 审批日期 to 放款日期 over the
  disbursed ones. None (shown as "—") when there is no such application.
- 应贷尽贷率 (第22条 "凡符合信贷条件和风控要求的，原则上应贷尽贷"): qualifying applications granted ÷
  qualifying applications decided. Qualifying = an application of a pool entry that was not on the
  credit blacklist when it applied (credit.gates.support_block_reason). Decided = approved, disbursed
  or refused: one still under review is neither a loan nor a refusal yet, so it is counted apart as
  waiting. With no qualifying decided application the rate is unknown (None), never 0% or an error.
- 等待过久: an application still under review more than N days after it applied, or approved and not
  disbursed more than N days after its approval (N = the setting; "超过N天" excludes N itself).
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from statistics import median

APPLIED, APPROVED, DISBURSED, REFUSED = "applied", "approved", "disbursed", "refused"
GRANTED = (APPROVED, DISBURSED)


@dataclass(frozen=True)
class Row:
    """One application as the figures need it."""

    bank_id: int
    state: str
    qualifying: bool
    applied_on: date
    approved_on: date | None = None
    disbursed_on: date | None = None
    amount_granted: Decimal | None = None


def waiting_since(row: Row) -> date | None:
    """The day the application's current wait started: applied (no decision) or approved (no money)."""
    if row.state == APPLIED:
        return row.applied_on
    if row.state == APPROVED:
        return row.approved_on
    return None


def waiting_days(row: Row, today: date) -> int | None:
    since = waiting_since(row)
    return None if since is None else (today - since).days


def waits_too_long(row: Row, *, today: date, limit: int) -> bool:
    days = waiting_days(row, today)
    return days is not None and days > limit


def _median(values: list[int]) -> Decimal | None:
    if not values:
        return None
    return Decimal(str(median(values))).quantize(Decimal("0.1"), ROUND_HALF_UP)


def rate(granted: int, decided: int) -> Decimal | None:
    """granted ÷ decided as a percentage with one decimal; None when nothing was decided."""
    if decided == 0:
        return None
    return (Decimal(100) * granted / decided).quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass
class BankFigures:
    bank_id: int
    applications: int = 0
    applied: int = 0
    granted: int = 0
    disbursed: int = 0
    refused: int = 0
    qualifying: int = 0
    qualifying_decided: int = 0
    qualifying_granted: int = 0
    waiting_too_long: int = 0
    amount_granted: Decimal = Decimal("0.00")
    approve_days: list[int] = field(default_factory=list, repr=False)
    disburse_days: list[int] = field(default_factory=list, repr=False)

    @property
    def median_approve_days(self) -> Decimal | None:
        return _median(self.approve_days)

    @property
    def median_disburse_days(self) -> Decimal | None:
        return _median(self.disburse_days)

    @property
    def rate(self) -> Decimal | None:
        return rate(self.qualifying_granted, self.qualifying_decided)

    def add(self, row: Row, *, today: date, limit: int) -> None:
        self.applications += 1
        self.applied += row.state == APPLIED
        self.granted += row.state in GRANTED
        self.disbursed += row.state == DISBURSED
        self.refused += row.state == REFUSED
        if row.qualifying:
            self.qualifying += 1
            if row.state != APPLIED:
                self.qualifying_decided += 1
                self.qualifying_granted += row.state in GRANTED
        if row.state in GRANTED and row.amount_granted is not None:
            self.amount_granted += row.amount_granted
        if row.approved_on is not None:
            self.approve_days.append((row.approved_on - row.applied_on).days)
        if row.disbursed_on is not None and row.approved_on is not None:
            self.disburse_days.append((row.disbursed_on - row.approved_on).days)
        self.waiting_too_long += waits_too_long(row, today=today, limit=limit)


def bank_figures(
    rows: Iterable[Row], *, bank_ids: Iterable[int], today: date, limit: int
) -> list[BankFigures]:
    """One BankFigures per bank of `bank_ids` (in that order), a bank without applications included."""
    figures = {bank_id: BankFigures(bank_id) for bank_id in bank_ids}
    for row in rows:
        if row.bank_id in figures:
            figures[row.bank_id].add(row, today=today, limit=limit)
    return list(figures.values())


def total(figures: Iterable[BankFigures]) -> BankFigures:
    """The district's line: every bank's applications taken together (medians over all of them)."""
    all_ = BankFigures(bank_id=0)
    for f in figures:
        for name in (
            "applications",
            "applied",
            "granted",
            "disbursed",
            "refused",
            "qualifying",
            "qualifying_decided",
            "qualifying_granted",
            "waiting_too_long",
            "amount_granted",
        ):
            setattr(all_, name, getattr(all_, name) + getattr(f, name))
        all_.approve_days.extend(f.approve_days)
        all_.disburse_days.extend(f.disburse_days)
    return all_

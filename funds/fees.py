"""The bridge-loan fee, day by day, with its working.

Days counted: from the disbursement date to the repayment date, the first day counted and the last
not (a loan disbursed on 1 March and repaid on 6 March is used 5 days); a loan repaid on the day it
was disbursed counts one day. Day i (1-based) is charged at `fee_rate_daily` while
i ≤ `fee_step_up_after_days`, at `fee_rate_daily_after` from then on (0.2‰ the first 5 days, then 0.4‰).
The fee is principal × Σ daily rates, rounded half-up to the fen once, at the end (no rounding per day).
Calendar dates are real dates: month and year ends and 29 February are ordinary days.

The penalty on an overdue loan is principal × `penalty_rate_daily` per day past the due date,
accrued by the daily task up to the day before it runs (funds.services.bridge)."""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

CENT = Decimal("0.01")


@dataclass(frozen=True)
class FeeSegment:
    days: int
    rate: Decimal
    first_day: int  # 1-based day number where the segment starts

    @property
    def last_day(self) -> int:
        return self.first_day + self.days - 1


@dataclass(frozen=True)
class FeeWorking:
    principal: Decimal
    days: int
    segments: tuple[FeeSegment, ...]
    total: Decimal

    def text(self) -> str:
        """The working as a sentence: 本金 × (5天 × 0.2‰ + 3天 × 0.4‰) = 费用."""
        parts = [
            _("第%(a)s—%(b)s天 %(days)s天 × 日%(rate)s‰")
            % {"a": s.first_day, "b": s.last_day, "days": s.days, "rate": _permille(s.rate)}
            for s in self.segments
        ]
        return _("本金 %(principal)s 元 × （%(parts)s） = %(total)s 元") % {
            "principal": self.principal,
            "parts": " + ".join(parts),
            "total": self.total,
        }


def _permille(rate: Decimal) -> str:
    text = format((rate * 1000).normalize(), "f")
    return text


def days_used(disbursed_on: date, repaid_on: date) -> int:
    return max(1, (repaid_on - disbursed_on).days)


def bridge_fee(
    principal: Decimal, days: int, *, rate: Decimal, step_up_after: int, rate_after: Decimal
) -> FeeWorking:
    days = max(0, int(days))
    first = min(days, max(0, int(step_up_after)))
    segments = []
    if first:
        segments.append(FeeSegment(first, rate, 1))
    if days > first:
        segments.append(FeeSegment(days - first, rate_after, first + 1))
    exact = sum((principal * s.rate * s.days for s in segments), Decimal(0))
    return FeeWorking(principal, days, tuple(segments), exact.quantize(CENT, ROUND_HALF_UP))


def fee_for(sub_fund, principal: Decimal, disbursed_on: date, repaid_on: date) -> FeeWorking:
    """The fee of a loan under the sub-fund's current rates."""
    return bridge_fee(
        principal,
        days_used(disbursed_on, repaid_on),
        rate=sub_fund.param("fee_rate_daily", Decimal(0)),
        step_up_after=sub_fund.param("fee_step_up_after_days", 0),
        rate_after=sub_fund.param("fee_rate_daily_after", Decimal(0)),
    )


def penalty(principal: Decimal, days: int, rate: Decimal) -> Decimal:
    return (principal * rate * max(0, days)).quantize(CENT, ROUND_HALF_UP)

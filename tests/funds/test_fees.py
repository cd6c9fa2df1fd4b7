"""The fee day by day: the step-up day, month and year ends, the leap day, same-day repayment."""

from datetime import date
from decimal import Decimal

import pytest

from funds.fees import bridge_fee, days_used, penalty

RATES = {"rate": Decimal("0.0002"), "step_up_after": 5, "rate_after": Decimal("0.0004")}
P = Decimal("1000000.00")


@pytest.mark.parametrize(
    "start, end, days",
    [
        (date(2026, 3, 1), date(2026, 3, 6), 5),
        (date(2026, 3, 1), date(2026, 3, 1), 1),  # repaid the same day: one day
        (date(2026, 1, 28), date(2026, 2, 2), 5),  # across a month end
        (date(2026, 12, 29), date(2027, 1, 3), 5),  # across the year end
        (date(2028, 2, 27), date(2028, 3, 2), 4),  # 27, 28, 29 February, 1 March
        (date(2027, 2, 27), date(2027, 3, 2), 3),  # no leap day
    ],
)
def test_days_used_are_calendar_days(start, end, days):
    assert days_used(start, end) == days


@pytest.mark.parametrize(
    "days, fee",
    [
        (1, "200.00"),
        (5, "1000.00"),  # the last day at the first rate
        (6, "1400.00"),  # the step-up day: day 6 at 0.4‰
        (10, "3000.00"),
        (15, "5000.00"),
    ],
)
def test_fee_steps_up_after_the_fifth_day(days, fee):
    working = bridge_fee(P, days, **RATES)
    assert working.total == Decimal(fee)
    assert sum(s.days for s in working.segments) == days
    assert "0.2‰" in working.text()


def test_working_names_both_segments():
    working = bridge_fee(P, 8, **RATES)
    assert [(s.first_day, s.last_day, s.rate) for s in working.segments] == [
        (1, 5, Decimal("0.0002")),
        (6, 8, Decimal("0.0004")),
    ]
    assert "第6—8天" in working.text() and "2200.00" in working.text()


def test_fee_rounds_once_at_the_end():
    # 333,333.33 × 0.2‰ × 3 = 199.999998 → 200.00 (rounding each day would give 3 × 66.67 = 200.01)
    assert bridge_fee(Decimal("333333.33"), 3, **RATES).total == Decimal("200.00")


def test_penalty_per_day():
    assert penalty(P, 4, Decimal("0.0005")) == Decimal("2000.00")
    assert penalty(P, 0, Decimal("0.0005")) == 0

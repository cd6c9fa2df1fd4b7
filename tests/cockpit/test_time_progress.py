"""时间进度 at month ends, within the current month and at the year's end."""

from datetime import date
from decimal import Decimal

import pytest

from cockpit.derivations import months_of, time_progress
from cockpit.services import as_of_month, expected_by, is_spike, year_in_force


@pytest.mark.parametrize(
    ("month", "expected"),
    [(1, "8.3"), (3, "25.0"), (6, "50.0"), (9, "75.0"), (11, "91.7"), (12, "100.0")],
)
def test_a_month_that_has_ended_is_month_over_twelve(month, expected):
    assert time_progress(2019, month, today=date(2020, 1, 1)) == Decimal(expected)


def test_within_the_current_month_the_elapsed_days_count():
    # 5 months and 15 of June's 30 days
    assert time_progress(2019, 6, today=date(2019, 6, 15)) == Decimal("45.8")
    # the last day of a month is its end
    assert time_progress(2019, 2, today=date(2019, 2, 28)) == Decimal("16.7")
    assert time_progress(2019, 12, today=date(2019, 12, 31)) == Decimal("100.0")


def test_a_month_not_begun_has_no_progress():
    assert time_progress(2019, 7, today=date(2019, 6, 15)) == Decimal("0.0")
    assert months_of(2020, today=date(2019, 6, 15)) == []
    assert months_of(2019, today=date(2019, 6, 15)) == [1, 2, 3, 4, 5, 6]
    assert as_of_month(2018, today=date(2019, 6, 15)) == 12


def test_the_year_in_force_is_bounded_by_the_programme():
    class P:
        start_year, end_year = 2017, 2019

    assert year_in_force(P, date(2026, 12, 1)) == 2019
    assert year_in_force(P, date(2016, 5, 1)) == 2017
    assert year_in_force(P, date(2018, 5, 1)) == 2018


def test_a_quota_is_expected_pro_rata_rounded_up():
    assert expected_by(10, Decimal("45.8")) == 5
    assert expected_by(100, Decimal("100.0")) == 100
    assert expected_by(None, Decimal("50")) is None


def test_a_spike_is_well_above_the_months_before_and_not_tiny():
    assert is_spike(3, [0, 0, 0])
    assert is_spike(7, [3, 3, 3])
    assert not is_spike(6, [3, 3, 3])
    assert not is_spike(2, [0, 0, 0])

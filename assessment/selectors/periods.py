"""Periods and ratios of the assessment's figures: a month's bounds, the next and previous month, the
时间进度 of a month's end and a rate in per cent (one decimal, half up)."""

import calendar
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

PERCENT = Decimal("0.1")


def month_bounds(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def next_month(year: int, month: int) -> tuple[int, int]:
    return (year + 1, 1) if month == 12 else (year, month + 1)


def previous_month(today: date) -> tuple[int, int]:
    return (today.year - 1, 12) if today.month == 1 else (today.year, today.month - 1)


def time_progress(year: int, month: int) -> Decimal:
    """时间进度 at the month's end: elapsed days of the year / days of the year, in per cent."""
    _start, end = month_bounds(year, month)
    days = 366 if calendar.isleap(year) else 365
    return (Decimal(end.timetuple().tm_yday) * 100 / days).quantize(PERCENT, ROUND_HALF_UP)


def rate(part, whole) -> Decimal | None:
    if not whole or part is None:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(PERCENT, ROUND_HALF_UP)


def as_text(value) -> str | None:
    return None if value is None else str(value)

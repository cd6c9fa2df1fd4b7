"""The cockpit's calendar: the programme year in force, the month data speaks for, a month's end."""

import calendar
from datetime import date

from programs.models import Programme

from ..derivations import months_of


def year_in_force(programme: Programme, today: date) -> int:
    """The programme year of `today` (its first or last year outside the programme's years)."""
    return min(max(today.year, programme.start_year), programme.end_year)


def as_of_month(year: int, today: date) -> int:
    """The latest month of `year` the data can speak for: 12 for a past year, 0 for a future one."""
    months = months_of(year, today)
    return months[-1] if months else 0


def month_end(year: int, month: int, today: date) -> date:
    """The last day of `month`, or today within the current month."""
    return min(date(year, month, calendar.monthrange(year, month)[1]), today)

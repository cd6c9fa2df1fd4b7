"""Writes of the cockpit: the refresh of its summary tables and the office's entered actuals.

refresh_cockpit rewrites one year's rows (delete and insert in one transaction, under an advisory
lock), so a second run gives the same rows and only the stamp (CockpitRun) moves on.

A package by concern (the refresh and its requests, one module per kind of summary row, the entered
actuals); every name is importable from here as before.
"""

from .actuals import actual_entry_save
from .credit_rows import SPIKE_MINIMUM, credit_months, is_spike
from .periods import as_of_month, month_end, year_in_force
from .pool_rows import REVIEW_DAYS, expected_by, expected_by_windows, window_closed_on
from .refresh import (
    DEBOUNCE_KEY,
    DEBOUNCE_SECONDS,
    LOCK_KEY,
    refresh_after_commit,
    refresh_cockpit,
    request_refresh,
)

__all__ = [
    "DEBOUNCE_KEY",
    "DEBOUNCE_SECONDS",
    "LOCK_KEY",
    "REVIEW_DAYS",
    "SPIKE_MINIMUM",
    "actual_entry_save",
    "as_of_month",
    "credit_months",
    "expected_by",
    "expected_by_windows",
    "is_spike",
    "month_end",
    "refresh_after_commit",
    "refresh_cockpit",
    "request_refresh",
    "window_closed_on",
    "year_in_force",
]

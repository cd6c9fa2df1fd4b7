"""Shared by the modules of this package."""

DEFAULT_DUE_DAY = 5  # monthly reports are due by the 5th of the next month unless the office says otherwise

DEFAULT_REMIND_DAYS = 3

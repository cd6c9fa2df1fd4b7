"""Shared by the modules of this package."""

from ..workflow import REPORTS

AUDITED_FIELDS = REPORTS.audited_fields

FIGURE_KEY = ["enterprise", "year", "month", "metric", "source"]


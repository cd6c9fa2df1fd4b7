"""Reads of reports, plans, dues and figures. Scoping comes from the models' visible_to(); the figure
rules (official over self, 同比, shares) from figures.py.

A package by concern; every name is importable from here as before."""

from .common import OFFICIAL, SELF, gap_threshold
from .dues import (
    _late_q,
    _late_submitted_q,
    dues_for,
    enterprise_dashboard,
    last_reminders,
    late_by_enterprise,
    late_by_town,
    missing_periods,
)
from .entries import entries_of, entry_get, figure_enterprises, plan_for, plan_progress
from .figures import (
    FigureSheet,
    _provenance,
    criteria_values,
    figure_years,
    figures_for,
    gaps_for,
    growth_rates,
    latest_full_year,
    prefill_from_figures,
    resolve,
)
from .imports import granted_columns, grants_of, imports_for
from .reports import previous_month_ytd, report_get, report_versions, reports_for

__all__ = [
    "last_reminders",
    "OFFICIAL",
    "SELF",
    "FigureSheet",
    "_late_q",
    "_late_submitted_q",
    "_provenance",
    "criteria_values",
    "dues_for",
    "enterprise_dashboard",
    "entries_of",
    "entry_get",
    "figure_enterprises",
    "figure_years",
    "figures_for",
    "gap_threshold",
    "gaps_for",
    "granted_columns",
    "grants_of",
    "growth_rates",
    "imports_for",
    "late_by_enterprise",
    "late_by_town",
    "latest_full_year",
    "missing_periods",
    "plan_for",
    "plan_progress",
    "prefill_from_figures",
    "previous_month_ytd",
    "report_get",
    "report_versions",
    "reports_for",
    "resolve",
]

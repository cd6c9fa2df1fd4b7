"""None

A package by concern; every name is importable from here as before."""

from .figures import _float, enterprise_figures, figures_mine, gaps, late
from .home import _next_period, enterprise_home
from .imports import export, import_template, imports
from .plans import goal_delete, milestone_delete, plan
from .reminders import late_export, late_remind
from .reports import (
    _plans_for_report,
    report_action,
    report_correct,
    report_detail,
    report_edit,
    report_list,
    report_start,
)
from .settings import calendars, enterprise_accounts, enterprise_reinvite, invitation

__all__ = [
    "late_export",
    "late_remind",
    "_float",
    "_next_period",
    "_plans_for_report",
    "calendars",
    "enterprise_accounts",
    "enterprise_figures",
    "enterprise_home",
    "enterprise_reinvite",
    "export",
    "figures_mine",
    "gaps",
    "goal_delete",
    "import_template",
    "imports",
    "invitation",
    "late",
    "milestone_delete",
    "plan",
    "report_action",
    "report_correct",
    "report_detail",
    "report_edit",
    "report_list",
    "report_start",
]

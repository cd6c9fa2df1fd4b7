"""Enterprise reporting (第19条 发展路径, 第25条 一月一调度) and the figures the pools are judged on.

- Figure: one value per (enterprise, year, month, metric, source); month 0 is the whole year; source
  is the official statistics (imported by departments) or the enterprise's confirmed self-report.
- Report: an enterprise's monthly report (figures of the month and progress per pool entry); drafts,
  submit, the town confirms or returns; a confirmed report is corrected by a new version.
- ReportDue: what each enterprise owes per month, its due date, reminder and lateness marks.
- DevelopmentPlan: per pool entry, goals by year, milestones and the town's path solution.
- FigureImport / FigureGrant: departments' imports and which columns each department may import.
- EnterpriseInvitation: the link a town official gives a new enterprise account to set its password.

Every write goes through services.py; visible_to(user) on each queryset is the one scoping place.

A package by concern; every name is importable from here as before."""

from .common import DEFAULT_DUE_DAY, DEFAULT_REMIND_DAYS
from .dues import LateSummary, ReportDue, ReportDueQuerySet, ReportingCalendar
from .figure_imports import FigureGrant, FigureImport, FigureImportQuerySet, FigureQuerySet, FigureSource
from .invitations import EnterpriseInvitation
from .plans import DevelopmentPlan, Milestone, MilestoneStatus, PlanGoal, PlanQuerySet
from .reminders import LateReminder
from .reports import Figure, Report, ReportEntry, ReportEvent, ReportQuerySet, ReportState
from .scope import NOTHING, EnterpriseScopedQuerySet, _role, enterprise_scope

__all__ = [
    "DEFAULT_DUE_DAY",
    "DEFAULT_REMIND_DAYS",
    "DevelopmentPlan",
    "EnterpriseInvitation",
    "EnterpriseScopedQuerySet",
    "Figure",
    "FigureGrant",
    "FigureImport",
    "FigureImportQuerySet",
    "FigureQuerySet",
    "FigureSource",
    "LateReminder",
    "LateSummary",
    "Milestone",
    "MilestoneStatus",
    "NOTHING",
    "PlanGoal",
    "PlanQuerySet",
    "Report",
    "ReportDue",
    "ReportDueQuerySet",
    "ReportEntry",
    "ReportEvent",
    "ReportQuerySet",
    "ReportState",
    "ReportingCalendar",
    "_role",
    "enterprise_scope",
]

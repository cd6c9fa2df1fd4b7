"""Dispatch (一月一调度), review and assessment (第25条): models by concern; every name imports from assessment.models."""

from .annual import AnnualEvent, AnnualSummary
from .common import Subject
from .dispatch import (
    DispatchCounter,
    DispatchEvent,
    DispatchReport,
    DispatchReportQuerySet,
    DispatchSettings,
    DispatchState,
    OfficeOnlyQuerySet,
)
from .reviews import (
    COLOUR_RANK,
    Colour,
    QuarterlyReview,
    ReviewEvent,
    ReviewMetric,
    ReviewRating,
    ReviewRule,
    ReviewState,
    RuleOperator,
)
from .runs import AssessmentRun, Result, RunEvent, RunState, Score
from .schemes import Indicator, IndicatorKind, IndicatorSection, Scheme, SchemeCategory, ScoringMethod
from .supervision import (
    CaseEvent,
    CaseKind,
    CaseState,
    EscalationRule,
    SupervisionCase,
    case_open_at,
    case_overdue_at,
)
from .visits import SiteVisit, VisitMember, VisitScore, VisitSite, VisitState

__all__ = [
    "AnnualEvent",
    "AnnualSummary",
    "COLOUR_RANK",
    "AssessmentRun",
    "CaseEvent",
    "CaseKind",
    "CaseState",
    "Colour",
    "DispatchCounter",
    "DispatchEvent",
    "DispatchReport",
    "DispatchReportQuerySet",
    "DispatchSettings",
    "DispatchState",
    "EscalationRule",
    "Indicator",
    "IndicatorKind",
    "IndicatorSection",
    "OfficeOnlyQuerySet",
    "QuarterlyReview",
    "Result",
    "ReviewEvent",
    "ReviewMetric",
    "ReviewRating",
    "ReviewRule",
    "ReviewState",
    "RuleOperator",
    "RunEvent",
    "RunState",
    "Scheme",
    "SchemeCategory",
    "Score",
    "ScoringMethod",
    "SiteVisit",
    "Subject",
    "SupervisionCase",
    "case_open_at",
    "case_overdue_at",
    "VisitMember",
    "VisitScore",
    "VisitSite",
    "VisitState",
]

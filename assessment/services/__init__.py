"""Writes of the assessment app, by concern; every name imports from assessment.services."""

from .reviews import quarterly_review_generate, review_confirm, review_rating_update, rule_update
from .scoring import (
    assessment_run_start,
    base_weight_problem,
    grade_run,
    indicator_update,
    run_transition,
    scheme_update,
    score_rate,
)
from .supervision import case_create, case_transition, escalation_propose
from .visits import check_sheet, visit_close, visit_create, visit_score

__all__ = [
    "assessment_run_start",
    "base_weight_problem",
    "case_create",
    "case_transition",
    "check_sheet",
    "escalation_propose",
    "grade_run",
    "indicator_update",
    "quarterly_review_generate",
    "review_confirm",
    "review_rating_update",
    "rule_update",
    "run_transition",
    "scheme_update",
    "score_rate",
    "visit_close",
    "visit_create",
    "visit_score",
]

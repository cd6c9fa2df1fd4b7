"""The assessment workflows declared as data, on the shared engine (core.workflow).

Runs: rating (raters fill their items; computed items are recomputed) → review (the office checks
every score's working) → published (frozen; the subjects see their results). The office may send a
run under review back to rating, with its reason.
Quarterly reviews: draft (proposed colours, the office edits) → confirmed.
Supervision cases: proposed (by an escalation rule) → open (the office decides) | dismissed;
open → reported (the unit reports its rectification) → closed (the office closes it) or back to open.
"""

from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from core.workflow import Transition, Workflow

from .models import (
    AssessmentRun,
    CaseEvent,
    CaseState,
    QuarterlyReview,
    ReviewEvent,
    ReviewState,
    RunEvent,
    RunState,
    SupervisionCase,
)

R = RunState
RUNS = Workflow(
    model=AssessmentRun,
    event_model=RunEvent,
    permission="assessment.permissions.can_transition",
    lock_related=("scheme",),
    audited_fields=["state", "computed_at", "published_at"],
    transitions=[
        Transition("close", _("提交审核"), {R.RATING}, R.REVIEW, Role.OFFICE),
        Transition("reopen", _("退回评分"), {R.REVIEW}, R.RATING, Role.OFFICE, comment_required=True),
        Transition("publish", _("公布结果"), {R.REVIEW}, R.PUBLISHED, Role.OFFICE),
    ],
)

V = ReviewState
REVIEWS = Workflow(
    model=QuarterlyReview,
    event_model=ReviewEvent,
    permission="assessment.permissions.can_transition",
    audited_fields=["state", "confirmed_at"],
    transitions=[Transition("confirm", _("确认点评"), {V.DRAFT}, V.CONFIRMED, Role.OFFICE)],
)

C = CaseState
CASES = Workflow(
    model=SupervisionCase,
    event_model=CaseEvent,
    permission="assessment.permissions.can_transition",
    audited_fields=["state", "kind", "leader_name", "leader_post", "deadline", "report_name", "closed_at"],
    creating_actions={CaseEvent.Action.CREATE, CaseEvent.Action.PROPOSE},
    transitions=[
        Transition("decide", _("决定实施"), {C.PROPOSED}, C.OPEN, Role.OFFICE),
        Transition("dismiss", _("不予采纳"), {C.PROPOSED}, C.DISMISSED, Role.OFFICE, comment_required=True),
        Transition("report", _("报送整改情况"), {C.OPEN}, C.REPORTED, "unit"),
        Transition("return", _("退回整改"), {C.REPORTED}, C.OPEN, Role.OFFICE, comment_required=True),
        Transition("close", _("整改销号"), {C.REPORTED}, C.CLOSED, Role.OFFICE),
    ],
)

WORKFLOWS = {AssessmentRun: RUNS, QuarterlyReview: REVIEWS, SupervisionCase: CASES}

"""The nomination workflow declared as data: which action moves which states, and who may fire it.

draft → submitted → approved | rejected | returned; returned → draft on edit; withdrawn by the
town before a decision. The lead department approves within the pool's yearly quota; beyond its
maximum (科技型 15—20家) only the office approves, with its reason (`approve_over_quota`).
The moves run on the shared engine (core.workflow); services.py adds the checks and the notices.
"""

from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from core.workflow import Transition, Workflow

from .models import Nomination, NominationEvent, NominationState

S = NominationState
E = NominationEvent.Action

NOMINATIONS = Workflow(
    model=Nomination,
    event_model=NominationEvent,
    # who fires each move: the role below, as pools.permissions.can_transition reads it
    permission="pools.permissions.can_transition",
    lock_related=("pool", "programme", "town"),
    audited_fields=[
        "state",
        "metrics",
        "eligible",
        "fails_quantitative",
        "path_plan",
        "explanation",
        "removed_at",
        "removed_reason",
    ],
    creating_actions={E.CREATE, E.COMMENT},
    transitions=[
        Transition("submit", _("提交"), {S.DRAFT, S.RETURNED}, S.SUBMITTED, Role.TOWN),
        Transition("approve", _("通过入库"), {S.SUBMITTED}, S.APPROVED, Role.DEPARTMENT),
        Transition(
            "approve_over_quota",
            _("超额批准入库"),
            {S.SUBMITTED},
            S.APPROVED,
            Role.OFFICE,
            comment_required=True,  # the reason for going beyond the quota
            event_action=E.OVERRIDE,
        ),
        Transition(
            "reject", _("不予通过"), {S.SUBMITTED}, S.REJECTED, Role.DEPARTMENT, comment_required=True
        ),
        Transition(
            "return", _("退回修改"), {S.SUBMITTED}, S.RETURNED, Role.DEPARTMENT, comment_required=True
        ),
        Transition("withdraw", _("撤回"), {S.DRAFT, S.SUBMITTED, S.RETURNED}, S.WITHDRAWN, Role.TOWN),
    ],
)

TRANSITIONS = NOMINATIONS.table
EDITABLE_STATES = frozenset({S.DRAFT, S.RETURNED})
DECIDED_STATES = frozenset({S.APPROVED, S.REJECTED})

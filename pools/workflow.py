"""The nomination workflow declared as data: which action moves which states, and who may fire it.

draft → submitted → approved | rejected | returned; returned → draft on edit; withdrawn by the
town before a decision.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from accounts.models import Role

from .models import NominationEvent, NominationState

S = NominationState


@dataclass(frozen=True)
class Transition:
    action: str
    label: object
    sources: frozenset
    target: str
    role: str  # who fires it: the nominating town, or the pool's lead department
    comment_required: bool = False


TRANSITIONS = {
    t.action: t
    for t in [
        Transition("submit", _("提交"), frozenset({S.DRAFT, S.RETURNED}), S.SUBMITTED, Role.TOWN),
        Transition("approve", _("通过入库"), frozenset({S.SUBMITTED}), S.APPROVED, Role.DEPARTMENT),
        Transition(
            "reject",
            _("不予通过"),
            frozenset({S.SUBMITTED}),
            S.REJECTED,
            Role.DEPARTMENT,
            comment_required=True,
        ),
        Transition(
            "return",
            _("退回修改"),
            frozenset({S.SUBMITTED}),
            S.RETURNED,
            Role.DEPARTMENT,
            comment_required=True,
        ),
        Transition(
            "withdraw", _("撤回"), frozenset({S.DRAFT, S.SUBMITTED, S.RETURNED}), S.WITHDRAWN, Role.TOWN
        ),
    ]
}

EVENT_FOR_ACTION = {
    "submit": NominationEvent.Action.SUBMIT,
    "approve": NominationEvent.Action.APPROVE,
    "reject": NominationEvent.Action.REJECT,
    "return": NominationEvent.Action.RETURN,
    "withdraw": NominationEvent.Action.WITHDRAW,
}

EDITABLE_STATES = frozenset({S.DRAFT, S.RETURNED})
DECIDED_STATES = frozenset({S.APPROVED, S.REJECTED})

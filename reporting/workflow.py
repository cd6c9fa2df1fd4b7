"""The monthly report workflow declared as data: which action moves which states, and who fires it.

draft → submitted → confirmed | returned; returned → submitted after changes. A confirmed report is
never edited: a correction is a new version (draft) that, once confirmed, supersedes the old one.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from accounts.models import Role

from .models import ReportEvent, ReportState

S = ReportState


@dataclass(frozen=True)
class Transition:
    action: str
    label: object
    sources: frozenset
    target: str
    role: str  # the enterprise that reports, or the town the enterprise belongs to
    comment_required: bool = False


TRANSITIONS = {
    t.action: t
    for t in [
        Transition("submit", _("提交"), frozenset({S.DRAFT, S.RETURNED}), S.SUBMITTED, Role.ENTERPRISE),
        Transition("confirm", _("确认"), frozenset({S.SUBMITTED}), S.CONFIRMED, Role.TOWN),
        Transition(
            "return", _("退回修改"), frozenset({S.SUBMITTED}), S.RETURNED, Role.TOWN, comment_required=True
        ),
    ]
}

EVENT_FOR_ACTION = {
    "submit": ReportEvent.Action.SUBMIT,
    "confirm": ReportEvent.Action.CONFIRM,
    "return": ReportEvent.Action.RETURN,
}

EDITABLE_STATES = frozenset({S.DRAFT, S.RETURNED})
OPEN_STATES = frozenset({S.DRAFT, S.SUBMITTED, S.RETURNED})

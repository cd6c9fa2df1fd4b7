"""The monthly report workflow declared as data: which action moves which states, and who fires it.

draft → submitted → confirmed | returned; returned → submitted after changes. A confirmed report is
never edited: a correction is a new version (draft) that, once confirmed, supersedes the old one.
The moves run on the shared engine (core.workflow); services.py adds the checks and the notices.
"""

from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from core.workflow import Transition, Workflow

from .models import Report, ReportEvent, ReportState

S = ReportState
E = ReportEvent.Action

REPORTS = Workflow(
    model=Report,
    event_model=ReportEvent,
    # who fires each move: the enterprise that reports, or the town the enterprise belongs to
    permission="reporting.permissions.can_transition",
    lock_related=("enterprise", "enterprise__town"),
    audited_fields=["state", "figures", "note", "ytd_reason", "correction_reason", "comment", "version"],
    creating_actions={E.CREATE, E.CORRECT},
    comment_message=_("%(action)s须填写意见。"),
    transitions=[
        Transition("submit", _("提交"), {S.DRAFT, S.RETURNED}, S.SUBMITTED, Role.ENTERPRISE),
        Transition("confirm", _("确认"), {S.SUBMITTED}, S.CONFIRMED, Role.TOWN),
        Transition("return", _("退回修改"), {S.SUBMITTED}, S.RETURNED, Role.TOWN, comment_required=True),
    ],
)

TRANSITIONS = REPORTS.table
EDITABLE_STATES = frozenset({S.DRAFT, S.RETURNED})
OPEN_STATES = frozenset({S.DRAFT, S.SUBMITTED, S.RETURNED})

"""The docking workflows declared as data, on the shared engine (core.workflow).

Meetings: planned → held → closed (金融办 organises, holds and ends the follow-up).
Intentions: open → converted (a green-channel application of the same bank and enterprise is
recorded) | dropped (with a reason from the list; 金融办 or the intention's bank).
Applications: applied → approved → disbursed; applied | approved → refused (reason from the list);
the bank that received it records each step.
"""

from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from core.workflow import Transition, Workflow

from .models import (
    ApplicationState,
    Intention,
    IntentionEvent,
    IntentionState,
    LoanApplication,
    LoanApplicationEvent,
    Meeting,
    MeetingEvent,
    MeetingState,
)

FINANCIAL_OFFICE_ROLE = "financial_office"  # 区金融办 (or the office): docking.permissions reads it

M = MeetingState
MEETINGS = Workflow(
    model=Meeting,
    event_model=MeetingEvent,
    permission="docking.permissions.can_move_meeting",
    audited_fields=["state", "held_on", "place", "title"],
    transitions=[
        Transition("hold", _("确认召开"), {M.PLANNED}, M.HELD, FINANCIAL_OFFICE_ROLE),
        Transition("close", _("结束跟踪"), {M.HELD}, M.CLOSED, FINANCIAL_OFFICE_ROLE),
    ],
)

I = IntentionState  # noqa: E741
INTENTIONS = Workflow(
    model=Intention,
    event_model=IntentionEvent,
    permission="docking.permissions.can_move_intention",
    lock_related=("meeting", "bank", "enterprise"),
    audited_fields=["state", "application", "end_reason", "end_note", "amount"],
    transitions=[
        # fired by application_create when the bank records the application the intention led to
        Transition("convert", _("转为贷款申请"), {I.OPEN}, I.CONVERTED, Role.BANK),
        Transition("drop", _("终止跟踪"), {I.OPEN}, I.DROPPED, FINANCIAL_OFFICE_ROLE, comment_required=False),
    ],
)

A = ApplicationState
APPLICATIONS = Workflow(
    model=LoanApplication,
    event_model=LoanApplicationEvent,
    permission="docking.permissions.can_move_application",
    lock_related=("bank", "enterprise"),
    audited_fields=[
        "state",
        "approved_on",
        "disbursed_on",
        "amount_granted",
        "refusal_reason",
        "refusal_note",
    ],
    transitions=[
        Transition("approve", _("审批通过"), {A.APPLIED}, A.APPROVED, Role.BANK),
        Transition("disburse", _("放款"), {A.APPROVED}, A.DISBURSED, Role.BANK),
        Transition("refuse", _("不予批准"), {A.APPLIED, A.APPROVED}, A.REFUSED, Role.BANK),
    ],
)

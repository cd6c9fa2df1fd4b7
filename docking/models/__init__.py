from .applications import (
    DECIDED_STATES,
    GRANTED_STATES,
    ApplicationState,
    DockingSetting,
    LoanApplication,
    LoanApplicationEvent,
    RefusalReason,
)
from .meetings import (
    EndReason,
    Intention,
    IntentionEvent,
    IntentionState,
    Meeting,
    MeetingEvent,
    MeetingForm,
    MeetingState,
)
from .scope import (
    FINANCIAL_OFFICE,
    docking_scope,
    is_financial_office,
    oversees_docking,
    pool_entry_enterprises,
)
from .specialists import Difficulty, Specialist, Visit, VisitForm

__all__ = [
    "DECIDED_STATES",
    "FINANCIAL_OFFICE",
    "GRANTED_STATES",
    "ApplicationState",
    "Difficulty",
    "DockingSetting",
    "EndReason",
    "Intention",
    "IntentionEvent",
    "IntentionState",
    "LoanApplication",
    "LoanApplicationEvent",
    "Meeting",
    "MeetingEvent",
    "MeetingForm",
    "MeetingState",
    "RefusalReason",
    "Specialist",
    "Visit",
    "VisitForm",
    "docking_scope",
    "is_financial_office",
    "oversees_docking",
    "pool_entry_enterprises",
]

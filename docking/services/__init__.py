"""Writes of the docking: validated, in one transaction, audited; workflow moves on the shared engine."""

from .applications import (
    application_approve,
    application_create,
    application_disburse,
    application_refuse,
)
from .meetings import intention_drop, intention_record, meeting_create, meeting_transition
from .specialists import settings_update, specialist_assign, specialist_end, visit_log

__all__ = [
    "application_approve",
    "application_create",
    "application_disburse",
    "application_refuse",
    "intention_drop",
    "intention_record",
    "meeting_create",
    "meeting_transition",
    "settings_update",
    "specialist_assign",
    "specialist_end",
    "visit_log",
]

"""Every write of the nomination cycle. Each service checks permission, validates, runs in one
transaction with the nomination row locked, writes its event and audit rows, and notifies on commit.

A package by concern; every name is importable from here as before."""

from .batch import BATCH_ACTIONS, BatchResult, nominations_batch
from .bulk import nomination_import_run_job, nomination_import_start, nomination_imports_fail_stale
from .common import AUDITED_FIELDS
from .nominations import (
    _check_subject,
    _clean_metrics,
    _locked,
    _record,
    _refresh_eligibility,
    _reopen_if_returned,
    _set_claims,
    evidence_add,
    evidence_remove,
    nomination_create,
    nomination_eligibility,
    nomination_update,
    qualitative_statuses,
)
from .transitions import (
    _apply_move,
    _check_approve,
    _check_beyond_quota,
    _check_move,
    _check_quota,
    _check_submit,
    _lead_users,
    _locked_quota,
    _move_notices,
    _subject_block_reason,
    _town_users,
    criterion_review,
    nomination_comment,
    nomination_transition,
    pool_entry_remove,
)
from .windows import window_close, window_open, window_update

__all__ = [
    "BATCH_ACTIONS",
    "BatchResult",
    "nominations_batch",
    "AUDITED_FIELDS",
    "_apply_move",
    "_check_approve",
    "_check_beyond_quota",
    "_check_move",
    "_check_quota",
    "_check_subject",
    "_check_submit",
    "_clean_metrics",
    "_lead_users",
    "_locked",
    "_locked_quota",
    "_move_notices",
    "_record",
    "_refresh_eligibility",
    "_reopen_if_returned",
    "_set_claims",
    "_subject_block_reason",
    "_town_users",
    "criterion_review",
    "evidence_add",
    "evidence_remove",
    "nomination_comment",
    "nomination_create",
    "nomination_eligibility",
    "nomination_import_run_job",
    "nomination_import_start",
    "nomination_imports_fail_stale",
    "nomination_transition",
    "nomination_update",
    "pool_entry_remove",
    "qualitative_statuses",
    "window_close",
    "window_open",
    "window_update",
]

"""Every write of the credit system. Each service checks permission, validates, runs in one
transaction (locking the rows that others may change at the same time), writes its audit rows,
re-rates the enterprise where the change can move its score, and notifies.

A package by concern; every name is importable from here as before."""

from .blacklist import _blacklist_recipients, _locked_status, blacklist_add, blacklist_remove
from .common import RECORD_AUDITED, _department_users, _enterprise_users, _record_url
from .imports import records_import
from .objections import appeal_create, appeal_decide
from .records import _decide, _locked_record, _withdraw, build_record, record_create, record_withdraw
from .records_batch import NewRecord, records_create_many
from .scoring import model_publish, rate_on_demand

__all__ = [
    "NewRecord",
    "RECORD_AUDITED",
    "_blacklist_recipients",
    "_decide",
    "_department_users",
    "_enterprise_users",
    "_locked_record",
    "_locked_status",
    "_record_url",
    "_withdraw",
    "appeal_create",
    "appeal_decide",
    "blacklist_add",
    "blacklist_remove",
    "build_record",
    "model_publish",
    "rate_on_demand",
    "record_create",
    "record_withdraw",
    "records_create_many",
    "records_import",
]

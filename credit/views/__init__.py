"""Credit pages: thin views over selectors (reads) and services (writes).

A package by concern; every name is importable from here as before."""

from .common import home
from .overview import blacklist, blacklist_remove, model_page, overview, overview_export
from .ratings import _enterprise_page, enterprise_credit, mine, rate, rating_detail, rating_list
from .records import (
    appeal_create,
    appeal_decide,
    appeal_evidence,
    appeal_list,
    record_create,
    record_detail,
    record_import,
    record_import_template,
    record_list,
    record_withdraw,
)

__all__ = [
    "_enterprise_page",
    "appeal_create",
    "appeal_decide",
    "appeal_evidence",
    "appeal_list",
    "blacklist",
    "blacklist_remove",
    "enterprise_credit",
    "home",
    "mine",
    "model_page",
    "overview",
    "overview_export",
    "rate",
    "rating_detail",
    "rating_list",
    "record_create",
    "record_detail",
    "record_import",
    "record_import_template",
    "record_list",
    "record_withdraw",
]

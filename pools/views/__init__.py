"""The pools pages: windows, nominations and their evidence, the review queue, bulk uploads, exports.

A package by concern; every name is importable from here as before."""

from .bulk import bulk_status, bulk_template, bulk_upload
from .common import PAGE_SIZE, _programme
from .exports import nomination_export, review_export
from .nominations import (
    evidence_delete,
    evidence_download,
    evidence_upload,
    nomination_action,
    nomination_comment,
    nomination_detail,
    nomination_edit,
    nomination_list,
    nomination_remove,
    nomination_review,
    nomination_start,
    review_queue,
)
from .papers import nomination_pdf, nomination_print, pool_pdf, pool_print
from .pools import pool_export, pool_overview, pool_page
from .queues import bulk_submit, review_bulk
from .windows import window_action, windows

__all__ = [
    "PAGE_SIZE",
    "_programme",
    "bulk_status",
    "bulk_submit",
    "bulk_template",
    "bulk_upload",
    "evidence_delete",
    "evidence_download",
    "evidence_upload",
    "nomination_action",
    "nomination_comment",
    "nomination_detail",
    "nomination_edit",
    "nomination_export",
    "nomination_pdf",
    "nomination_print",
    "nomination_list",
    "nomination_remove",
    "nomination_review",
    "nomination_start",
    "pool_export",
    "pool_overview",
    "pool_page",
    "pool_pdf",
    "pool_print",
    "review_bulk",
    "review_export",
    "review_queue",
    "window_action",
    "windows",
]

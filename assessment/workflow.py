"""The dispatch report's workflow declared as data: draft → published, by the leadership office.

A published report is frozen: its figures are the snapshot taken at generation, its files are stored
with their checksums, and a correction is a new numbered report. The move runs on core.workflow;
services/dispatch.py numbers the report, freezes its letterhead and files and notifies the units."""

from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from core.workflow import Transition, Workflow

from .models import AnnualEvent, AnnualSummary, DispatchEvent, DispatchReport, DispatchState

S = DispatchState
E = DispatchEvent.Action  # the Action of every published document's events (DocumentEvent)


def _published_document(model, event_model, permission: str, audited_fields: list[str]) -> Workflow:
    """A published document's workflow: generated and regenerated as a draft, then published once by
    the office (the 通报 and the annual summary alike)."""
    return Workflow(
        model=model,
        event_model=event_model,
        permission=permission,
        audited_fields=audited_fields,
        creating_actions={E.CREATE, E.REGENERATE},
        transitions=[
            Transition("publish", _("印发"), {S.DRAFT}, S.PUBLISHED, Role.OFFICE),
        ],
    )


DISPATCH_REPORTS = _published_document(
    DispatchReport,
    DispatchEvent,
    "assessment.permissions.can_transition_dispatch",
    ["state", "year", "month", "doc_number", "paragraphs", "docx_sha256", "xlsx_sha256"],
)

EDITABLE_STATES = frozenset({S.DRAFT})

# 一年一总结: the annual summary, the same draft → published move by the office
ANNUAL_SUMMARIES = _published_document(
    AnnualSummary,
    AnnualEvent,
    "assessment.permissions.can_transition_annual",
    ["state", "year", "doc_number", "paragraphs", "docx_sha256", "xlsx_sha256"],
)

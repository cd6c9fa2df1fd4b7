"""The dispatch report's workflow declared as data: draft → published, by the leadership office.

A published report is frozen: its figures are the snapshot taken at generation, its files are stored
with their checksums, and a correction is a new numbered report. The move runs on core.workflow;
services/dispatch.py numbers the report, freezes its letterhead and files and notifies the units."""

from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from core.workflow import Transition, Workflow

from .models import AnnualEvent, AnnualSummary, DispatchEvent, DispatchReport, DispatchState

S = DispatchState
E = DispatchEvent.Action

DISPATCH_REPORTS = Workflow(
    model=DispatchReport,
    event_model=DispatchEvent,
    permission="assessment.permissions.can_transition_dispatch",
    audited_fields=["state", "year", "month", "doc_number", "paragraphs", "docx_sha256", "xlsx_sha256"],
    creating_actions={E.CREATE, E.REGENERATE},
    transitions=[
        Transition("publish", _("印发"), {S.DRAFT}, S.PUBLISHED, Role.OFFICE),
    ],
)

EDITABLE_STATES = frozenset({S.DRAFT})

# 一年一总结: the annual summary, the same draft → published move by the office
ANNUAL_SUMMARIES = Workflow(
    model=AnnualSummary,
    event_model=AnnualEvent,
    permission="assessment.permissions.can_transition_annual",
    audited_fields=["state", "year", "doc_number", "paragraphs", "docx_sha256", "xlsx_sha256"],
    creating_actions={AnnualEvent.Action.CREATE, AnnualEvent.Action.REGENERATE},
    transitions=[
        Transition("publish", _("印发"), {S.DRAFT}, S.PUBLISHED, Role.OFFICE),
    ],
)

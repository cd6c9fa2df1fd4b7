"""The annual summary (一年一总结): generate (idempotent), edit, publish.

- `generate_annual_summary(year)` makes the year's draft, or regenerates it while it is still a draft
  (the office's edited sections are kept); a published summary is returned unchanged.
- `annual_publish` numbers it from the same per-year counter as the dispatch reports (发文字号), freezes
  the letterhead, builds the .docx and .xlsx once and stores them privately with their SHA-256.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.exceptions import Conflict
from core.permissions import require
from programs.models import Programme

from .. import narrative_annual as narrative
from .. import permissions
from ..documents.annual import build_annual_docx, build_annual_xlsx
from ..models import AnnualEvent, AnnualSummary, DispatchState
from ..selectors.annual import annual_figures
from ..workflow import ANNUAL_SUMMARIES
from .documents import document_edit, document_publish, document_regenerate

E = AnnualEvent.Action


def _current_programme() -> Programme:
    programme = Programme.objects.current()
    if programme is None:
        raise Conflict(_("尚未载入三年行动方案，不能生成年度总结。"))
    return programme


def generate_annual_summary(
    year: int, *, actor: User | None = None, today: date | None = None
) -> AnnualSummary:
    """The year's summary: created as a draft, regenerated while a draft, never a second one."""
    if not (2000 <= year <= 2100):
        raise ValidationError({"year": _("年度格式应为四位数字，如 2019。")})
    if actor is not None:
        require(permissions.can_manage_annual(actor))
    with transaction.atomic():
        programme = _current_programme()
        Programme.objects.select_for_update().filter(pk=programme.pk).first()  # one generator at a time
        summary = AnnualSummary.objects.select_for_update().filter(programme=programme, year=year).first()
        if summary is not None and summary.state == DispatchState.PUBLISHED:
            return summary  # frozen
        snapshot = annual_figures(programme, year, today=today)
        generated = narrative.generate(snapshot)
        now = timezone.now()
        if summary is None:
            summary = AnnualSummary.objects.create(
                programme=programme,
                year=year,
                title=narrative.title(year),
                snapshot=snapshot,
                paragraphs=generated,
                generated_at=now,
                generated_by=actor,
            )
            ANNUAL_SUMMARIES.record(summary, actor=actor, action=E.CREATE, from_state="")
            return summary
        document_regenerate(
            summary, workflow=ANNUAL_SUMMARIES, snapshot=snapshot, generated=generated, at=now, actor=actor
        )
        return summary


def annual_edit(
    *, actor: User, summary: AnnualSummary, paragraphs: dict, title: str | None = None
) -> AnnualSummary:
    """The office edits the draft's paragraphs (and title); a published summary is refused."""
    return document_edit(
        summary,
        workflow=ANNUAL_SUMMARIES,
        may_edit=permissions.can_edit_annual,
        actor=actor,
        paragraphs=paragraphs,
        title=title,
        section_keys=narrative.SECTION_KEYS,
    )


def _stem(summary) -> str:
    return f"annual-{summary.year}-{summary.number_year}-{summary.number}"


def annual_publish(
    *, actor: User, summary: AnnualSummary, comment: str = "", issued_on: date | None = None
) -> AnnualSummary:
    """Number, freeze and store the summary; every town and department account is notified."""
    return document_publish(
        summary,
        workflow=ANNUAL_SUMMARIES,
        actor=actor,
        comment=comment,
        issued_on=issued_on,
        stem=_stem,
        build_docx=build_annual_docx,
        build_xlsx=build_annual_xlsx,
        detail_url="assessment:annual_detail",
    )

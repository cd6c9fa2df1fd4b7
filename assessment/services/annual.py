"""The annual summary (一年一总结): generate (idempotent), edit, publish.

- `generate_annual_summary(year)` makes the year's draft, or regenerates it while it is still a draft
  (the office's edited sections are kept); a published summary is returned unchanged.
- `annual_publish` numbers it from the same per-year counter as the dispatch reports (发文字号), freezes
  the letterhead, builds the .docx and .xlsx once and stores them privately with their SHA-256.
"""

from datetime import date
from typing import cast

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from core import audit
from core.exceptions import Conflict
from core.permissions import require
from core.workflow import Move, Notice
from programs.models import Programme

from .. import narrative_annual as narrative
from .. import permissions
from ..models import AnnualEvent, AnnualSummary, DispatchSettings, DispatchState
from ..selectors.annual import annual_figures
from ..workflow import ANNUAL_SUMMARIES
from .dispatch import _next_number, _sha256, edited_text, letterhead_of

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
        before = audit.snapshot(summary, ANNUAL_SUMMARIES.audited_fields)
        kept = set(summary.edited_sections or [])
        summary.snapshot = snapshot
        summary.paragraphs = {
            key: (summary.paragraphs or {}).get(key, text) if key in kept else text
            for key, text in generated.items()
        }
        summary.generated_at, summary.generated_by = now, actor
        summary.save(update_fields=["snapshot", "paragraphs", "generated_at", "generated_by", "updated_at"])
        ANNUAL_SUMMARIES.record(summary, actor=actor, action=E.REGENERATE, before=before)
        return summary


@transaction.atomic
def annual_edit(
    *, actor: User, summary: AnnualSummary, paragraphs: dict, title: str | None = None
) -> AnnualSummary:
    """The office edits the draft's paragraphs (and title); a published summary is refused."""
    summary = AnnualSummary.objects.select_for_update().get(pk=summary.pk)
    require(permissions.can_edit_annual(actor, summary))
    cleaned, edited, title = edited_text(summary, paragraphs, title, narrative.SECTION_KEYS)
    before = audit.snapshot(summary, ANNUAL_SUMMARIES.audited_fields)
    summary.paragraphs = cleaned
    summary.edited_sections = edited
    if title is not None:
        summary.title = title
    summary.save(update_fields=["paragraphs", "edited_sections", "title", "updated_at"])
    ANNUAL_SUMMARIES.record(summary, actor=actor, action=E.EDIT, before=before)
    return summary


def _publisher(issued_on: date | None):
    def _apply_publish(move: Move) -> None:
        from ..documents.annual import build_annual_docx, build_annual_xlsx

        summary: AnnualSummary = move.instance
        day = issued_on or timezone.localdate(move.at)
        settings_row = DispatchSettings.current()
        summary.letterhead = letterhead_of(settings_row)
        summary.number_year = day.year
        summary.number = _next_number(day.year)
        summary.doc_number = f"{settings_row.prefix}〔{day.year}〕{summary.number}号"
        summary.issued_on = day
        summary.published_at, summary.published_by = move.at, cast(User, move.actor)
        docx, xlsx = build_annual_docx(summary), build_annual_xlsx(summary)
        stem = f"annual-{summary.year}-{summary.number_year}-{summary.number}"
        summary.docx_file.save(f"{stem}.docx", ContentFile(docx), save=False)
        summary.xlsx_file.save(f"{stem}.xlsx", ContentFile(xlsx), save=False)
        summary.docx_sha256, summary.xlsx_sha256 = _sha256(docx), _sha256(xlsx)

    return _apply_publish


def _publish_notices(move: Move) -> list[Notice]:
    summary: AnnualSummary = move.instance
    recipients = list(User.objects.filter(is_active=True, role__in=[Role.TOWN, Role.DEPARTMENT]))
    message = _("%(number)s %(title)s已印发，请查阅。") % {
        "number": summary.doc_number,
        "title": summary.title,
    }
    return [Notice(recipients, message, reverse("assessment:annual_detail", args=[summary.pk]))]


def annual_publish(
    *, actor: User, summary: AnnualSummary, comment: str = "", issued_on: date | None = None
) -> AnnualSummary:
    """Number, freeze and store the summary; every town and department account is notified."""
    return ANNUAL_SUMMARIES.fire(
        summary,
        action="publish",
        actor=actor,
        comment=comment,
        apply=_publisher(issued_on),
        notices=_publish_notices,
    )

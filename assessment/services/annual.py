"""The annual summary (一年一总结): generate (idempotent), edit, publish.

- `generate_annual_summary(year)` makes the year's draft, or regenerates it while it is still a draft
  (the office's edited sections are kept); a published summary is returned unchanged.
- `annual_publish` numbers it from the same per-year counter as the dispatch reports (发文字号), freezes
  the letterhead, builds the .docx and .xlsx once and stores them privately with their SHA-256.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from core.permissions import require

from .. import narrative_annual as narrative
from .. import permissions
from ..documents.annual import build_annual_docx, build_annual_xlsx
from ..models import AnnualSummary
from ..selectors.annual import annual_figures
from ..workflow import ANNUAL_SUMMARIES
from .documents import DocumentKind, document_edit, document_generate, document_publish


def _stem(summary) -> str:
    return f"annual-{summary.year}-{summary.number_year}-{summary.number}"


ANNUAL = DocumentKind(
    model=AnnualSummary,
    workflow=ANNUAL_SUMMARIES,
    may_edit=permissions.can_edit_annual,
    section_keys=narrative.SECTION_KEYS,
    stem=_stem,
    build_docx=build_annual_docx,
    build_xlsx=build_annual_xlsx,
    detail_url="assessment:annual_detail",
    missing=gettext_lazy("尚未载入三年行动方案，不能生成年度总结。"),
)


def generate_annual_summary(
    year: int, *, actor: User | None = None, today: date | None = None
) -> AnnualSummary:
    """The year's summary: created as a draft, regenerated while a draft, never a second one."""
    if not (2000 <= year <= 2100):
        raise ValidationError({"year": _("年度格式应为四位数字，如 2019。")})
    if actor is not None:
        require(permissions.can_manage_annual(actor))
    return document_generate(
        ANNUAL,
        period={"year": year},
        title=narrative.title(year),
        figures=lambda programme: annual_figures(programme, year, today=today),
        generate=narrative.generate,
        actor=actor,
    )


def annual_edit(
    *, actor: User, summary: AnnualSummary, paragraphs: dict, title: str | None = None
) -> AnnualSummary:
    """The office edits the draft's paragraphs (and title); a published summary is refused."""
    return document_edit(ANNUAL, summary, actor=actor, paragraphs=paragraphs, title=title)


def annual_publish(
    *, actor: User, summary: AnnualSummary, comment: str = "", issued_on: date | None = None
) -> AnnualSummary:
    """Number, freeze and store the summary; every town and department account is notified."""
    return document_publish(ANNUAL, summary, actor=actor, comment=comment, issued_on=issued_on)

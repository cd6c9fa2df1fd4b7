"""The monthly dispatch report (第25条 一月一调度): generate (idempotent), edit, publish, correct.

- `generate_dispatch_report(year, month)` makes the month's draft, or regenerates it while it is
  still a draft (the office's edited sections are kept); a published month is returned unchanged.
  Twice for a month gives one report, never a second one (a row lock on the programme serialises
  concurrent runs; a unique constraint backs it).
- `dispatch_publish` numbers the report from the per-year counter (发文字号), freezes the office's
  letterhead, builds the .docx and .xlsx once, stores them privately with their SHA-256, and notifies
  every town and department account. A published report is never changed again.
- `dispatch_correct` starts a new draft for the same month that names the report it corrects.
"""

import hashlib
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
from core.text import reject_control_chars
from core.workflow import Move, Notice
from programs.models import Programme

from .. import narrative, permissions
from ..models import DispatchCounter, DispatchEvent, DispatchReport, DispatchSettings, DispatchState
from ..selectors.dispatch import dispatch_figures, previous_month
from ..workflow import DISPATCH_REPORTS

E = DispatchEvent.Action
MAX_PARAGRAPH = 5000


def letterhead_of(settings_row: DispatchSettings) -> dict:
    return {
        "issuer": settings_row.issuer,
        "issuer_mark": settings_row.issuer_mark,
        "prefix": settings_row.prefix,
        "signatory": settings_row.signatory,
        "recipients": settings_row.recipients,
        "copies_to": settings_row.copies_to,
        "printer": settings_row.printer,
    }


def _current_programme() -> Programme:
    programme = Programme.objects.current()
    if programme is None:
        raise Conflict(_("尚未载入三年行动方案，不能生成调度通报。"))
    return programme


def _check_period(year: int, month: int) -> None:
    if not (1 <= month <= 12) or not (2000 <= year <= 2100):
        raise ValidationError({"month": _("月份格式应为“年-月”，如 2019-03。")})


def generate_dispatch_report(
    year: int, month: int, *, actor: User | None = None, today: date | None = None
) -> DispatchReport:
    """The month's report: created as a draft, regenerated while a draft, never a second one."""
    _check_period(year, month)
    if actor is not None:
        require(permissions.can_manage_dispatch(actor))
    today = today or timezone.localdate()
    with transaction.atomic():
        programme = _current_programme()
        Programme.objects.select_for_update().filter(pk=programme.pk).first()  # one generator at a time
        settings_row = DispatchSettings.current()
        report = (
            DispatchReport.objects.select_for_update()
            .filter(programme=programme, year=year, month=month)
            .order_by("-id")
            .first()
        )
        if report is not None and report.state == DispatchState.PUBLISHED:
            return report  # frozen: later data changes never alter it
        snapshot = dispatch_figures(
            programme, year, month, today=today, overdue_days=settings_row.review_overdue_days
        )
        generated = narrative.generate(snapshot)
        now = timezone.now()
        if report is None:
            report = DispatchReport.objects.create(
                programme=programme,
                year=year,
                month=month,
                title=narrative.title(year, month),
                snapshot=snapshot,
                paragraphs=generated,
                generated_at=now,
                generated_by=actor,
            )
            DISPATCH_REPORTS.record(report, actor=actor, action=E.CREATE, from_state="")
            return report
        before = audit.snapshot(report, DISPATCH_REPORTS.audited_fields)
        kept = set(report.edited_sections or [])
        report.snapshot = snapshot
        report.paragraphs = {
            key: (report.paragraphs or {}).get(key, text) if key in kept else text
            for key, text in generated.items()
        }
        report.generated_at, report.generated_by = now, actor
        report.save(update_fields=["snapshot", "paragraphs", "generated_at", "generated_by", "updated_at"])
        DISPATCH_REPORTS.record(report, actor=actor, action=E.REGENERATE, before=before)
        return report


def generate_previous_month(*, today: date | None = None) -> DispatchReport | None:
    """What the monthly task runs: the previous month's report of the current programme."""
    today = today or timezone.localdate()
    if Programme.objects.current() is None:
        return None
    year, month = previous_month(today)
    return generate_dispatch_report(year, month, today=today)


def _locked(pk: int) -> DispatchReport:
    return DispatchReport.objects.select_for_update().get(pk=pk)


def edited_text(document, paragraphs: dict, title: str | None, section_keys) -> tuple[dict, list, str | None]:
    """The office's edit of a document's sections (monthly report or annual summary): the new
    paragraphs, the sections edited so far (kept when the draft is regenerated) and the title, or a
    ValidationError naming each refused section."""
    errors: dict = {}
    cleaned = dict(document.paragraphs or {})
    edited = set(document.edited_sections or [])
    for key in section_keys:
        if key not in paragraphs:
            continue
        text = (paragraphs.get(key) or "").replace("\r\n", "\n").strip()
        try:
            reject_control_chars(text, multiline=True)
        except ValidationError as exc:
            errors[key] = exc.messages
            continue
        if len(text) > MAX_PARAGRAPH:
            errors[key] = [_("每段不超过%(n)s字。") % {"n": MAX_PARAGRAPH}]
            continue
        if text != cleaned.get(key):
            cleaned[key] = text
            edited.add(key)
    if title is not None:
        title = (title or "").strip()
        if not title or len(title) > 200:
            errors["title"] = [_("请填写标题（不超过200字）。")]
    if errors:
        raise ValidationError(errors)
    return cleaned, sorted(edited), title


@transaction.atomic
def dispatch_edit(
    *, actor: User, report: DispatchReport, paragraphs: dict, title: str | None = None
) -> DispatchReport:
    """The office edits the draft's paragraphs (and title); a published report is refused."""
    report = _locked(report.pk)
    require(permissions.can_edit_dispatch(actor, report))
    cleaned, edited, title = edited_text(report, paragraphs, title, narrative.SECTION_KEYS)
    before = audit.snapshot(report, DISPATCH_REPORTS.audited_fields)
    report.paragraphs = cleaned
    report.edited_sections = edited
    if title is not None:
        report.title = title
    report.save(update_fields=["paragraphs", "edited_sections", "title", "updated_at"])
    DISPATCH_REPORTS.record(report, actor=actor, action=E.EDIT, before=before)
    return report


def _next_number(year: int) -> int:
    DispatchCounter.objects.get_or_create(year=year)
    counter = DispatchCounter.objects.select_for_update().get(year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


def _sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _publisher(issued_on: date | None):
    def _apply_publish(move: Move) -> None:
        _apply(move, issued_on or timezone.localdate(move.at))

    return _apply_publish


def _apply(move: Move, issued_on: date) -> None:
    from ..documents import build_docx, build_xlsx

    report: DispatchReport = move.instance
    settings_row = DispatchSettings.current()
    report.letterhead = letterhead_of(settings_row)
    report.number_year = issued_on.year
    report.number = _next_number(issued_on.year)
    report.doc_number = f"{settings_row.prefix}〔{issued_on.year}〕{report.number}号"
    report.issued_on = issued_on
    report.published_at, report.published_by = move.at, cast(User, move.actor)
    docx, xlsx = build_docx(report), build_xlsx(report)
    stem = f"dispatch-{report.year}-{report.month:02d}-{report.number_year}-{report.number}"
    report.docx_file.save(f"{stem}.docx", ContentFile(docx), save=False)
    report.xlsx_file.save(f"{stem}.xlsx", ContentFile(xlsx), save=False)
    report.docx_sha256, report.xlsx_sha256 = _sha256(docx), _sha256(xlsx)


def _publish_notices(move: Move) -> list[Notice]:
    report: DispatchReport = move.instance
    recipients = list(User.objects.filter(is_active=True, role__in=[Role.TOWN, Role.DEPARTMENT]))
    message = _("%(number)s %(title)s已印发，请查阅。") % {"number": report.doc_number, "title": report.title}
    return [Notice(recipients, message, reverse("assessment:dispatch_detail", args=[report.pk]))]


def dispatch_publish(
    *, actor: User, report: DispatchReport, comment: str = "", issued_on: date | None = None
) -> DispatchReport:
    """Number, freeze and store the report; every town and department account is notified.
    `issued_on` is the 成文日期 (default today); its year is the year of the 发文字号."""
    return DISPATCH_REPORTS.fire(
        report,
        action="publish",
        actor=actor,
        comment=comment,
        apply=_publisher(issued_on),
        notices=_publish_notices,
    )


@transaction.atomic
def dispatch_correct(
    *, actor: User, report: DispatchReport, note: str, today: date | None = None
) -> DispatchReport:
    """A new draft for the same month, from today's data, that says what it corrects."""
    report = _locked(report.pk)
    require(permissions.can_correct_dispatch(actor, report))
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("更正须说明更正的内容和原因。")})
    if DispatchReport.objects.filter(
        programme_id=report.programme_id, year=report.year, month=report.month, state=DispatchState.DRAFT
    ).exists():
        raise Conflict(_("该月已有未印发的通报草稿，请在其上继续。"))
    settings_row = DispatchSettings.current()
    snapshot = dispatch_figures(
        report.programme,
        report.year,
        report.month,
        today=today or timezone.localdate(),
        overdue_days=settings_row.review_overdue_days,
    )
    paragraphs = narrative.generate(snapshot)
    paragraphs["overview"] = f"本通报更正{report.doc_number}：{note}\n" + paragraphs["overview"]
    correction = DispatchReport.objects.create(
        programme_id=report.programme_id,
        year=report.year,
        month=report.month,
        title=f"{report.title}（更正）",
        snapshot=snapshot,
        paragraphs=paragraphs,
        corrects=report,
        correction_note=note,
        generated_at=timezone.now(),
        generated_by=actor,
    )
    DISPATCH_REPORTS.record(correction, actor=actor, action=E.CREATE, from_state="", comment=note)
    return correction


# --- settings -----------------------------------------------------------------------------------------

SETTINGS_FIELDS = (
    "issuer",
    "issuer_mark",
    "prefix",
    "signatory",
    "recipients",
    "copies_to",
    "printer",
    "dispatch_day",
    "dispatch_hour",
    "review_overdue_days",
)


@transaction.atomic
def dispatch_settings_update(*, actor: User, **values) -> DispatchSettings:
    """The office's letterhead and rhythm; the monthly task's schedule follows the day and hour."""
    require(permissions.can_manage_dispatch(actor))
    row = DispatchSettings.current()
    row = DispatchSettings.objects.select_for_update().get(pk=row.pk)
    before = audit.snapshot(row, list(SETTINGS_FIELDS))
    for name, value in values.items():
        if name in SETTINGS_FIELDS:
            setattr(row, name, value)
    row.full_clean()
    row.save()
    audit.record(
        actor=actor,
        action=audit.AuditAction.UPDATE,
        instance=row,
        before=before,
        after=audit.snapshot(row, list(SETTINGS_FIELDS)),
    )
    from .schedules import ensure_dispatch_schedule

    ensure_dispatch_schedule(row, actor=actor)
    return row

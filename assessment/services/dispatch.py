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

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from core import audit
from core.exceptions import Conflict
from core.permissions import require
from programs.models import Programme

from .. import narrative, permissions
from ..documents import build_docx, build_xlsx
from ..models import DispatchEvent, DispatchReport, DispatchSettings, DispatchState
from ..selectors.dispatch import dispatch_figures, previous_month
from ..workflow import DISPATCH_REPORTS
from .documents import DocumentKind, document_edit, document_generate, document_publish

E = DispatchEvent.Action


def _stem(report) -> str:
    return f"dispatch-{report.year}-{report.month:02d}-{report.number_year}-{report.number}"


DISPATCH = DocumentKind(
    model=DispatchReport,
    workflow=DISPATCH_REPORTS,
    may_edit=permissions.can_edit_dispatch,
    section_keys=narrative.SECTION_KEYS,
    stem=_stem,
    build_docx=build_docx,
    build_xlsx=build_xlsx,
    detail_url="assessment:dispatch_detail",
    missing=gettext_lazy("尚未载入三年行动方案，不能生成调度通报。"),
)


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
    day = today or timezone.localdate()
    return document_generate(
        DISPATCH,
        period={"year": year, "month": month},
        title=narrative.title(year, month),
        figures=lambda programme: dispatch_figures(
            programme, year, month, today=day, overdue_days=DispatchSettings.current().review_overdue_days
        ),
        generate=narrative.generate,
        actor=actor,
    )


def generate_previous_month(*, today: date | None = None) -> DispatchReport | None:
    """What the monthly task runs: the previous month's report of the current programme."""
    today = today or timezone.localdate()
    if Programme.objects.current() is None:
        return None
    year, month = previous_month(today)
    return generate_dispatch_report(year, month, today=today)


def _locked(pk: int) -> DispatchReport:
    return DispatchReport.objects.select_for_update().get(pk=pk)


def dispatch_edit(
    *, actor: User, report: DispatchReport, paragraphs: dict, title: str | None = None
) -> DispatchReport:
    """The office edits the draft's paragraphs (and title); a published report is refused."""
    return document_edit(DISPATCH, report, actor=actor, paragraphs=paragraphs, title=title)


def dispatch_publish(
    *, actor: User, report: DispatchReport, comment: str = "", issued_on: date | None = None
) -> DispatchReport:
    """Number, freeze and store the report; every town and department account is notified.
    `issued_on` is the 成文日期 (default today); its year is the year of the 发文字号."""
    return document_publish(DISPATCH, report, actor=actor, comment=comment, issued_on=issued_on)


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

# What the office sets (the settings form shows them in this order).
SETTINGS_FIELDS = (
    "issuer_mark",
    "issuer",
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
    audit.record_saved(actor=actor, instance=row, before=before, fields=SETTINGS_FIELDS)
    from .schedules import ensure_dispatch_schedule

    ensure_dispatch_schedule(row, actor=actor)
    return row

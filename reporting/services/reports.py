"""Monthly reports (第25条 一月一调度): start, edit, submit, confirm or return, correct; the figures they carry."""

import calendar
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from core import audit
from core.bounds import check_text_length
from core.exceptions import Conflict
from core.permissions import require
from core.services import required_reason
from core.workflow import Move, Notice

from .. import permissions
from ..figures import period_label
from ..models import (
    DevelopmentPlan,
    Milestone,
    MilestoneStatus,
    Report,
    ReportDue,
    ReportEntry,
    ReportEvent,
    ReportState,
)
from ..selectors import entries_of
from ..workflow import OPEN_STATES, REPORTS
from . import late_summary
from .common import AUDITED_FIELDS
from .report_figures import _apply_self_figures, _check_report_figures, _derive_ytd, clean_report_figures


def _locked(report_id: int) -> Report:
    return REPORTS.lock(report_id)


def _record(report, actor, action, *, before=None, comment="", from_state=None, to_state=None):
    """The report's event row and audit row (the workflow engine writes both)."""
    return REPORTS.record(
        report,
        actor=actor,
        action=action,
        before=before,
        comment=comment,
        from_state=from_state,
        to_state=to_state,
    )


def _enterprise_users(enterprise_id):
    return list(User.objects.filter(role=Role.ENTERPRISE, enterprise_id=enterprise_id, is_active=True))


def _town_users(town_id):
    return list(User.objects.filter(role=Role.TOWN, town_id=town_id, is_active=True))


def _check_period(year: int, month: int, today=None) -> None:
    today = today or timezone.localdate()
    if not 1 <= month <= 12:
        raise ValidationError({"month": _("月份须为1—12。")})
    if year < 2000 or (year, month) > (today.year, today.month):
        raise ValidationError({"month": _("只能填报已开始的月份（本月及以前）。")})


def _create_entries(report: Report) -> None:
    ReportEntry.objects.bulk_create(
        [ReportEntry(report=report, nomination=n) for n in entries_of(report.enterprise_id, year=report.year)]
    )


def report_start(*, actor, year: int, month: int) -> Report:
    """A draft monthly report of the actor's enterprise, with a progress section per pool entry of the year."""
    require(permissions.can_start_report(actor))
    _check_period(year, month)
    existing = (
        Report.objects.filter(enterprise_id=actor.enterprise_id, year=year, month=month)
        .exclude(state=ReportState.SUPERSEDED)
        .order_by("-version")
        .first()
    )
    if existing is not None:
        raise Conflict(
            _("%(period)s的月报已存在（%(state)s），请在原报告上继续。")
            % {"period": period_label(year, month), "state": existing.get_state_display()}
        )
    try:
        with transaction.atomic():
            report = Report.objects.create(
                enterprise_id=actor.enterprise_id, year=year, month=month, created_by=actor
            )
            _create_entries(report)
            _record(report, actor, ReportEvent.Action.CREATE, from_state=report.state, to_state=report.state)
    except IntegrityError as exc:  # the same period started twice at once
        raise Conflict(
            _("%(period)s的月报已存在，请刷新后继续。") % {"period": period_label(year, month)}
        ) from exc
    return report


def _clean_entries(report: Report, entries: dict) -> dict:
    """entries: {nomination_id: {"progress": str, "problems": str, "milestones": {milestone_id: status}}}."""
    own = {e.nomination_id: e for e in report.entries.all()}
    plans = {
        p.nomination_id: {m.pk for m in p.milestones.all()}
        for p in DevelopmentPlan.objects.filter(nomination_id__in=own).prefetch_related("milestones")
    }
    clean = {}
    for key, data in (entries or {}).items():
        try:
            nomination_id = int(key)
        except (TypeError, ValueError) as exc:
            raise ValidationError({"entries": _("“%(key)s”不是本报告的入库对象。") % {"key": key}}) from exc
        if nomination_id not in own:
            raise ValidationError({"entries": _("“%(key)s”不是本报告的入库对象。") % {"key": key}})
        statuses = {}
        for mid, status in (data.get("milestones") or {}).items():
            if status not in MilestoneStatus.values:
                raise ValidationError({"entries": _("节点进度“%(s)s”无效。") % {"s": status}})
            try:
                milestone_id = int(mid)
            except (TypeError, ValueError):
                milestone_id = None
            if milestone_id not in plans.get(nomination_id, set()):
                raise ValidationError(
                    {"entries": _("节点 %(id)s 不属于该入库对象的发展路径。") % {"id": mid}}
                )
            statuses[str(milestone_id)] = status
        clean[nomination_id] = (own[nomination_id], data, statuses)
    return clean


@transaction.atomic
def report_update(
    *,
    actor,
    report: Report,
    figures: dict | None = None,
    note: str | None = None,
    ytd_reason: str | None = None,
    entries: dict | None = None,
) -> Report:
    report = _locked(report.pk)
    require(permissions.can_edit_report(actor, report))
    before = audit.snapshot(report, AUDITED_FIELDS)
    if figures is not None:
        report.figures = _derive_ytd(report, clean_report_figures(figures))
    if note is not None:
        check_text_length("note", note)
        report.note = note.strip()
    if ytd_reason is not None:
        check_text_length("ytd_reason", ytd_reason)
        report.ytd_reason = ytd_reason.strip()
    for entry, data, statuses in _clean_entries(report, entries or {}).values():
        if "progress" in data:
            entry.progress = (data.get("progress") or "").strip()
        if "problems" in data:
            entry.problems = (data.get("problems") or "").strip()
        if "milestones" in data:
            entry.milestones = statuses
        entry.save()
    report.save()
    _record(
        report, actor, ReportEvent.Action.EDIT, before=before, from_state=report.state, to_state=report.state
    )
    return report


def _check_submit(report: Report) -> None:
    _check_report_figures(report)
    missing = [
        str(e.nomination.pool.name)
        for e in report.entries.select_related("nomination__pool")
        if not e.progress.strip()
    ]
    if missing:
        raise ValidationError(
            {"entries": _("请填写以下培育库入库对象的本月进展：%(pools)s。") % {"pools": "、".join(missing)}}
        )


def _milestones_from(report: Report, today) -> None:
    """The confirmed report's milestone states become the plans' progress."""
    last_day = date(report.year, report.month, calendar.monthrange(report.year, report.month)[1])
    done_on = min(last_day, today)
    for entry in report.entries.all():
        for mid, status in (entry.milestones or {}).items():
            Milestone.objects.filter(pk=int(mid), plan__nomination_id=entry.nomination_id).exclude(
                status=status
            ).update(status=status, done_on=done_on if status == MilestoneStatus.DONE else None)


def _check_move(move: Move) -> None:
    if move.action == "submit":
        _check_submit(move.instance)


def _apply_move(move: Move) -> None:
    report, now = move.instance, move.at
    if move.action == "submit":
        report.submitted_at, report.submitted_by = now, move.actor
        _mark_submitted(report, now)
    elif move.action == "confirm":
        if report.previous_id:
            Report.objects.filter(pk=report.previous_id, state=ReportState.CONFIRMED).update(
                state=ReportState.SUPERSEDED, updated_at=now
            )
        report.decided_at, report.decided_by = now, move.actor
        _apply_self_figures(report)
        _milestones_from(report, timezone.localdate())
    if move.comment:
        report.comment = move.comment


def _move_notices(move: Move) -> list[Notice]:
    report = move.instance
    message = _("%(enterprise)s %(period)s月报%(version)s：%(state)s。") % {
        "enterprise": report.enterprise.name,
        "period": period_label(report.year, report.month),
        "version": _("（第%(v)s版）") % {"v": report.version} if report.version > 1 else "",
        "state": report.get_state_display(),
    }
    if move.comment:
        message += _("意见：%(comment)s") % {"comment": move.comment}
    recipients = (
        _town_users(report.enterprise.town_id)
        if move.action == "submit"
        else _enterprise_users(report.enterprise_id)
    )
    return [Notice(recipients, message, reverse("reporting:report_detail", args=[report.pk]))]


def report_transition(*, actor, report: Report, action: str, comment: str = "") -> Report:
    """Fire a declared move (reporting.workflow) on the engine. The row lock makes a second click, or
    the town confirming while the enterprise edits, take turns."""
    return REPORTS.fire(
        report,
        action=action,
        actor=actor,
        comment=comment,
        check=_check_move,
        apply=_apply_move,
        notices=_move_notices,
    )


def _mark_submitted(report: Report, now) -> None:
    """The month's obligation is met at the first submission (a correction does not move it)."""
    if ReportDue.objects.filter(
        enterprise_id=report.enterprise_id, year=report.year, month=report.month, submitted_at__isnull=True
    ).update(submitted_at=now, report=report):
        late_summary.refresh([report.enterprise_id])


@transaction.atomic
def report_correct(*, actor, report: Report, reason: str) -> Report:
    """A new version (draft) of a confirmed report; the confirmed one stays in force until the new one
    is confirmed, and is kept afterwards as superseded."""
    report = _locked(report.pk)
    require(permissions.can_correct_report(actor, report))
    reason = required_reason(reason, _("更正须填写原因。"))
    pending = Report.objects.filter(
        enterprise_id=report.enterprise_id, year=report.year, month=report.month, state__in=OPEN_STATES
    ).first()
    if pending is not None:
        raise Conflict(_("该月已有未确认的更正（第%(v)s版），请在其上继续。") % {"v": pending.version})
    latest = (
        Report.objects.filter(enterprise_id=report.enterprise_id, year=report.year, month=report.month)
        .order_by("-version")
        .values_list("version", flat=True)
        .first()
    )
    correction = Report.objects.create(
        enterprise_id=report.enterprise_id,
        year=report.year,
        month=report.month,
        version=(latest or 0) + 1,
        previous=report,
        figures=report.figures,
        note=report.note,
        ytd_reason=report.ytd_reason,
        correction_reason=reason,
        created_by=actor,
    )
    ReportEntry.objects.bulk_create(
        [
            ReportEntry(
                report=correction,
                nomination_id=e.nomination_id,
                progress=e.progress,
                problems=e.problems,
                milestones=e.milestones,
            )
            for e in report.entries.all()
        ]
    )
    _record(
        correction,
        actor,
        ReportEvent.Action.CORRECT,
        comment=reason,
        from_state="",
        to_state=correction.state,
    )
    return correction

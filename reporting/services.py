"""Every write of enterprise reporting. Each service checks permission, validates, runs in one
transaction (rows locked where two people may act at once), writes its event and audit rows and
notifies; e-mail and tasks follow on commit."""

import calendar
import hashlib
import secrets
import time
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from core import audit
from core.exceptions import Conflict
from core.notifications import notify
from core.permissions import require
from core.workflow import Move, Notice
from pools.models import Nomination

from . import permissions
from .figures import FIGURE_CODES, NOT_CUMULATIVE, FigureCode, label_of, parse_amount, period_label
from .models import (
    DEFAULT_DUE_DAY,
    DEFAULT_REMIND_DAYS,
    DevelopmentPlan,
    EnterpriseInvitation,
    Figure,
    FigureImport,
    FigureSource,
    Milestone,
    MilestoneStatus,
    PlanGoal,
    Report,
    ReportDue,
    ReportEntry,
    ReportEvent,
    ReportingCalendar,
    ReportState,
)
from .selectors import entries_of, granted_columns, previous_month_ytd
from .workflow import OPEN_STATES, REPORTS

AUDITED_FIELDS = REPORTS.audited_fields
FIGURE_KEY = ["enterprise", "year", "month", "metric", "source"]


# --- figures of a report ---------------------------------------------------------------------------


def clean_report_figures(raw: dict | None) -> dict:
    """{metric: {"value": x, "ytd": y}} → the same with normalised decimal strings; format errors
    (negative, more than two decimals, not a number) raise ValidationError naming the figure."""
    clean, errors = {}, []
    for code, parts in (raw or {}).items():
        if code not in FIGURE_CODES:
            errors.append(_("未知指标“%(code)s”。") % {"code": code})
            continue
        if not isinstance(parts, dict):
            errors.append(_('%(label)s：格式应为 {"value": …, "ytd": …}。') % {"label": label_of(code)})
            continue
        entry = {}
        for part in ("value", "ytd"):
            if part == "ytd" and code in NOT_CUMULATIVE:
                continue
            try:
                amount = parse_amount(parts.get(part), code=code)
            except ValueError as exc:
                name = _("本年累计") if part == "ytd" else _("当月")
                errors.append(f"{label_of(code)}（{name}）：{exc}")
                continue
            if amount is not None:
                entry[part] = str(amount)
        if entry:
            clean[code] = entry
    if errors:
        raise ValidationError({"figures": errors})
    return clean


def _check_report_figures(report: Report) -> None:
    """Complete, consistent, and year-to-date never below the month before unless a reason is given."""
    errors = []
    previous = previous_month_ytd(report.enterprise_id, report.year, report.month)
    below = []
    for code in FIGURE_CODES:
        value, ytd = report.figure(code, "value"), report.figure(code, "ytd")
        label = label_of(code)
        if value is None:
            errors.append(_("请填写%(label)s（当月）。") % {"label": label})
        if code in NOT_CUMULATIVE:
            continue
        if ytd is None:
            errors.append(_("请填写%(label)s（本年累计）。") % {"label": label})
            continue
        if value is not None and ytd < value:
            errors.append(
                _("%(label)s：本年累计（%(ytd)s）不能小于当月值（%(value)s）。")
                % {"label": label, "ytd": ytd, "value": value}
            )
        if report.month == 1 and value is not None and ytd != value:
            errors.append(_("%(label)s：1月的本年累计应等于当月值。") % {"label": label})
        prev = previous.get(code)
        if prev is not None and ytd < prev[0]:
            below.append(
                _("%(label)s本年累计 %(ytd)s 低于上月的 %(prev)s")
                % {"label": label, "ytd": ytd, "prev": prev[0]}
            )
    if below and not report.ytd_reason.strip():
        errors.append(
            _("%(items)s。如上月数据有误，请在“累计值低于上月的原因”中说明。") % {"items": "；".join(below)}
        )
    if errors:
        raise ValidationError({"figures": errors})


def _apply_self_figures(report: Report) -> int:
    """The confirmed report becomes the enterprise's self-reported figures of the month."""
    present = [
        code
        for code in FIGURE_CODES
        if report.figure(code, "value") is not None or report.figure(code, "ytd") is not None
    ]
    Figure.objects.filter(
        enterprise_id=report.enterprise_id, year=report.year, month=report.month, source=FigureSource.SELF
    ).exclude(metric__in=present).delete()
    rows = [
        Figure(
            enterprise_id=report.enterprise_id,
            year=report.year,
            month=report.month,
            metric=code,
            source=FigureSource.SELF,
            value=report.figure(code, "value"),
            ytd=None if code in NOT_CUMULATIVE else report.figure(code, "ytd"),
            report=report,
        )
        for code in present
    ]
    Figure.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=FIGURE_KEY,
        update_fields=["value", "ytd", "report", "batch", "department", "updated_at"],
    )
    return len(rows)


# --- reports ---------------------------------------------------------------------------------------


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
        report.figures = clean_report_figures(figures)
    if note is not None:
        report.note = note.strip()
    if ytd_reason is not None:
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
    ReportDue.objects.filter(
        enterprise_id=report.enterprise_id, year=report.year, month=report.month, submitted_at__isnull=True
    ).update(submitted_at=now, report=report)


@transaction.atomic
def report_correct(*, actor, report: Report, reason: str) -> Report:
    """A new version (draft) of a confirmed report; the confirmed one stays in force until the new one
    is confirmed, and is kept afterwards as superseded."""
    report = _locked(report.pk)
    require(permissions.can_correct_report(actor, report))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("更正须填写原因。")})
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


# --- development plans -----------------------------------------------------------------------------


def _plan(nomination: Nomination) -> DevelopmentPlan:
    plan, created = DevelopmentPlan.objects.select_for_update().get_or_create(
        nomination=nomination,
        defaults={
            "enterprise_id": nomination.subject_enterprise_id,
            "town_id": nomination.town_id,
            "path_solution": nomination.path_plan,
        },
    )
    return plan


def _require_in_pool(nomination: Nomination) -> None:
    if not nomination.in_pool:
        raise Conflict(_("只有培育库内的企业（项目）制定发展路径。"))


@transaction.atomic
def plan_update(
    *, actor, nomination: Nomination, summary: str | None = None, path_solution: str | None = None
) -> DevelopmentPlan:
    _require_in_pool(nomination)
    if summary is not None:
        require(permissions.can_edit_plan(actor, nomination))
    if path_solution is not None:
        require(permissions.can_edit_path_solution(actor, nomination))
    plan = _plan(nomination)
    fields = ["summary", "path_solution"]
    before = audit.snapshot(plan, fields)
    if summary is not None:
        plan.summary = summary.strip()
    if path_solution is not None:
        plan.path_solution = path_solution.strip()
    plan.save()
    audit.record(
        actor=actor,
        action=audit.AuditAction.UPDATE,
        instance=plan,
        before=before,
        after=audit.snapshot(plan, fields),
    )
    if path_solution is not None:
        notify(
            recipients=_enterprise_users(plan.enterprise_id),
            url=reverse("reporting:plan", args=[nomination.pk]),
            message=_("街镇更新了“%(entry)s”的路径解决方案。") % {"entry": nomination},
        )
    return plan


def _goal_years(nomination: Nomination) -> range:
    return range(nomination.year - 1, nomination.year + 6)


@transaction.atomic
def goal_save(
    *,
    actor,
    nomination: Nomination,
    year: int,
    description: str,
    metric: str = "",
    target: Decimal | None = None,
    goal: PlanGoal | None = None,
) -> PlanGoal:
    _require_in_pool(nomination)
    require(permissions.can_edit_plan(actor, nomination))
    plan = _plan(nomination)
    years = _goal_years(nomination)
    if year not in years:
        raise ValidationError(
            {"year": _("目标年度须在 %(a)s—%(b)s 之间。") % {"a": years[0], "b": years[-1]}}
        )
    if metric and metric not in FIGURE_CODES:
        raise ValidationError({"metric": _("未知指标。")})
    if metric and target is None:
        raise ValidationError({"target": _("选择了指标时请填写目标值。")})
    if target is not None:
        try:
            target = parse_amount(target, code=metric or FigureCode.OUTPUT)
        except ValueError as exc:
            raise ValidationError({"target": str(exc)}) from exc
    if goal is not None and goal.plan_id != plan.pk:
        raise ValidationError({"goal": _("该目标不属于本发展路径。")})
    instance = goal or PlanGoal(plan=plan)
    before = audit.snapshot(instance) if goal else None
    instance.year, instance.metric, instance.target = year, metric, target
    instance.description = (description or "").strip() or (label_of(metric) if metric else "")
    instance.full_clean()
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError as exc:
        raise ValidationError({"metric": _("该年度已有此指标的目标。")}) from exc
    audit.record(
        actor=actor,
        action=audit.AuditAction.UPDATE if goal else audit.AuditAction.CREATE,
        instance=instance,
        before=before,
        after=audit.snapshot(instance),
    )
    return instance


@transaction.atomic
def goal_delete(*, actor, goal: PlanGoal) -> None:
    nomination = goal.plan.nomination
    require(permissions.can_edit_plan(actor, nomination))
    audit.record(actor=actor, action=audit.AuditAction.DELETE, instance=goal, before=audit.snapshot(goal))
    goal.delete()


@transaction.atomic
def milestone_save(
    *,
    actor,
    nomination: Nomination,
    title: str,
    due_on: date,
    note: str = "",
    status: str | None = None,
    milestone: Milestone | None = None,
) -> Milestone:
    _require_in_pool(nomination)
    require(permissions.can_edit_plan(actor, nomination))
    plan = _plan(nomination)
    if milestone is not None and milestone.plan_id != plan.pk:
        raise ValidationError({"milestone": _("该节点不属于本发展路径。")})
    instance = milestone or Milestone(plan=plan)
    before = audit.snapshot(instance) if milestone else None
    instance.title, instance.due_on, instance.note = (title or "").strip(), due_on, (note or "").strip()
    if status is not None:
        if status not in MilestoneStatus.values:
            raise ValidationError({"status": _("节点进度无效。")})
        instance.status = status
        instance.done_on = (
            (instance.done_on or timezone.localdate()) if status == MilestoneStatus.DONE else None
        )
    instance.full_clean()
    instance.save()
    audit.record(
        actor=actor,
        action=audit.AuditAction.UPDATE if milestone else audit.AuditAction.CREATE,
        instance=instance,
        before=before,
        after=audit.snapshot(instance),
    )
    return instance


@transaction.atomic
def milestone_delete(*, actor, milestone: Milestone) -> None:
    require(permissions.can_edit_plan(actor, milestone.plan.nomination))
    audit.record(
        actor=actor, action=audit.AuditAction.DELETE, instance=milestone, before=audit.snapshot(milestone)
    )
    milestone.delete()


# --- reporting calendars, dues, reminders, lateness -----------------------------------------------


@transaction.atomic
def calendar_set(*, actor, pool, due_day: int, remind_days_before: int, is_active: bool) -> ReportingCalendar:
    require(permissions.can_manage_calendars(actor))
    calendar_row = ReportingCalendar.objects.select_for_update().filter(pool=pool).first()
    before = audit.snapshot(calendar_row) if calendar_row else None
    calendar_row = calendar_row or ReportingCalendar(pool=pool)
    calendar_row.due_day, calendar_row.remind_days_before, calendar_row.is_active = (
        due_day,
        remind_days_before,
        is_active,
    )
    calendar_row.full_clean()
    calendar_row.save()
    audit.record(
        actor=actor,
        action=audit.AuditAction.UPDATE if before else audit.AuditAction.CREATE,
        instance=calendar_row,
        before=before,
        after=audit.snapshot(calendar_row),
    )
    return calendar_row


def due_date(year: int, month: int, due_day: int) -> date:
    """The due date of a month's report: `due_day` of the next month."""
    return date(year + 1, 1, due_day) if month == 12 else date(year, month + 1, due_day)


def _obligations(today) -> dict[tuple[int, int], tuple[int, int]]:
    """{(enterprise_id, year): (due_day, remind_days)} for every enterprise with a pool entry of a year
    that has begun; an enterprise in several pools reports by the earliest of their due days."""
    calendars = {c.pool_id: c for c in ReportingCalendar.objects.all()}
    out: dict[tuple[int, int], tuple[int, int]] = {}
    entries = (
        Nomination.objects.in_pool()
        .filter(year__lte=today.year)
        .values_list("enterprise_id", "project__enterprise_id", "year", "pool_id")
    )
    for enterprise_id, project_enterprise_id, year, pool_id in entries:
        cal = calendars.get(pool_id)
        if cal is not None and not cal.is_active:
            continue
        day = cal.due_day if cal else DEFAULT_DUE_DAY
        remind = cal.remind_days_before if cal else DEFAULT_REMIND_DAYS
        key = (enterprise_id or project_enterprise_id, year)
        held = out.get(key)
        out[key] = (min(day, held[0]), max(remind, held[1])) if held else (day, remind)
    return out


def dues_ensure(*, today=None) -> int:
    """Create the month's obligations of every enterprise with pool entries (months begun so far), and
    move the due date of unsubmitted ones when the office changed a calendar. Idempotent."""
    today = today or timezone.localdate()
    wanted = {}
    for (enterprise_id, year), (day, _remind) in _obligations(today).items():
        for month in range(1, 13):
            if (year, month) > (today.year, today.month):
                break
            wanted[(enterprise_id, year, month)] = due_date(year, month, day)
    existing = {}
    for pk, ent, year, month, due_on in ReportDue.objects.filter(
        enterprise_id__in={k[0] for k in wanted}
    ).values_list("pk", "enterprise_id", "year", "month", "due_on"):
        existing[(ent, year, month)] = (pk, due_on)
    new = [
        ReportDue(enterprise_id=ent, year=year, month=month, due_on=due_on)
        for (ent, year, month), due_on in wanted.items()
        if (ent, year, month) not in existing
    ]
    with transaction.atomic():
        ReportDue.objects.bulk_create(new, batch_size=5000, ignore_conflicts=True)
        moved = [
            (pk, wanted[key])
            for key, (pk, due_on) in existing.items()
            if key in wanted and wanted[key] != due_on
        ]
        for pk, due_on in moved:
            ReportDue.objects.filter(pk=pk, submitted_at__isnull=True, late_at__isnull=True).update(
                due_on=due_on
            )
        # reports submitted before their obligation existed (a pool entry approved later) count
        first = Report.objects.filter(
            enterprise_id=OuterRef("enterprise_id"),
            year=OuterRef("year"),
            month=OuterRef("month"),
            submitted_at__isnull=False,
        ).order_by("submitted_at")
        ReportDue.objects.filter(submitted_at__isnull=True).filter(Exists(first)).update(
            submitted_at=Subquery(first.values("submitted_at")[:1]), report=Subquery(first.values("pk")[:1])
        )
    return len(new)


def _periods_text(rows) -> str:
    return "、".join(period_label(y, m) for y, m in sorted(rows))


def dues_remind(*, today=None) -> int:
    """Remind enterprises of reports due within their calendar's reminder days; each due once."""
    today = today or timezone.localdate()
    reminders = _obligations(today)
    with transaction.atomic():
        candidates = list(
            ReportDue.objects.select_for_update(skip_locked=True).filter(
                submitted_at__isnull=True,
                reminded_at__isnull=True,
                due_on__gte=today,
                due_on__lte=today + timedelta(days=20),
            )
        )
        due = [
            d
            for d in candidates
            if d.due_on
            - timedelta(days=reminders.get((d.enterprise_id, d.year), (0, DEFAULT_REMIND_DAYS))[1])
            <= today
        ]
        if not due:
            return 0
        ReportDue.objects.filter(pk__in=[d.pk for d in due]).update(reminded_at=timezone.now())
        by_enterprise: dict[int, list] = {}
        for d in due:
            by_enterprise.setdefault(d.enterprise_id, []).append(d)
        users = _users_by_enterprise(by_enterprise)
        url = reverse("home_enterprise")
        for enterprise_id, items in by_enterprise.items():
            if users.get(enterprise_id):
                notify(
                    recipients=users[enterprise_id],
                    url=url,
                    message=_("请于 %(due)s 前提交%(periods)s的月度报告。")
                    % {
                        "due": f"{min(d.due_on for d in items):%Y-%m-%d}",
                        "periods": _periods_text((d.year, d.month) for d in items),
                    },
                )
    return len(due)


def _users_by_enterprise(enterprise_ids) -> dict[int, list]:
    out: dict[int, list] = {}
    for user in User.objects.filter(
        role=Role.ENTERPRISE, is_active=True, enterprise_id__in=list(enterprise_ids)
    ):
        if user.enterprise_id is not None:  # always, by the filter
            out.setdefault(user.enterprise_id, []).append(user)
    return out


def dues_mark_late(*, today=None) -> int:
    """Mark reports not submitted by their due date late, once; tell the enterprise and its town."""
    from enterprises.models import Enterprise

    today = today or timezone.localdate()
    with transaction.atomic():
        late = list(
            ReportDue.objects.select_for_update(skip_locked=True)
            .filter(submitted_at__isnull=True, late_at__isnull=True, due_on__lt=today)
            .values_list("pk", "enterprise_id", "year", "month")
        )
        if not late:
            return 0
        ReportDue.objects.filter(pk__in=[row[0] for row in late]).update(late_at=timezone.now())
        by_enterprise: dict[int, list] = {}
        for _pk, ent, year, month in late:
            by_enterprise.setdefault(ent, []).append((year, month))
        users = _users_by_enterprise(by_enterprise)
        for enterprise_id, periods in by_enterprise.items():
            if users.get(enterprise_id):
                notify(
                    recipients=users[enterprise_id],
                    url=reverse("home_enterprise"),
                    message=_("%(periods)s的月度报告已逾期，请尽快提交。")
                    % {"periods": _periods_text(periods)},
                )
        by_town: dict[int, list] = {}
        for ent, town_id in Enterprise.objects.filter(pk__in=list(by_enterprise)).values_list(
            "pk", "town_id"
        ):
            by_town.setdefault(town_id, []).append(ent)
        for user in User.objects.filter(role=Role.TOWN, is_active=True, town_id__in=list(by_town)):
            ents = by_town[user.town_id or 0]
            notify(
                recipients=[user],
                url=reverse("reporting:late"),
                message=_("本街镇 %(n)d 家企业新增 %(m)d 份逾期未报的月度报告。")
                % {"n": len(ents), "m": sum(len(by_enterprise[e]) for e in ents)},
            )
    return len(late)


def reporting_daily(*, today=None) -> dict:
    """What the scheduled task runs: obligations, reminders, lateness. Safe to run any number of times."""
    today = today or timezone.localdate()
    counts = {
        "created": dues_ensure(today=today),
        "reminded": dues_remind(today=today),
        "late": dues_mark_late(today=today),
    }
    if any(counts.values()):  # the system's own writes leave one audit row per run that changed something
        audit.record(
            actor=None, action=audit.AuditAction.UPDATE, message=f"reporting_daily {today}: {counts}"
        )
    return counts


# --- official statistics import --------------------------------------------------------------------


def figures_import_upload(*, actor, upload) -> FigureImport:
    """The page's and the API's figure import: the upload is checked (type, size, package, zip limits)
    and read (row and cell limits) here, so both refuse the same files with the same sentences
    (ValidationError on "file"); then `figures_import`."""
    from core.imports import read_upload
    from core.uploads import safe_filename

    require(permissions.can_import_figures(actor, granted_columns(actor)))
    dataset = read_upload(upload)
    return figures_import(actor=actor, dataset=dataset, file_name=safe_filename(upload.name))


def figures_import(*, actor, dataset, file_name: str) -> FigureImport:
    """Import official figures from an xlsx (as a tablib Dataset), all rows or none. The department
    may only fill its own columns; rows are matched by 统一社会信用代码. Returns the import record,
    with `errors` listing each bad row ({"row": Excel row, "messages": [...]}) when nothing was written."""
    from core.imports import cap_errors

    from .imports import parse_statistics

    granted = granted_columns(actor)
    require(permissions.can_import_figures(actor, granted))
    started = time.monotonic()
    parsed = parse_statistics(dataset, granted=granted)
    record = FigureImport(
        actor=actor,
        department_id=actor.department_id,
        file_name=file_name[:200],
        rows=len(parsed.rows),
        columns=parsed.columns,
        periods=parsed.periods,
    )
    if parsed.errors:
        record.status, record.errors = FigureImport.Status.FAILED, cap_errors(parsed.errors)
        record.seconds = Decimal(f"{time.monotonic() - started:.2f}")
        with transaction.atomic():
            record.save()
            audit.record(
                actor=actor,
                action=audit.AuditAction.IMPORT,
                instance=record,
                message=f"failed: {len(parsed.errors)} rows with errors, {file_name}"[:500],
            )
        return record
    with transaction.atomic():
        record.status = FigureImport.Status.SUCCEEDED
        record.save()
        figures = [
            Figure(
                enterprise_id=row.enterprise_id,
                year=row.year,
                month=row.month,
                metric=code,
                source=FigureSource.OFFICIAL,
                value=value,
                ytd=ytd,
                batch=record,
                department_id=actor.department_id,
            )
            for row in parsed.rows
            for code, (value, ytd) in row.figures.items()
        ]
        Figure.objects.bulk_create(
            figures,
            batch_size=5000,
            update_conflicts=True,
            unique_fields=FIGURE_KEY,
            update_fields=["value", "ytd", "batch", "department", "report", "updated_at"],
        )
        record.figures = len(figures)
        record.seconds = Decimal(f"{time.monotonic() - started:.2f}")
        record.save(update_fields=["figures", "seconds"])
        audit.record(
            actor=actor,
            action=audit.AuditAction.IMPORT,
            instance=record,
            after={
                "rows": record.rows,
                "figures": record.figures,
                "columns": record.columns,
                "periods": record.periods,
            },
            message=file_name[:500],
        )
    return record


# --- enterprise accounts ---------------------------------------------------------------------------


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _new_invitation(user, actor) -> str:
    token = secrets.token_urlsafe(32)
    EnterpriseInvitation.objects.update_or_create(
        user=user,
        defaults={
            "token_hash": _token_hash(token),
            "created_by": actor,
            "accepted_at": None,
            "expires_at": timezone.now() + timedelta(days=settings.PORTAL_INVITATION_DAYS),
        },
    )
    return token


@transaction.atomic
def enterprise_user_invite(
    *, actor, enterprise, username: str, full_name: str, phone: str, email: str = ""
) -> tuple[User, str]:
    """A town official opens an account for an enterprise of its town. The account stays inactive until
    the person sets a password through the one-time link (valid PORTAL_INVITATION_DAYS days); returns (user, token)."""
    require(permissions.can_invite_enterprise_user(actor, enterprise))
    full_name = (full_name or "").strip()
    errors = {}
    if not full_name:
        errors["full_name"] = [_("请填写姓名。")]
    if not (phone or "").strip():
        errors["phone"] = [_("请填写手机号码。")]
    if errors:
        raise ValidationError(errors)
    user = User(
        username=(username or "").strip(),
        role=Role.ENTERPRISE,
        enterprise=enterprise,
        is_active=False,
        last_name=full_name[:1],
        first_name=full_name[1:],
        phone=phone.strip(),
        email=(email or "").strip(),
    )
    user.set_unusable_password()
    user.full_clean()
    user.save()
    token = _new_invitation(user, actor)
    audit.record(
        actor=actor,
        action=audit.AuditAction.CREATE,
        instance=user,
        after=audit.snapshot(user),
        message="enterprise account invitation",
    )
    return user, token


@transaction.atomic
def enterprise_user_reinvite(*, actor, user: User) -> str:
    """A new link for an account that has not set its password yet (the old link stops working)."""
    require(permissions.can_invite_enterprise_user(actor, user.enterprise))
    invitation = EnterpriseInvitation.objects.select_for_update().filter(user=user).first()
    if invitation is None or invitation.accepted_at is not None or user.is_active:
        raise Conflict(_("该账号已启用，无需重新邀请。"))
    token = _new_invitation(user, actor)
    audit.record(
        actor=actor,
        action=audit.AuditAction.UPDATE,
        instance=user,
        message="enterprise account re-invitation",
    )
    return token


def invitation_for(token: str) -> EnterpriseInvitation | None:
    invitation = (
        EnterpriseInvitation.objects.select_related("user", "user__enterprise")
        .filter(token_hash=_token_hash(token or ""))
        .first()
    )
    if (
        invitation is None
        or invitation.accepted_at is not None
        or invitation.expires_at < timezone.now()
        or invitation.user.is_active
    ):  # an account in use never gets its password set through a link
        return None
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, password: str) -> User:
    invitation = invitation_for(token)
    if invitation is None:
        raise Conflict(_("邀请链接无效或已过期，请联系所在街镇重新发送。"))
    # Re-read under the lock by the token itself: a link re-issued (or used) meanwhile no longer works.
    invitation = (
        EnterpriseInvitation.objects.select_for_update()
        .select_related("user")
        .filter(pk=invitation.pk, token_hash=_token_hash(token or ""))
        .first()
    )
    if invitation is None or invitation.expires_at < timezone.now():
        raise Conflict(_("邀请链接无效或已过期，请联系所在街镇重新发送。"))
    if invitation.accepted_at is not None:
        raise Conflict(_("邀请链接已使用。"))
    user = invitation.user
    validate_password(password, user)
    user.set_password(password)
    user.is_active = True
    user.save(update_fields=["password", "is_active"])
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    audit.record(actor=user, action=audit.AuditAction.UPDATE, instance=user, message="invitation accepted")
    return user

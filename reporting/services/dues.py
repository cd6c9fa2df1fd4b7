"""Reporting calendars, due dates, reminders and lateness (the daily task)."""

from datetime import date, timedelta

from django.db import transaction
from django.db.models import Exists, OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from core import audit
from core.notifications import notify
from core.permissions import require
from pools.models import Nomination

from .. import permissions
from ..figures import period_label
from ..models import (
    DEFAULT_DUE_DAY,
    DEFAULT_REMIND_DAYS,
    Report,
    ReportDue,
    ReportingCalendar,
)
from . import late_summary

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
    audit.record_saved(actor=actor, instance=calendar_row, before=before)
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
            (pk, wanted[key], key[0])
            for key, (pk, due_on) in existing.items()
            if key in wanted and wanted[key] != due_on
        ]
        changed = {due.enterprise_id for due in new}
        for pk, due_on, enterprise_id in moved:
            if ReportDue.objects.filter(pk=pk, submitted_at__isnull=True, late_at__isnull=True).update(
                due_on=due_on
            ):
                changed.add(enterprise_id)
        # reports submitted before their obligation existed (a pool entry approved later) count
        first = Report.objects.filter(
            enterprise_id=OuterRef("enterprise_id"),
            year=OuterRef("year"),
            month=OuterRef("month"),
            submitted_at__isnull=False,
        ).order_by("submitted_at")
        linked = ReportDue.objects.filter(submitted_at__isnull=True).filter(Exists(first))
        changed.update(linked.order_by().values_list("enterprise_id", flat=True).distinct())
        linked.update(
            submitted_at=Subquery(first.values("submitted_at")[:1]), report=Subquery(first.values("pk")[:1])
        )
        late_summary.refresh(changed, today=today)
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
    late_summary.refresh_stale(today=today)  # the rows a due date passed since: counts, not an event
    if any(counts.values()):  # the system's own writes leave one audit row per run that changed something
        audit.record(
            actor=None,
            action=audit.AuditAction.UPDATE,
            event="reporting.daily",
            params={"date": today.isoformat(), **counts},
        )
    return counts

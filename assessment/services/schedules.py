"""The portal's periodic tasks, kept in django-celery-beat's tables so the office changes them without a
deploy.

- `sync_default_schedules()` (after every migrate, and when beat starts) adds each entry of the
  settings' CELERY_BEAT_SCHEDULE, and the monthly dispatch task on the office's day, when it is
  missing; it never writes over what the office changed.
- `ensure_dispatch_schedule()` puts the dispatch task on the day and hour of DispatchSettings.
- `schedule_update()` is the office's edit of one task (minute, hour, day, interval, on/off), audited.
"""

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask

from accounts.models import User
from core import audit
from core.permissions import require

from .. import permissions
from ..models import DispatchSettings

DISPATCH_TASK = "assessment.dispatch_monthly"
DISPATCH_ENTRY = "assessment-dispatch-monthly"
AUDITED = ["name", "task", "enabled", "interval", "crontab"]


def _crontab(
    *, minute="0", hour="*", day_of_month="*", month_of_year="*", day_of_week="*"
) -> CrontabSchedule:
    found, _created = CrontabSchedule.objects.get_or_create(
        minute=str(minute),
        hour=str(hour),
        day_of_month=str(day_of_month),
        month_of_year=str(month_of_year),
        day_of_week=str(day_of_week),
        timezone=settings.CELERY_TIMEZONE,
    )
    return found


def _interval(seconds: int) -> IntervalSchedule:
    found, _created = IntervalSchedule.objects.get_or_create(
        every=int(seconds), period=IntervalSchedule.SECONDS
    )
    return found


def _schedule_fields(schedule: Any) -> dict:
    """A CELERY_BEAT_SCHEDULE `schedule` (seconds, timedelta or crontab) as PeriodicTask fields."""
    if isinstance(schedule, int | float):
        return {"interval": _interval(int(schedule)), "crontab": None}
    if isinstance(schedule, timedelta):
        return {"interval": _interval(int(schedule.total_seconds())), "crontab": None}
    return {
        "interval": None,
        "crontab": _crontab(
            minute=schedule._orig_minute,
            hour=schedule._orig_hour,
            day_of_month=schedule._orig_day_of_month,
            month_of_year=schedule._orig_month_of_year,
            day_of_week=schedule._orig_day_of_week,
        ),
    }


@transaction.atomic
def ensure_dispatch_schedule(
    settings_row: DispatchSettings | None = None, *, actor: User | None = None, audited: bool = True
) -> PeriodicTask:
    """The monthly dispatch task on the office's day and hour (created if missing). The default put in
    place after migrate is not audited (nobody changed anything); the office's changes are."""
    row = settings_row or DispatchSettings.current()
    crontab = _crontab(minute="0", hour=row.dispatch_hour, day_of_month=row.dispatch_day)
    task = PeriodicTask.objects.select_for_update().filter(name=DISPATCH_ENTRY).first()
    if task is None:
        task = PeriodicTask.objects.create(
            name=DISPATCH_ENTRY,
            task=DISPATCH_TASK,
            crontab=crontab,
            description="每月生成上月调度通报草稿（第25条 一月一调度）",
        )
        if audited:
            audit.record_saved(actor=actor, instance=task, before=None, fields=AUDITED)
    elif task.crontab_id != crontab.pk:
        before = audit.snapshot(task, AUDITED)
        task.crontab, task.interval = crontab, None
        task.save()
        audit.record_saved(actor=actor, instance=task, before=before, fields=AUDITED)
    return task


def sync_default_schedules() -> list[str]:
    """Add the missing defaults (settings' CELERY_BEAT_SCHEDULE and the dispatch task); returns the
    names added. Existing rows are left as the office set them. Not audited: it runs after every
    migrate (and every flush of a test database) and changes nothing anyone set."""
    added = []
    with transaction.atomic():
        existing = set(PeriodicTask.objects.values_list("name", flat=True))
        for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
            if name in existing:
                continue
            PeriodicTask.objects.create(name=name, task=entry["task"], **_schedule_fields(entry["schedule"]))
            added.append(name)
        if DISPATCH_ENTRY not in existing:
            ensure_dispatch_schedule(audited=False)
            added.append(DISPATCH_ENTRY)
    return added


def _field(value, name: str, low: int, high: int) -> str:
    """A crontab field: '*' or a number within bounds (the office's page offers these two forms)."""
    text = str(value if value is not None else "*").strip() or "*"
    if text == "*":
        return text
    if not text.isdigit() or not (low <= int(text) <= high):
        raise ValidationError(
            {name: _("请填写 %(low)s—%(high)s 之间的整数，或“*”表示每个。") % {"low": low, "high": high}}
        )
    return str(int(text))


@transaction.atomic
def schedule_update(
    *,
    actor: User,
    task: PeriodicTask,
    enabled: bool,
    minute=None,
    hour=None,
    day_of_month=None,
    day_of_week=None,
    every_seconds: int | None = None,
) -> PeriodicTask:
    """The office changes one periodic task: its crontab fields (or its interval) and whether it runs."""
    require(permissions.can_manage_schedules(actor))
    task = PeriodicTask.objects.select_for_update().get(pk=task.pk)
    before = audit.snapshot(task, AUDITED)
    if task.interval_id is not None and task.crontab_id is None:
        if every_seconds is not None:
            if every_seconds < 60 or every_seconds > 31 * 86400:
                raise ValidationError({"every_seconds": _("间隔须在60秒至31天之间。")})
            task.interval = _interval(every_seconds)
    else:
        task.crontab = _crontab(
            minute=_field(minute, "minute", 0, 59),
            hour=_field(hour, "hour", 0, 23),
            day_of_month=_field(day_of_month, "day_of_month", 1, 28),
            day_of_week=_field(day_of_week, "day_of_week", 0, 6),
        )
        task.interval = None
        if task.name == DISPATCH_ENTRY:
            _follow_dispatch_settings(task.crontab)
    task.enabled = bool(enabled)
    task.save()
    audit.record_saved(actor=actor, instance=task, before=before, fields=AUDITED)
    return task


def _follow_dispatch_settings(crontab: CrontabSchedule) -> None:
    """The dispatch settings show the day and hour the task now runs on."""
    values = {}
    if crontab.day_of_month.isdigit():
        values["dispatch_day"] = int(crontab.day_of_month)
    if crontab.hour.isdigit():
        values["dispatch_hour"] = int(crontab.hour)
    if values:
        DispatchSettings.objects.filter(pk=DispatchSettings.current().pk).update(**values)

"""Writes of the cockpit: the refresh of its summary tables and the office's entered actuals.

refresh_cockpit rewrites one year's rows (delete and insert in one transaction, under an advisory
lock), so a second run gives the same rows and only the stamp (CockpitRun) moves on.
"""

import calendar
import math
import operator
import time
from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal
from functools import reduce

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.dates import end_of_day
from core.permissions import require
from programs.models import DistrictIndicator, PoolQuota, Programme, Town
from reporting.models import ReportDue

from . import panels, permissions
from .derivations import indicator_values, months_of, ratio, time_progress
from .models import (
    ActualEntry,
    ActualSource,
    Alert,
    CockpitRun,
    CreditGrade,
    CreditMonth,
    IndicatorActual,
    LateReports,
    PoolStatus,
)

LOCK_KEY = 7_130_013  # pg_advisory_xact_lock: one refresh at a time
DEBOUNCE_KEY = "cockpit:refresh:queued"
DEBOUNCE_SECONDS = 60
SPIKE_MINIMUM = 3  # adverse records in a month below this are never a spike


def year_in_force(programme: Programme, today: date) -> int:
    """The programme year of `today` (its first or last year outside the programme's years)."""
    return min(max(today.year, programme.start_year), programme.end_year)


def as_of_month(year: int, today: date) -> int:
    """The latest month of `year` the data can speak for: 12 for a past year, 0 for a future one."""
    months = months_of(year, today)
    return months[-1] if months else 0


def _lock() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])


@transaction.atomic
def refresh_cockpit(*, year: int | None = None, today: date | None = None) -> list[CockpitRun]:
    """Rewrite the summary rows of `year` (every year of the current programme when None), the
    credit rows and the registered panels' rows. Returns the stamps."""
    programme = Programme.objects.current()
    if programme is None:
        return []
    today = today or timezone.localdate()
    _lock()
    towns = list(Town.objects.filter(is_active=True).values_list("pk", flat=True))
    in_force = year_in_force(programme, today)
    years = [year] if year else programme.years
    runs = []
    for y in years:
        started, clock = timezone.now(), time.monotonic()
        rows = _refresh_indicators(programme, y, towns, today, in_force=(y == in_force))
        rows += _refresh_pools(programme, y, today)
        rows += _refresh_late(y, today)
        if y == in_force or (year and y == year):
            rows += _refresh_credit(programme, in_force, towns, today)
        for source in panels.sources():
            source.refresh(year=y, today=today)
        run, _created = CockpitRun.objects.update_or_create(
            year=y,
            defaults={
                "as_of": today,
                "started_at": started,
                "finished_at": timezone.now(),
                "seconds": Decimal(time.monotonic() - clock).quantize(Decimal("0.01")),
                "rows": rows,
            },
        )
        runs.append(run)
    return runs


# --- indicators ----------------------------------------------------------------------------------


def _entries_by_indicator(year: int) -> dict[int, list[ActualEntry]]:
    out: dict[int, list[ActualEntry]] = {}
    for entry in ActualEntry.objects.filter(year=year).order_by("month"):
        out.setdefault(entry.indicator_id, []).append(entry)
    return out


def _entry_as_of(entries: list[ActualEntry], month: int) -> ActualEntry | None:
    found = None
    for entry in entries:
        if entry.month <= month:
            found = entry
    return found


def _refresh_indicators(programme: Programme, year: int, towns: list, today: date, *, in_force: bool) -> int:
    months = months_of(year, today)
    indicators = list(
        DistrictIndicator.objects.filter(programme=programme).prefetch_related("targets").order_by("order")
    )
    entries = _entries_by_indicator(year)
    rows, alerts = [], []
    last = months[-1] if months else 0
    for indicator in indicators:
        target = next((t.target for t in indicator.targets.all() if t.year == year), None)
        values = indicator_values(indicator, programme, year, months, towns, today, in_force=in_force)
        rule_note = (indicator.derivation or {}).get("description", "")
        for month in months:
            progress = time_progress(year, month, today)
            for town in [None, *towns]:
                value = values.get((month, town))
                row = IndicatorActual(
                    year=year,
                    month=month,
                    indicator=indicator,
                    town_id=town,
                    target=target if town is None else None,
                    time_progress=progress,
                    source=ActualSource.UNKNOWN,
                )
                entry = _entry_as_of(entries.get(indicator.pk, []), month) if town is None else None
                if value is not None and value.actual is not None:
                    row.actual, row.numerator, row.denominator = (
                        value.actual,
                        value.numerator,
                        value.denominator,
                    )
                    row.source, row.source_note, row.period = ActualSource.DERIVED, rule_note, value.period
                elif entry is not None:
                    row.actual, row.source = entry.value, ActualSource.ENTERED
                    row.source_note = entry.source_note
                    row.period = _("%(year)s年1—%(month)s月") % {"year": year, "month": entry.month}
                row.completion = ratio(row.actual, row.target)
                row.behind = row.completion is not None and row.completion < progress
                rows.append(row)
                if row.behind and town is None and month == last:
                    alerts.append(_indicator_alert(indicator, row))
    IndicatorActual.objects.filter(year=year).delete()
    IndicatorActual.objects.bulk_create(rows, batch_size=2000)
    Alert.objects.filter(year=year, kind=Alert.Kind.INDICATOR_BEHIND).delete()
    Alert.objects.bulk_create(alerts)
    return len(rows) + len(alerts)


def _indicator_alert(indicator: DistrictIndicator, row: IndicatorActual) -> Alert:
    return Alert(
        year=row.year,
        kind=Alert.Kind.INDICATOR_BEHIND,
        indicator=indicator,
        message=_("%(name)s完成%(done)s%%，落后于时间进度%(progress)s%%。")
        % {"name": indicator.name, "done": row.completion, "progress": row.time_progress},
        url=f"{reverse('cockpit:index')}?year={row.year}&month={row.month}#indicator-{indicator.code}",
    )


# --- pools ---------------------------------------------------------------------------------------


REVIEW_DAYS = 30  # a closed window's nominations are decided within this many days


def expected_by(quota_min: int | None, progress: Decimal) -> int | None:
    """Entries a pool without windows should hold at `progress` % of the year: its minimum pro rata,
    rounded up."""
    if quota_min is None:
        return None
    return math.ceil(Decimal(quota_min) * progress / 100)


def window_closed_on(window) -> date:
    """The day a window stopped taking nominations: its closing date, or the day it was closed early."""
    if window.closed_at is not None:
        return min(window.closes_on, timezone.localdate(window.closed_at))
    return window.closes_on


def expected_by_windows(quota_min: int | None, closings: list[date], as_of: date, year: int) -> int | None:
    """Entries a pool that takes nominations in windows (batches) should hold at the end of `as_of`:
    each of the year's windows delivers an equal share of the minimum, due REVIEW_DAYS after the
    window closed (its review), and at the latest at the year's end, when the whole minimum is due
    for every window closed by then. Rounded up. A window still open, or closed less than
    REVIEW_DAYS ago in the year, owes nothing yet; a window not yet open counts in the shares."""
    if quota_min is None or not closings:
        return None
    year_end = date(year, 12, 31)
    due = sum(1 for closed in closings if min(closed + timedelta(days=REVIEW_DAYS), year_end) <= as_of)
    return math.ceil(Decimal(quota_min) * due / len(closings))


def month_end(year: int, month: int, today: date) -> date:
    """The last day of `month`, or today within the current month."""
    return min(date(year, month, calendar.monthrange(year, month)[1]), today)


def _pool_closings(programme: Programme, year: int) -> dict:
    """pool id (None: every pool) → the closing days of its windows in `year`."""
    from pools.models import NominationWindow

    closings: dict = {}
    for window in NominationWindow.objects.filter(programme=programme, year=year).order_by("opens_on"):
        closings.setdefault(window.pool_id, []).append(window_closed_on(window))
    return closings


def _refresh_pools(programme: Programme, year: int, today: date) -> int:
    """Per month of the year begun by `today`: every pool's nominations by state at the month's end
    (pools.models.state_at: the same rule the nomination list's `as_of` filters by), by town and for
    the district, with what the pool should hold by then; an alert for the latest month's shortfall.
    One aggregate query per month."""
    from pools.models import Nomination, NominationState, ever_submitted, in_pool_at, state_at

    quotas = {
        q.pool_id: q
        for q in PoolQuota.objects.filter(pool__programme=programme, year=year).select_related("pool")
    }
    closings = _pool_closings(programme, year)
    months = months_of(year, today)
    rows: list[PoolStatus] = []
    alerts: list[Alert] = []
    nominations = Nomination.objects.filter(programme=programme, year=year).order_by()
    for month in months:
        as_of = month_end(year, month, today)
        moment = end_of_day(as_of)
        conditions = state_at(moment)
        counts: Iterable[dict] = nominations.values("pool_id", "town_id").annotate(  # type: ignore[assignment]
            kept=Count("id", filter=in_pool_at(moment)),
            **{f"n_{s}": Count("id", filter=c) for s, c in conditions.items()},
            **{f"sent_{s}": Count("id", filter=c & ever_submitted()) for s, c in conditions.items()},
        )
        table: dict = {}
        for count in counts:
            for town in {count["town_id"], None}:
                status = table.setdefault(
                    (count["pool_id"], town), {"states": {}, "submitted": {}, "in_pool": 0}
                )
                for s in NominationState.values:
                    if count[f"n_{s}"]:
                        status["states"][s] = status["states"].get(s, 0) + count[f"n_{s}"]
                        status["submitted"][s] = status["submitted"].get(s, 0) + count[f"sent_{s}"]
                status["in_pool"] += count["kept"]
        for pool_id in quotas:
            table.setdefault((pool_id, None), {"states": {}, "submitted": {}, "in_pool": 0})
        progress = time_progress(year, month, today)
        for (pool_id, town), status in table.items():
            row = PoolStatus(year=year, month=month, pool_id=pool_id, town_id=town, **status)
            quota = quotas.get(pool_id)
            if town is None and quota is not None:
                row.quota_min, row.quota_max = quota.quota_min, quota.quota_max
                windows = closings.get(pool_id, []) + closings.get(None, [])
                row.by_windows = bool(windows)
                row.expected = (
                    expected_by_windows(quota.quota_min, sorted(windows), as_of, year)
                    if windows
                    else expected_by(quota.quota_min, progress)
                )
                if month == months[-1] and row.expected and row.in_pool < row.expected:
                    alerts.append(_pool_alert(quota, row))
            rows.append(row)
    PoolStatus.objects.filter(year=year).delete()
    PoolStatus.objects.bulk_create(rows, batch_size=2000)
    Alert.objects.filter(year=year, kind=Alert.Kind.POOL_BELOW_QUOTA).delete()
    Alert.objects.bulk_create(alerts)
    return len(rows) + len(alerts)


def _pool_alert(quota, row: PoolStatus) -> Alert:
    message = (
        _("%(pool)s在库%(n)s家，按已截止的申报批次应达%(expected)s家（年度数量%(quota)s）。")
        if row.by_windows
        else _("%(pool)s在库%(n)s家，按时间进度应达%(expected)s家（年度数量%(quota)s）。")
    )
    return Alert(
        year=row.year,
        kind=Alert.Kind.POOL_BELOW_QUOTA,
        pool_id=row.pool_id,
        message=message
        % {"pool": quota.pool.name, "n": row.in_pool, "expected": row.expected, "quota": quota.display},
        url=reverse("pools:pool_page", args=[row.year, quota.pool.code]),
    )


# --- late reports ------------------------------------------------------------------------------


def _refresh_late(year: int, today: date) -> int:
    """Enterprises with the year's reports missing or submitted late at the end of each month of the
    year (the late list's rule as of that day, reporting.selectors.dues.late_q): one grouped query for
    the district and the towns, with a count per month, and one for the pools' entries of the
    departments."""
    from pools.models import Nomination
    from programs.models import Department
    from reporting.selectors.dues import late_q

    ends = {m: month_end(year, m, today) for m in months_of(year, today)}
    LateReports.objects.filter(year=year).delete()
    if not ends:
        return 0
    counts = {f"n{m}": Count("id", filter=late_q(today, as_of=end)) for m, end in ends.items()}
    late_rows = list(
        ReportDue.objects.filter(year=year)
        .order_by()
        .values("enterprise_id")
        .annotate(**counts)
        .filter(reduce(operator.or_, (Q(**{f"{name}__gt": 0}) for name in counts)))
        .values("enterprise_id", "enterprise__town_id", *counts)
    )
    entered: dict = {}
    for pool_id, enterprise, project_enterprise in (
        Nomination.objects.in_pool()
        .order_by()
        .values_list("pool_id", "enterprise_id", "project__enterprise_id")
    ):
        entered.setdefault(pool_id, set()).add(enterprise or project_enterprise)
    departments = []
    for department in Department.objects.prefetch_related("led_pools", "responsible_pools"):
        pools = {p.pk for p in department.led_pools.all()} | {
            p.pk for p in department.responsible_pools.all()
        }
        if pools:
            departments.append((department.pk, set().union(*(entered.get(p, set()) for p in pools))))
    out: list[LateReports] = []
    for m, end in ends.items():
        late = {r["enterprise_id"]: r["enterprise__town_id"] for r in late_rows if r[f"n{m}"] > 0}
        rows: dict[tuple[int | None, int | None], int] = {(None, None): 0}
        for town in late.values():
            for where in {town, None}:
                rows[(where, None)] = rows.get((where, None), 0) + 1
        for department_id, theirs in departments:
            rows[(None, department_id)] = len(theirs & late.keys())
        out.extend(
            LateReports(year=year, month=m, town_id=t, department_id=d, enterprises=n, as_of=end)
            for (t, d), n in rows.items()
        )
    LateReports.objects.bulk_create(out)
    return len(out)


# --- credit --------------------------------------------------------------------------------------


def is_spike(current: int, previous: list[int]) -> bool:
    """More adverse records this month than twice the average of the months before, and at least
    SPIKE_MINIMUM."""
    average = sum(previous) / len(previous) if previous else 0
    return current >= SPIKE_MINIMUM and current > 2 * average


def credit_months(programme: Programme, today: date) -> list[date]:
    """The months the credit rows cover: from January of the year before the programme (a chart of
    the twelve months up to its first month) to today's month."""
    out, month, last = [], date(programme.start_year - 1, 1, 1), date(today.year, today.month, 1)
    while month <= last:
        out.append(month)
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return out


def _refresh_credit(programme: Programme, year: int, towns: list, today: date) -> int:
    """Per month and town: enterprises by grade and on the blacklist at the month's end (from the
    rating history and the blacklist entries, credit/history.py: those since removed count in the
    months they were listed), and the adverse records that occurred in it."""
    from credit.history import Sweep
    from credit.models import Category, CreditRecord, RecordStatus
    from enterprises.models import Enterprise

    months = credit_months(programme, today)
    if not months:
        return 0
    enterprises = {
        pk: (town, at) for pk, town, at in Enterprise.objects.values_list("pk", "town_id", "created_at")
    }
    sweep = Sweep([end_of_day(month_end(m.year, m.month, today)) for m in months], enterprises).run()
    adverse: dict = {}
    for recorded in (
        CreditRecord.objects.filter(kind__category=Category.ADVERSE, occurred_on__gte=months[0])
        .exclude(status=RecordStatus.WITHDRAWN)
        .annotate(m=TruncMonth("occurred_on"))
        .order_by()
        .values("enterprise__town_id", "m")
        .annotate(n=Count("id"))
    ):
        for town in {recorded["enterprise__town_id"], None}:
            adverse[(town, recorded["m"])] = adverse.get((town, recorded["m"]), 0) + recorded["n"]
    grade_rows: list[CreditGrade] = []
    rows: list[CreditMonth] = []
    series: dict = {}
    for month, grades, listed in zip(months, sweep.grades, sweep.listed, strict=True):
        by_town: dict = {}
        for (town, grade), n in grades.items():
            for where in {town, None}:
                by_town[(where, grade)] = by_town.get((where, grade), 0) + n
        grade_rows.extend(CreditGrade(month=month, town_id=t, grade=g, n=n) for (t, g), n in by_town.items())
        for town in [None, *towns]:
            n_listed = sum(listed.values()) if town is None else listed.get(town, 0)
            n_adverse = adverse.get((town, month), 0)
            series.setdefault(town, []).append(n_adverse)
            rows.append(CreditMonth(month=month, town_id=town, blacklisted=n_listed, adverse=n_adverse))
    alerts: list[Alert] = []
    for town, counts in series.items():
        if is_spike(counts[-1], counts[-4:-1]):
            alerts.append(
                Alert(
                    year=year,
                    kind=Alert.Kind.CREDIT_SPIKE,
                    town_id=town,
                    message=_("%(where)s本月新增不良信用记录%(n)s条，明显高于前三个月。")
                    % {"where": _town_name(town), "n": counts[-1]},
                    url=f"{reverse('credit:record_list')}?category={Category.ADVERSE}",
                )
            )
    CreditGrade.objects.all().delete()
    CreditGrade.objects.bulk_create(grade_rows, batch_size=2000)
    CreditMonth.objects.all().delete()
    CreditMonth.objects.bulk_create(rows, batch_size=2000)
    Alert.objects.filter(kind=Alert.Kind.CREDIT_SPIKE).delete()
    Alert.objects.bulk_create(alerts)
    return len(grade_rows) + len(rows) + len(alerts)


def _town_name(town_id) -> str:
    if town_id is None:
        return _("全区")
    return Town.objects.filter(pk=town_id).values_list("name", flat=True).first() or ""


# --- requests for a refresh ----------------------------------------------------------------------


def request_refresh() -> bool:
    """Queue one refresh DEBOUNCE_SECONDS after the first of a burst of events that change the
    summary rows: the burst's later events find the key and queue nothing (their changes are
    committed before the refresh starts); the key expires as the refresh starts, so an event after
    that queues the next one. Returns whether this call queued it."""
    from .tasks import refresh_cockpit_task

    if not cache.add(DEBOUNCE_KEY, 1, timeout=DEBOUNCE_SECONDS):
        return False
    refresh_cockpit_task.apply_async(countdown=DEBOUNCE_SECONDS)
    return True


def refresh_after_commit(**kwargs) -> None:
    """A signal receiver: a refresh once the change is committed."""
    transaction.on_commit(request_refresh)


# --- entered actuals -----------------------------------------------------------------------------


@transaction.atomic
def actual_entry_save(
    *, actor, indicator: DistrictIndicator, year: int, month: int, value: Decimal, source_note: str
) -> ActualEntry:
    require(permissions.can_enter_actuals(actor))
    if not indicator.programme.start_year <= year <= indicator.programme.end_year:
        raise ValidationError({"year": _("年度须在方案期限内。")})
    if not 1 <= month <= 12:
        raise ValidationError({"month": _("月份须为1至12。")})
    if not (source_note or "").strip():
        raise ValidationError({"source_note": _("请注明数据来源。")})
    entry = (
        ActualEntry.objects.select_for_update().filter(indicator=indicator, year=year, month=month).first()
    )
    before = audit.snapshot(entry) if entry else None
    if entry is None:
        entry = ActualEntry(indicator=indicator, year=year, month=month, entered_by=actor)
    entry.value, entry.source_note, entry.entered_by = value, source_note.strip(), actor
    entry.full_clean()
    entry.save()
    audit.record(
        actor=actor,
        action=audit.AuditAction.UPDATE if before else audit.AuditAction.CREATE,
        instance=entry,
        before=before,
        after=audit.snapshot(entry),
    )
    transaction.on_commit(request_refresh)
    return entry

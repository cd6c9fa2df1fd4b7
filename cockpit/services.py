"""Writes of the cockpit: the refresh of its summary tables and the office's entered actuals.

refresh_cockpit rewrites one year's rows (delete and insert in one transaction, under an advisory
lock), so a second run gives the same rows and only the stamp (CockpitRun) moves on.
"""

import math
import time
from datetime import date
from decimal import Decimal

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.permissions import require
from programs.models import DistrictIndicator, PoolQuota, Programme, Town

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
        if y == in_force:
            rows += _refresh_credit(y, towns, today)
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


def expected_by(quota_min: int | None, progress: Decimal) -> int | None:
    """Entries a pool should hold at `progress` % of the year: its minimum pro rata, rounded up."""
    if quota_min is None:
        return None
    return math.ceil(Decimal(quota_min) * progress / 100)


def _refresh_pools(programme: Programme, year: int, today: date) -> int:
    from pools.models import Nomination, NominationState, ever_submitted

    counts = (
        Nomination.objects.filter(programme=programme, year=year)
        .order_by()
        .values("pool_id", "town_id", "state")
        .annotate(
            n=Count("id"),
            sent=Count("id", filter=ever_submitted()),
            kept=Count("id", filter=Q(state=NominationState.APPROVED, removed_at__isnull=True)),
        )
    )
    table: dict = {}
    for count in counts:
        for town in (count["town_id"], None):
            status = table.setdefault((count["pool_id"], town), {"states": {}, "submitted": {}, "in_pool": 0})
            status["states"][count["state"]] = status["states"].get(count["state"], 0) + count["n"]
            status["submitted"][count["state"]] = status["submitted"].get(count["state"], 0) + count["sent"]
            status["in_pool"] += count["kept"]
    quotas = {
        q.pool_id: q
        for q in PoolQuota.objects.filter(pool__programme=programme, year=year).select_related("pool")
    }
    rows: list[PoolStatus] = []
    alerts: list[Alert] = []
    month = as_of_month(year, today)
    progress = time_progress(year, month, today) if month else Decimal(0)
    for pool_id in quotas:
        table.setdefault((pool_id, None), {"states": {}, "submitted": {}, "in_pool": 0})
    for (pool_id, town), status in table.items():
        quota = quotas.get(pool_id)
        row = PoolStatus(year=year, pool_id=pool_id, town_id=town, **status)
        if town is None and quota is not None:
            row.quota_min, row.quota_max = quota.quota_min, quota.quota_max
            expected = expected_by(quota.quota_min, progress)
            if expected and row.in_pool < expected:
                alerts.append(
                    Alert(
                        year=year,
                        kind=Alert.Kind.POOL_BELOW_QUOTA,
                        pool_id=pool_id,
                        message=_("%(pool)s在库%(n)s家，按时间进度应达%(expected)s家（年度数量%(quota)s）。")
                        % {
                            "pool": quota.pool.name,
                            "n": row.in_pool,
                            "expected": expected,
                            "quota": quota.display,
                        },
                        url=reverse("pools:pool_page", args=[year, quota.pool.code]),
                    )
                )
        rows.append(row)
    PoolStatus.objects.filter(year=year).delete()
    PoolStatus.objects.bulk_create(rows, batch_size=2000)
    Alert.objects.filter(year=year, kind=Alert.Kind.POOL_BELOW_QUOTA).delete()
    Alert.objects.bulk_create(alerts)
    return len(rows) + len(alerts)


# --- credit --------------------------------------------------------------------------------------


def months_back(today: date, count: int = 12) -> list[date]:
    out, y, m = [], today.year, today.month
    for _i in range(count):
        out.append(date(y, m, 1))
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
    return out[::-1]


def is_spike(current: int, previous: list[int]) -> bool:
    """More adverse records this month than twice the average of the months before, and at least
    SPIKE_MINIMUM."""
    average = sum(previous) / len(previous) if previous else 0
    return current >= SPIKE_MINIMUM and current > 2 * average


def _refresh_credit(year: int, towns: list, today: date) -> int:
    from credit.models import Category, CreditRecord, CreditStatus, RecordStatus
    from enterprises.models import Enterprise

    grades: dict = {}
    for graded in (
        CreditStatus.objects.exclude(grade="")
        .order_by()
        .values("enterprise__town_id", "grade")
        .annotate(n=Count("id"))
    ):
        for town in (graded["enterprise__town_id"], None):
            grades[(town, graded["grade"])] = grades.get((town, graded["grade"]), 0) + graded["n"]
    unrated = Q(credit_status__isnull=True) | Q(credit_status__grade="")
    for ungraded in Enterprise.objects.order_by().values("town_id").annotate(n=Count("id", filter=unrated)):
        for town in (ungraded["town_id"], None):
            grades[(town, "")] = grades.get((town, ""), 0) + ungraded["n"]
    CreditGrade.objects.all().delete()
    CreditGrade.objects.bulk_create([CreditGrade(town_id=t, grade=g, n=n) for (t, g), n in grades.items()])

    months = months_back(today)
    listed: dict = {}
    for listing in (
        CreditStatus.objects.filter(blacklisted=True)
        .annotate(m=TruncMonth("blacklisted_since"))
        .order_by()
        .values("enterprise__town_id", "m")
        .annotate(n=Count("id"))
    ):
        for town in (listing["enterprise__town_id"], None):
            listed.setdefault(town, []).append(
                (listing["m"].date() if hasattr(listing["m"], "date") else listing["m"], listing["n"])
            )
    adverse: dict = {}
    for recorded in (
        CreditRecord.objects.filter(kind__category=Category.ADVERSE, occurred_on__gte=months[0])
        .exclude(status=RecordStatus.WITHDRAWN)
        .annotate(m=TruncMonth("occurred_on"))
        .order_by()
        .values("enterprise__town_id", "m")
        .annotate(n=Count("id"))
    ):
        for town in (recorded["enterprise__town_id"], None):
            adverse[(town, recorded["m"])] = adverse.get((town, recorded["m"]), 0) + recorded["n"]
    rows: list[CreditMonth] = []
    alerts: list[Alert] = []
    for town in [None, *towns]:
        series = []
        for month in months:
            n_listed = sum(n for m, n in listed.get(town, []) if m <= month)
            n_adverse = adverse.get((town, month), 0)
            series.append(n_adverse)
            rows.append(CreditMonth(month=month, town_id=town, blacklisted=n_listed, adverse=n_adverse))
        if is_spike(series[-1], series[-4:-1]):
            alerts.append(
                Alert(
                    year=year,
                    kind=Alert.Kind.CREDIT_SPIKE,
                    town_id=town,
                    message=_("%(where)s本月新增不良信用记录%(n)s条，明显高于前三个月。")
                    % {"where": _town_name(town), "n": series[-1]},
                    url=f"{reverse('credit:record_list')}?category={Category.ADVERSE}",
                )
            )
    CreditMonth.objects.all().delete()
    CreditMonth.objects.bulk_create(rows, batch_size=2000)
    Alert.objects.filter(kind=Alert.Kind.CREDIT_SPIKE).delete()
    Alert.objects.bulk_create(alerts)
    return len(grades) + len(rows) + len(alerts)


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

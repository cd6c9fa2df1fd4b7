"""The pools' rows: nominations by state at each month's end against the quota; shortfall alerts."""

import math
from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.dates import end_of_day
from programs.models import PoolQuota, Programme

from ..derivations import months_of, time_progress
from ..models import Alert, PoolStatus
from .periods import month_end

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

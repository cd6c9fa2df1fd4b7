"""The refresh of the summary rows (one run under an advisory lock) and the debounced requests for one."""

import time
from datetime import date
from decimal import Decimal

from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone

from programs.models import Programme, Town

from .. import panels
from ..models import CockpitRun
from .credit_rows import _refresh_credit
from .indicator_rows import _refresh_indicators
from .late_rows import _refresh_late
from .periods import year_in_force
from .pool_rows import _refresh_pools

LOCK_KEY = 7_130_013  # pg_advisory_xact_lock: one refresh at a time
DEBOUNCE_KEY = "cockpit:refresh:queued"
DEBOUNCE_SECONDS = 60


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


# --- requests for a refresh ----------------------------------------------------------------------


def request_refresh() -> bool:
    """Queue one refresh DEBOUNCE_SECONDS after the first of a burst of events that change the
    summary rows: the burst's later events find the key and queue nothing (their changes are
    committed before the refresh starts); the key expires as the refresh starts, so an event after
    that queues the next one. Returns whether this call queued it."""
    from ..tasks import refresh_cockpit_task

    if not cache.add(DEBOUNCE_KEY, 1, timeout=DEBOUNCE_SECONDS):
        return False
    refresh_cockpit_task.apply_async(countdown=DEBOUNCE_SECONDS)
    return True


def refresh_after_commit(**kwargs) -> None:
    """A signal receiver: a refresh once the change is committed."""
    transaction.on_commit(request_refresh)

"""Reporting obligations at a province's volume: `make bench` (or `pytest benchmarks/test_bench_reporting_dues.py -m benchmark -s`).

Data: seed_demo at scale 10 (≈15,000 enterprises), committed once to the bench database (see
conftest.py). Then, inside the test's transaction (rolled back at the end), approved pool entries for
2019 over BENCH_ENTRIES enterprises (reporting_data.py), and their monthly obligations made by the
scheduled task's service (most submitted, some late, some missing).

Measured:
1. The scheduled task (obligations, reminders, lateness) over all entries: time, queries, idempotency.
2. The late-reports page (office: all towns; a town: its own) and the report list: queries, median/p95.

Results are printed and written to benchmarks/results/reporting-dues.json. The monthly figures, their
import and the 同比 derivation: test_bench_reporting_figures.py.
"""

import os
import random
import time
from datetime import datetime, timedelta
from datetime import time as clock

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from .reporting_data import make_entries
from .support import RESULTS_DIR, SCALE, WARMUP, N, finish, page, print_pages, timed

pytestmark = [pytest.mark.benchmark, pytest.mark.django_db]

ENTRIES = int(os.environ.get("BENCH_ENTRIES", 3000))
RESULTS = RESULTS_DIR / "reporting-dues.json"


def test_obligations_task_and_late_pages_at_province_scale(bench_db):
    from accounts.models import Role, User
    from reporting import services
    from reporting.models import ReportDue

    started = time.monotonic()
    programme = bench_db
    results: dict = {"scale": SCALE, "n": N, "warmup": WARMUP}

    # --- 1. entries and the scheduled task -----------------------------------------------------------
    made = make_entries(programme, ENTRIES)
    counts, task_s, task_q = timed(lambda: services.reporting_daily())
    again, again_s, again_q = timed(lambda: services.reporting_daily())
    assert again == {"created": 0, "reminded": 0, "late": 0}
    # realistic history: 70% submitted on time, 10% late, 20% still missing
    dues = list(ReportDue.objects.values_list("pk", "due_on"))
    rng = random.Random(5)
    on_time, late = [], []
    for pk, due_on in dues:
        draw = rng.random()
        (on_time if draw < 0.7 else late if draw < 0.8 else []).append((pk, due_on))
    for bucket, delta in ((on_time, -2), (late, 7)):
        by_day = {}
        for pk, due_on in bucket:
            by_day.setdefault(due_on, []).append(pk)
        for due_on, pks in by_day.items():
            ReportDue.objects.filter(pk__in=pks).update(
                submitted_at=timezone.make_aware(datetime.combine(due_on + timedelta(days=delta), clock(10)))
            )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE reporting_reportdue; ANALYZE pools_nomination")
    results["task"] = {
        "entries_generated": made,
        "dues": len(dues),
        "first_run": counts,
        "first_run_s": round(task_s, 2),
        "first_run_queries": task_q,
        "second_run_s": round(again_s, 2),
        "second_run_queries": again_q,
    }
    print(
        f"{made:,} pool entries; task: {counts} in {task_s:.2f}s ({task_q} queries); "
        f"second run {again_s:.2f}s ({again_q} queries), nothing to do"
    )

    # --- 2. pages ------------------------------------------------------------------------------------
    office = Client()
    office.force_login(User.objects.get(username="office"))
    town_user = (
        User.objects.filter(role=Role.TOWN, username__startswith="town_").order_by("town__order").first()
    )
    town = Client()
    town.force_login(town_user)
    results["pages"] = [
        {"page": "late reports (office, all towns)", **page(office, "/reporting/late/")},
        {"page": "late reports, 2019 (office)", **page(office, "/reporting/late/?year=2019")},
        {"page": f"late reports ({town_user.town.name})", **page(town, "/reporting/late/")},
        {"page": "report list (office)", **page(office, "/reporting/")},
    ]

    print_pages(results["pages"])
    finish(results, RESULTS, started)

    # the pages' query counts do not depend on the data size (bounded, paginated)
    assert all(p["queries"] <= 20 for p in results["pages"]), results["pages"]

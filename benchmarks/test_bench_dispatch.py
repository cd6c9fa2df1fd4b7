"""The monthly dispatch report at a province's volume: `pytest benchmarks/test_bench_dispatch.py -m benchmark -s`.

Data: seed_demo at scale 10 (≈15,000 enterprises; its demo year of dispatch reports: January–November
published, December a draft), committed once to the bench database (see conftest.py). Then, inside the
test's transaction (rolled back at the end): approved pool entries of the programme's last year over
BENCH_ENTRIES enterprises, each with its December obligation (most on time, some late, some missing), a
development plan with three milestones and an output goal — first a third of them, then all.

Measured:
1. Regenerating December's draft with a third of the entries and with all of them: time and queries
   (the query count must be the same at both sizes).
2. Publishing it: numbering, the .docx and .xlsx built, stored and hashed, every unit notified.
3. The report page for the office (every row) and a town (its own rows): median and p95 over BENCH_N.

Results are printed and written to benchmarks/results/dispatch.json. Target: under 10 s for a month.
"""

import json
import os
import random
import statistics
import time
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

pytestmark = [pytest.mark.benchmark, pytest.mark.django_db]

N = int(os.environ.get("BENCH_N", 10))
SCALE = float(os.environ.get("BENCH_SCALE", 10))
ENTRIES = int(os.environ.get("BENCH_ENTRIES", 3000))
TARGET_SECONDS = 10.0
RESULTS = Path(__file__).resolve().parent / "results" / "dispatch.json"


@pytest.fixture(scope="module")
def bench_db(django_db_setup, django_db_blocker):
    from programs.models import Programme

    with django_db_blocker.unblock():
        started = time.monotonic()
        call_command("seed_demo", scale=SCALE, quiet=True)
        print(f"\nseed_demo scale {SCALE}: {time.monotonic() - started:.1f}s")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        return Programme.objects.current()


def add_entries(programme, enterprises, year: int) -> int:
    """Approved entries with a December obligation, a plan, three milestones and an output goal each."""
    from pools.models import Nomination, NominationState
    from reporting.models import DevelopmentPlan, Milestone, MilestoneStatus, PlanGoal, ReportDue

    rng = random.Random(len(enterprises))
    pools = list(programme.pools.filter(subject="enterprise").order_by("order"))
    now = timezone.now()
    nominations = Nomination.objects.bulk_create(
        [
            Nomination(
                programme=programme,
                year=year,
                pool=pools[i % len(pools)],
                town_id=e.town_id,
                enterprise=e,
                state=NominationState.APPROVED,
                submitted_at=now,
                decided_at=now,
            )
            for i, e in enumerate(enterprises)
        ],
        batch_size=2000,
    )
    from pools import reach

    reach.rebuild()  # bulk_create passes by the signals that keep the departments' enterprises
    due = date(year + 1, 1, 5)
    dues = []
    for e in enterprises:
        roll = rng.random()
        submitted = None
        if roll < 0.75:
            submitted = timezone.make_aware(datetime(year + 1, 1, 3, 10))
        elif roll < 0.9:
            submitted = timezone.make_aware(datetime(year + 1, 1, 8, 10))
        dues.append(ReportDue(enterprise=e, year=year, month=12, due_on=due, submitted_at=submitted))
    ReportDue.objects.bulk_create(dues, batch_size=2000, ignore_conflicts=True)
    plans = DevelopmentPlan.objects.bulk_create(
        [
            DevelopmentPlan(nomination=n, enterprise_id=n.enterprise_id, town_id=n.town_id)
            for n in nominations
        ],
        batch_size=2000,
    )
    milestones, goals = [], []
    for p in plans:
        for k in range(3):
            status = rng.choice([MilestoneStatus.DONE, MilestoneStatus.IN_PROGRESS, MilestoneStatus.PLANNED])
            milestones.append(
                Milestone(
                    plan=p,
                    title=f"节点{k + 1}",
                    due_on=date(year, 10 + k, 15),
                    status=status,
                    done_on=date(year, 10 + k, 10) if status == MilestoneStatus.DONE else None,
                )
            )
        goals.append(PlanGoal(plan=p, year=year, metric="output", target=Decimal("5000"), description="产值"))
    Milestone.objects.bulk_create(milestones, batch_size=5000)
    PlanGoal.objects.bulk_create(goals, batch_size=5000)
    with connection.cursor() as cursor:  # as autovacuum would after a bulk load: fresh planner statistics
        cursor.execute(
            "ANALYZE pools_nomination, reporting_reportdue, reporting_milestone, reporting_plangoal"
        )
    return len(nominations)


def timed(fn):
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        result = fn()
        seconds = time.perf_counter() - started
    return result, seconds, len(queries)


def page_times(client: Client, url: str) -> dict:
    client.get(url)  # warm-up
    samples = []
    for _ in range(N):
        started = time.perf_counter()
        response = client.get(url)
        samples.append(time.perf_counter() - started)
        assert response.status_code == 200
    samples.sort()
    return {
        "median_ms": round(statistics.median(samples) * 1000, 1),
        "p95_ms": round(samples[min(len(samples) - 1, int(len(samples) * 0.95))] * 1000, 1),
    }


def test_bench_dispatch(bench_db):
    from accounts.models import Role, User
    from assessment.models import DispatchReport
    from assessment.services.dispatch import dispatch_publish, generate_dispatch_report
    from enterprises.models import Enterprise
    from pools.models import Nomination

    programme = bench_db
    year = programme.end_year
    today = date(year + 1, 1, 10)
    taken = Nomination.objects.filter(programme=programme, year=year, enterprise__isnull=False).values(
        "enterprise_id"
    )
    free = list(Enterprise.objects.exclude(pk__in=taken).order_by("pk")[:ENTRIES])
    third = len(free) // 3
    results: dict = {"scale": SCALE, "entries_added": len(free)}

    added = add_entries(programme, free[:third], year)
    generate_dispatch_report(year, 12, today=today)  # warm-up: content types and the like cached
    report, seconds, queries = timed(lambda: generate_dispatch_report(year, 12, today=today))
    small = report.snapshot["reporting"]["totals"]["entries"]
    results["generate_small"] = {"entries": small, "seconds": round(seconds, 3), "queries": queries}

    added += add_entries(programme, free[third:], year)
    report, seconds, queries_large = timed(lambda: generate_dispatch_report(year, 12, today=today))
    large = report.snapshot["reporting"]["totals"]["entries"]
    results["generate_large"] = {"entries": large, "seconds": round(seconds, 3), "queries": queries_large}
    assert large == small + (added - third)
    assert queries_large == queries, "the query count must not grow with the entries"
    assert seconds < TARGET_SECONDS

    office = User.objects.get(username="office")
    published, seconds, queries = timed(
        lambda: dispatch_publish(actor=office, report=report, issued_on=today)
    )
    results["publish"] = {
        "seconds": round(seconds, 3),
        "queries": queries,
        "docx_bytes": published.docx_file.size,
        "xlsx_bytes": published.xlsx_file.size,
        "notified": User.objects.filter(is_active=True, role__in=[Role.TOWN, Role.DEPARTMENT]).count(),
    }
    assert seconds < TARGET_SECONDS

    client = Client()
    client.force_login(office)
    url = f"/assessment/dispatch/{published.pk}/"
    results["page_office"] = page_times(client, url)
    town = User.objects.filter(role=Role.TOWN).first()
    client.force_login(town)
    results["page_town"] = page_times(client, url)
    results["page_list_town"] = page_times(client, "/assessment/dispatch/")
    results["reports_of_the_year"] = DispatchReport.objects.filter(programme=programme, year=year).count()

    print("\n" + json.dumps(results, ensure_ascii=False, indent=2))
    RESULTS.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")

"""The leadership cockpit at a province's volume: `pytest benchmarks/test_bench_cockpit.py -m benchmark -s`.

Data: seed_demo at BENCH_SCALE (default 10: ≈15,000 enterprises), committed once to the bench database
(see conftest.py); its activity grows with the scale (portal/demo_scale.py: nominations near each
year's quotas × scale, plans, milestones and monthly reports), and it ends with a cockpit refresh.
Measured (in the test's transaction, rolled back):

1. refresh_cockpit() of every programme year: wall time and SQL queries, twice (idempotent: the same
   rows);
2. the cockpit page for the office (district), a town and a department, and as a reference the Django
   admin changelist of the enterprises (superuser): SQL queries of one request and the median / p95
   of BENCH_N requests after BENCH_WARMUP.

Results are printed and written to benchmarks/results/cockpit-<scale>.json.
"""

import json
import math
import os
import platform
import resource
import statistics
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

pytestmark = [pytest.mark.benchmark, pytest.mark.django_db]

N = int(os.environ.get("BENCH_N", 30))
WARMUP = int(os.environ.get("BENCH_WARMUP", 3))
SCALE = float(os.environ.get("BENCH_SCALE", 10))
RESULTS = Path(__file__).resolve().parent / "results" / f"cockpit-{SCALE:g}.json"


@pytest.fixture(scope="module")
def bench_db(django_db_setup, django_db_blocker):
    """seed_demo at SCALE, committed to the bench database (idempotent: a rerun adds little)."""
    with django_db_blocker.unblock():
        started = time.monotonic()
        call_command("seed_demo", scale=SCALE, quiet=True)
        seconds = time.monotonic() - started
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return {
        "seed_demo_seconds": round(seconds, 1),
        "max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def _p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _measure(label: str, client: Client, url: str) -> dict:
    for _ in range(WARMUP):
        assert client.get(url).status_code == 200, url
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200, url
    count = len(queries)
    samples = []
    for _ in range(N):
        started = time.perf_counter()
        client.get(url)
        samples.append((time.perf_counter() - started) * 1000)
    return {
        "page": label,
        "url": url,
        "queries": count,
        "median_ms": round(statistics.median(samples), 1),
        "p95_ms": round(_p95(samples), 1),
        "n": N,
    }


def _refresh() -> dict:
    from cockpit.services import refresh_cockpit

    started = time.monotonic()
    with CaptureQueriesContext(connection) as queries:
        runs = refresh_cockpit()
    return {
        "seconds": round(time.monotonic() - started, 2),
        "queries": len(queries),
        "rows": sum(run.rows for run in runs),
    }


def test_cockpit_at_province_scale(bench_db):
    from accounts.models import Role, User
    from enterprises.models import Enterprise
    from pools.models import Nomination
    from reporting.models import Figure, Report

    data = {
        "scale": SCALE,
        "enterprises": Enterprise.objects.count(),
        "nominations": Nomination.objects.count(),
        "reports": Report.objects.count(),
        "figures": Figure.objects.count(),
        **bench_db,
    }
    refreshes = [_refresh(), _refresh()]
    assert refreshes[0]["rows"] == refreshes[1]["rows"]
    assert refreshes[0]["queries"] < 500, refreshes  # never a query per enterprise or nomination

    superuser, _ = User.objects.get_or_create(
        username="bench_cockpit_superuser",
        defaults={"role": Role.ADMIN, "is_staff": True, "is_superuser": True},
    )
    town = User.objects.filter(role=Role.TOWN).order_by("username").first()
    pages = [
        _measure("cockpit (office)", _client(User.objects.get(username="office")), "/cockpit/"),
        _measure("cockpit (a town)", _client(town), "/cockpit/"),
        _measure("cockpit (区经信局)", _client(User.objects.get(username="dept_economy_info")), "/cockpit/"),
        _measure(
            "admin changelist, enterprises (superuser)", _client(superuser), "/admin/enterprises/enterprise/"
        ),
    ]
    report = {
        "data": data,
        "refresh": refreshes,
        "pages": pages,
        "environment": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "database": connection.vendor,
        },
    }
    print("\n\ncockpit at scale", SCALE, json.dumps(data, ensure_ascii=False))
    for i, run in enumerate(refreshes, start=1):
        print(f"refresh {i}: {run['seconds']} s, {run['queries']} queries, {run['rows']} rows")
    print(f"\n{'page':44}{'queries':>8}{'median ms':>11}{'p95 ms':>9}")
    for page in pages:
        print(f"{page['page']:44}{page['queries']:>8}{page['median_ms']:>11}{page['p95_ms']:>9}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    # The page's own reads and each panel's fixed number (tests/cockpit/test_pages.py pins them equal at
    # two data sizes); here: never a query per row at a province's size.
    cockpit_queries = {p["queries"] for p in pages[:3]}
    assert max(cockpit_queries) <= 30, pages

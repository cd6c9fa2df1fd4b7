"""Credit at a province's volume: `make bench` (or `pytest benchmarks/test_bench_credit.py -m benchmark -s`).

Data: seed_demo at scale 10 (≈15,000 enterprises) committed once to the bench database (see conftest.py):
its credit part adds ≈6.7 records per enterprise (≈100,000, loaded with COPY) and a first rating run.
Inside the test's transaction (rolled back at the end):

1. Rating every enterprise (credit.rating.rate_all, what the monthly Celery task runs):
   - a run where nothing changed (the usual monthly run: reads everything, appends nothing);
   - a run after 区金融办 publishes a new model version (every enterprise gets a new rating row);
   - the same run again (idempotent: nothing appended).
   For each: wall time, SQL queries, ratings appended. The test fails if a run takes anything like one
   query per enterprise.
2. The credit overview (office; 区金融办), the ratings list (office sorted by rating; a town), a source
   department's records list, the rating API list and an enterprise's credit page: SQL queries of one
   request and the median / p95 of BENCH_N requests after BENCH_WARMUP; and the xlsx export of all
   enterprises (one request).

Results are printed and written to benchmarks/results/credit.json.
"""

import json
import math
import os
import platform
import statistics
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

pytestmark = [pytest.mark.benchmark, pytest.mark.django_db]

N = int(os.environ.get("BENCH_N", 20))
WARMUP = int(os.environ.get("BENCH_WARMUP", 2))
SCALE = float(os.environ.get("BENCH_SCALE", 10))
RESULTS = Path(__file__).resolve().parent / "results" / "credit.json"


@pytest.fixture(scope="module")
def bench_db(django_db_setup, django_db_blocker):
    """seed_demo at SCALE, committed to the bench database (idempotent: a rerun adds nothing)."""
    with django_db_blocker.unblock():
        print()
        started = time.monotonic()
        call_command("seed_demo", scale=SCALE, quiet=True)
        seconds = time.monotonic() - started
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return {"seed_demo_seconds": round(seconds, 1)}


def _run(label: str, **kwargs) -> dict:
    from credit.rating import rate_all

    started = time.monotonic()
    with CaptureQueriesContext(connection) as queries:
        summary = rate_all(**kwargs)
    seconds = time.monotonic() - started
    return {
        "run": label,
        "seconds": round(seconds, 2),
        "queries": len(queries),
        **summary.as_dict(),
        "ms_per_enterprise": round(seconds * 1000 / max(summary.rated, 1), 3),
    }


def _p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def _client(username: str) -> Client:
    from accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def _measure(label: str, client: Client, url: str, n: int = N) -> dict:
    for _ in range(WARMUP):
        assert client.get(url).status_code == 200, url
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    count = len(
        queries
    )  # now: the captured slice is read from the connection's log, which the next request resets
    samples = []
    for _ in range(n):
        started = time.perf_counter()
        client.get(url)
        samples.append((time.perf_counter() - started) * 1000)
    return {
        "page": label,
        "url": url,
        "queries": count,
        "median_ms": round(statistics.median(samples), 1),
        "p95_ms": round(_p95(samples), 1),
        "n": n,
    }


def test_credit_at_province_scale(bench_db):
    from django.db.models import Count

    from accounts.models import User
    from credit import services
    from credit.models import CreditRecord, CreditStatus, Rating, RatingTrigger
    from credit.rating import active_model
    from enterprises.models import Enterprise

    enterprises = Enterprise.objects.count()
    records = CreditRecord.objects.count()
    data = {
        "scale": SCALE,
        "enterprises": enterprises,
        "records": records,
        **bench_db,
        "records_by_category": dict(
            CreditRecord.objects.values_list("kind__category").annotate(n=Count("id"))
        ),
        "blacklisted": CreditStatus.objects.filter(blacklisted=True).count(),
    }
    assert records >= 90_000 * SCALE / 10, data

    # 1. rating every enterprise
    runs = [_run("monthly, nothing changed", trigger=RatingTrigger.SCHEDULE)]
    owner = User.objects.get(username="dept_financial_office")
    rules = active_model().rules
    rules["decay"] = [{"from_years": 0, "factor": "1"}, {"from_years": 2, "factor": "0.5"}]
    services.model_publish(actor=owner, rules=rules, notes="benchmark: a new version re-rates everyone")
    runs.append(_run("new model version: every enterprise re-rated", trigger=RatingTrigger.MODEL))
    runs.append(_run("same run again (idempotent)", trigger=RatingTrigger.MODEL))
    assert runs[0]["appended"] == 0 and runs[2]["appended"] == 0
    assert runs[1]["appended"] == runs[1]["rated"] == enterprises
    for run in runs:
        assert run["queries"] < enterprises / 100, run  # never one query per enterprise

    # 2. pages
    town_user = User.objects.filter(role="town").order_by("username").first().username
    blacklisted = (
        CreditStatus.objects.filter(blacklisted=True).order_by("enterprise_id").first().enterprise_id
    )
    pages = [
        _measure("overview (office)", _client("office"), "/credit/overview/"),
        _measure("overview (区金融办)", _client("dept_financial_office"), "/credit/overview/"),
        _measure("ratings, by rating (office)", _client("office"), "/credit/ratings/?sort=rating"),
        _measure("ratings (a town)", _client(town_user), "/credit/ratings/"),
        _measure("records (区法院)", _client("dept_court"), "/credit/records/"),
        _measure(
            "records, severe in effect (区金融办)",
            _client("dept_financial_office"),
            "/credit/records/?severity=severe&in_effect=yes",
        ),
        _measure("blacklist (区金融办)", _client("dept_financial_office"), "/credit/blacklist/"),
        _measure("enterprise credit page (office)", _client("office"), f"/credit/enterprises/{blacklisted}/"),
        _measure("GET /api/v1/credit/ratings/ (office)", _client("office"), "/api/v1/credit/ratings/"),
        _measure(
            "export xlsx, all enterprises (office)", _client("office"), "/credit/overview/export.xlsx", n=3
        ),
    ]
    report = {
        "data": data,
        "rating_runs": runs,
        "pages": pages,
        "environment": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "database": connection.vendor,
            "ratings_in_history": Rating.objects.count(),
        },
    }
    print("\n\ncredit at scale", SCALE, json.dumps(data, ensure_ascii=False))
    print(f"\n{'rating run':48}{'seconds':>9}{'queries':>9}{'rated':>8}{'appended':>10}{'ms/ent.':>9}")
    for run in runs:
        print(
            f"{run['run']:48}{run['seconds']:>9}{run['queries']:>9}{run['rated']:>8}{run['appended']:>10}"
            f"{run['ms_per_enterprise']:>9}"
        )
    print(f"\n{'page':44}{'queries':>8}{'median ms':>11}{'p95 ms':>9}")
    for page in pages:
        print(f"{page['page']:44}{page['queries']:>8}{page['median_ms']:>11}{page['p95_ms']:>9}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")

"""Enterprise reporting at a province's volume: `make bench` (or `pytest benchmarks/test_bench_reporting.py -m benchmark -s`).

Data: seed_demo at scale 10 (≈15,000 enterprises, the statistics bureau's annual figures of the
above-scale ones), committed once to the bench database (see conftest.py). Then, inside the test's
transaction (rolled back at the end):

- 3 years (2017–2019) × 12 months of official figures for every enterprise, all 8 figures, month and
  year-to-date: ≈4.3 million rows, loaded with PostgreSQL COPY;
- approved pool entries for 2019 over BENCH_ENTRIES enterprises, and their monthly obligations made by
  the scheduled task's service (most submitted, some late, some missing).

Measured:
1. Import of a 10,000-row statistics xlsx (区统计局): the 2019 annual file (new rows) and the December
   2019 monthly file (overwrites existing rows): reading the xlsx, validating and writing, rows/s, queries.
2. The scheduled task (obligations, reminders, lateness) over all entries: time, queries, idempotency.
3. The late-reports page (office: all towns; a town: its own) and the report list: queries, median/p95.
4. The derivation of 同比 for all enterprises (year 2019, and June 2019 year-to-date): time, queries; the
   indicators API page and the xlsx export of all enterprises' figures for the year.

Results are printed and written to benchmarks/results/reporting.json.
"""

import io
import json
import math
import os
import random
import statistics
import time
from datetime import datetime, timedelta
from datetime import time as clock
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import Workbook

pytestmark = [pytest.mark.benchmark, pytest.mark.django_db]

N = int(os.environ.get("BENCH_N", 20))
WARMUP = int(os.environ.get("BENCH_WARMUP", 2))
SCALE = float(os.environ.get("BENCH_SCALE", 10))
ENTRIES = int(os.environ.get("BENCH_ENTRIES", 3000))
IMPORT_ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", 10000))
YEARS = (2017, 2018, 2019)
RESULTS = Path(__file__).resolve().parent / "results" / "reporting.json"
PREFIX = "bench_reporting_"


@pytest.fixture(scope="module")
def bench_db(django_db_setup, django_db_blocker):
    """seed_demo at SCALE, committed to the bench database (idempotent: a rerun adds nothing)."""
    from programs.models import Programme

    with django_db_blocker.unblock():
        started = time.monotonic()
        call_command("seed_demo", scale=SCALE, quiet=True)
        print(f"\nseed_demo scale {SCALE}: {time.monotonic() - started:.1f}s")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        return Programme.objects.current()


# --- data ------------------------------------------------------------------------------------------


def load_monthly_figures(enterprise_ids: list[int]) -> tuple[int, float]:
    """Official month and year-to-date figures, 3 years × 12 months × 8 figures per enterprise, via COPY."""
    from reporting.figures import FIGURE_CODES, NOT_CUMULATIVE

    shares = {
        "output": 1.0,
        "main_revenue": 0.93,
        "tax": 0.045,
        "fixed_asset_investment": 0.12,
        "rd_spending": 0.018,
        "high_end_revenue": 0.38,
        "custom_order_value": 0.06,
    }
    rng = random.Random(2017)
    now = timezone.now().isoformat()
    columns = "enterprise_id, year, month, metric, source, value, ytd, updated_at"
    started = time.monotonic()
    buffer = io.StringIO()
    with connection.cursor() as cursor:
        for n, pk in enumerate(enterprise_ids, start=1):
            base = rng.choice([600, 2500, 8000, 40000, 150000]) * rng.uniform(0.8, 1.2)
            for year in YEARS:
                base *= rng.uniform(0.9, 1.3)
                ytd = dict.fromkeys(FIGURE_CODES, 0.0)
                for month in range(1, 13):
                    for code in FIGURE_CODES:
                        if code in NOT_CUMULATIVE:
                            buffer.write(
                                f"{pk},{year},{month},{code},official,{int(base / 80) + 20},,{now}\n"
                            )
                            continue
                        value = round(base * shares[code] / 12 * rng.uniform(0.8, 1.2), 2)
                        ytd[code] = round(ytd[code] + value, 2)
                        buffer.write(
                            f"{pk},{year},{month},{code},official,{value:.2f},{ytd[code]:.2f},{now}\n"
                        )
            if n % 1000 == 0 or n == len(enterprise_ids):
                buffer.seek(0)
                cursor.copy_expert(f"COPY reporting_figure ({columns}) FROM STDIN WITH (FORMAT csv)", buffer)
                buffer = io.StringIO()
        cursor.execute("ANALYZE reporting_figure")
    rows = len(enterprise_ids) * len(YEARS) * 12 * len(FIGURE_CODES)
    return rows, time.monotonic() - started


def make_entries(programme, count: int) -> int:
    """Approved 2019 entries for `count` enterprises, spread over the enterprise pools (bulk)."""
    from enterprises.models import Enterprise
    from pools.models import Nomination, NominationState
    from programs.models import Pool, SubjectKind

    year = programme.end_year
    pools = list(Pool.objects.filter(programme=programme, subject=SubjectKind.ENTERPRISE).order_by("order"))
    taken = set(
        Nomination.objects.filter(year=year)
        .exclude(state="withdrawn")
        .values_list("pool_id", "enterprise_id")
    )
    rng = random.Random(2019)
    enterprises = list(Enterprise.objects.order_by("id").values_list("id", "town_id"))
    rows = []
    for ent, town in rng.sample(enterprises, count):
        pool = pools[ent % len(pools)]
        if (pool.pk, ent) in taken:
            continue
        rows.append(
            Nomination(
                programme=programme,
                year=year,
                pool=pool,
                town_id=town,
                enterprise_id=ent,
                state=NominationState.APPROVED,
                decided_at=timezone.now(),
                path_plan="围绕主导产业实施智能化技术改造。",
            )
        )
    Nomination.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def statistics_file(
    enterprises: list[tuple[str, str]], *, year: int, month: int | None
) -> SimpleUploadedFile:
    """A 区统计局 file for IMPORT_ROWS enterprises: the annual file, or a month with year-to-date columns."""
    from reporting.imports import headers_for

    codes = ["output", "main_revenue", "fixed_asset_investment", "rd_spending", "employees"]
    rng = random.Random(year * 100 + (month or 0))
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("统计数据")
    ws.append(headers_for(codes))
    for uscc, name in enterprises:
        line = [uscc, name, year, month or ""]
        for code in codes:
            value = rng.randint(100, 900000) / 100
            if code == "employees":
                line.append(rng.randint(10, 3000))
            elif month:
                line += [round(value / 12, 2), value]
            else:
                line += [value, None]  # the year-to-date column stays empty in an annual file
        ws.append(line)
    buffer = io.BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile(f"statistics-{year}-{month or 0}.xlsx", buffer.getvalue())


# --- measuring -------------------------------------------------------------------------------------


def _p95(samples):
    ordered = sorted(samples)
    return ordered[math.ceil(0.95 * len(ordered)) - 1]


def timed(fn):
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        result = fn()
        elapsed = time.perf_counter() - started
    return result, elapsed, len(captured.captured_queries)


def page(client: Client, url: str) -> dict:
    for _ in range(WARMUP):
        assert client.get(url).status_code == 200, url
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    queries = len(captured.captured_queries)  # now: later requests reset the connection's query log
    assert response.status_code == 200, url
    samples = []
    for _ in range(N):
        started = time.perf_counter()
        client.get(url)
        samples.append(time.perf_counter() - started)
    return {
        "url": url,
        "queries": queries,
        "median_ms": round(statistics.median(samples) * 1000, 1),
        "p95_ms": round(_p95(samples) * 1000, 1),
        "bytes": len(response.content),
    }


# --- the benchmark ---------------------------------------------------------------------------------


def test_reporting_at_province_scale(bench_db):
    from accounts.models import Role, User
    from enterprises.models import Enterprise
    from programs.models import Department
    from reporting import services
    from reporting.imports import load_dataset
    from reporting.models import Figure, FigureGrant, ReportDue
    from reporting.selectors import growth_rates
    from reporting.xlsx import export_workbook

    started = time.monotonic()
    programme = bench_db
    results: dict = {"scale": SCALE, "n": N, "warmup": WARMUP}
    enterprise_ids = list(Enterprise.objects.order_by("id").values_list("pk", flat=True))

    # --- data: 3 years of monthly figures for every enterprise ----------------------------------
    # the demo's few official monthly figures would collide with the generated ones (rolled back at the end)
    Figure.objects.filter(source="official", month__gt=0, year__in=YEARS).delete()
    before = Figure.objects.count()
    rows, seconds = load_monthly_figures(enterprise_ids)
    results["data"] = {
        "enterprises": len(enterprise_ids),
        "figures_before": before,
        "monthly_figures_loaded": rows,
        "figures": Figure.objects.count(),
        "copy_s": round(seconds, 1),
    }
    print(
        f"{len(enterprise_ids):,} enterprises; loaded {rows:,} monthly figures by COPY in {seconds:.1f}s "
        f"({Figure.objects.count():,} figures in all)"
    )

    # --- 1. import of a 10,000-row statistics file ---------------------------------------------------
    for code in ("output", "main_revenue", "fixed_asset_investment", "rd_spending", "employees"):
        FigureGrant.objects.get_or_create(department_code="statistics", metric=code)
    stats_user, _ = User.objects.get_or_create(
        username=f"{PREFIX}statistics",
        defaults={"role": Role.DEPARTMENT, "department": Department.objects.get(code="statistics")},
    )
    sample = list(Enterprise.objects.order_by("id").values_list("uscc", "name")[:IMPORT_ROWS])
    results["import"] = []
    for label, year, month in (
        ("annual 2019 (new rows)", 2019, None),
        ("December 2019 (overwrites)", 2019, 12),
    ):
        upload = statistics_file(sample, year=year, month=month)
        dataset, load_s, _q = timed(lambda upload=upload: load_dataset(upload, max_rows=50000))
        record, import_s, queries = timed(
            lambda dataset=dataset, upload=upload: services.figures_import(
                actor=stats_user, dataset=dataset, file_name=upload.name
            )
        )
        assert record.status == "succeeded", record.errors[:3]
        entry = {
            "file": label,
            "rows": record.rows,
            "figures": record.figures,
            "bytes": upload.size,
            "read_xlsx_s": round(load_s, 2),
            "validate_and_write_s": round(import_s, 2),
            "queries": queries,
            "rows_per_s": round(record.rows / (load_s + import_s)),
            "rows_per_s_excluding_xlsx_read": round(record.rows / import_s),
        }
        results["import"].append(entry)
        print(
            f"import {label}: {record.rows:,} rows, {record.figures:,} figures: read {load_s:.2f}s + "
            f"validate/write {import_s:.2f}s = {entry['rows_per_s']:,} rows/s ({queries} queries)"
        )

    # --- 2. entries and the scheduled task -----------------------------------------------------------
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

    # --- 3. pages ------------------------------------------------------------------------------------
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
        {"page": "indicators API, 2019 (office)", **page(office, "/api/v1/indicators/?year=2019")},
        {
            "page": "enterprise figures page",
            **page(office, f"/reporting/figures/{enterprise_ids[0]}/?year=2019"),
        },
    ]

    # --- 4. derivation of 同比 for all enterprises ---------------------------------------------------
    results["growth"] = []
    for label, kwargs in (
        ("year 2019 (annual rows, else December year-to-date)", {"year": 2019}),
        ("June 2019 year-to-date", {"year": 2019, "month": 6}),
    ):
        rates, seconds, queries = timed(lambda kwargs=kwargs: growth_rates(**kwargs))
        known = sum(1 for figures in rates.values() for f in figures.values() if f[2] is not None)
        entry = {
            "derivation": label,
            "enterprises": len(rates),
            "rates": sum(len(f) for f in rates.values()),
            "known_rates": known,
            "seconds": round(seconds, 2),
            "queries": queries,
        }
        results["growth"].append(entry)
        print(
            f"growth {label}: {entry['enterprises']:,} enterprises, {entry['rates']:,} rates "
            f"({known:,} known) in {seconds:.2f}s, {queries} queries"
        )
    (content, exported), seconds, queries = timed(
        lambda: export_workbook(User.objects.get(username="office"), year=2019, month=None)
    )
    results["export"] = {
        "enterprises": exported,
        "bytes": len(content),
        "seconds": round(seconds, 2),
        "queries": queries,
    }
    print(
        f"xlsx export of 2019 for all enterprises: {exported:,} rows, {len(content):,} bytes in {seconds:.2f}s "
        f"({queries} queries)"
    )

    print(f"\n{'page':<40}{'queries':>8}{'median ms':>11}{'p95 ms':>9}  url")
    for p in results["pages"]:
        print(f"{p['page']:<40}{p['queries']:>8}{p['median_ms']:>11.1f}{p['p95_ms']:>9.1f}  {p['url']}")
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        results["environment"] = {
            "postgresql": cursor.fetchone()[0],
            "cpus": os.cpu_count(),
            "load_average": [round(x, 2) for x in os.getloadavg()],
        }
    results["generated_at"] = timezone.now().isoformat(timespec="seconds")
    results["elapsed_s"] = round(time.monotonic() - started, 1)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(
        json.dumps(results, ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8"
    )
    print(f"written to {RESULTS}")

    # the pages' query counts do not depend on the data size (bounded, paginated)
    assert all(p["queries"] <= 20 for p in results["pages"]), results["pages"]
    assert all(g["queries"] == 1 for g in results["growth"])

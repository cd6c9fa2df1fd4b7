"""Enterprise figures at a province's volume: `make bench` (or `pytest benchmarks/test_bench_reporting_figures.py -m benchmark -s`).

Data: seed_demo at scale 10 (≈15,000 enterprises, the statistics bureau's annual figures of the
above-scale ones), committed once to the bench database (see conftest.py). Then, inside the test's
transaction (rolled back at the end), 3 years (2017–2019) × 12 months of official figures for every
enterprise, all 8 figures, month and year-to-date: ≈4.3 million rows, loaded with PostgreSQL COPY
(reporting_data.py).

Measured:
1. Import of a 10,000-row statistics xlsx (区统计局): the 2019 annual file (new rows) and the December
   2019 monthly file (overwrites existing rows): reading the xlsx, validating and writing, rows/s, queries.
2. The derivation of 同比 for all enterprises (year 2019, and June 2019 year-to-date): time, queries; the
   indicators API page, an enterprise's figures page and the xlsx export of all enterprises' figures
   for the year.

Results are printed and written to benchmarks/results/reporting-figures.json. The obligations, the
scheduled task and the late-reports pages: test_bench_reporting_dues.py.
"""

import time

import pytest
from django.test import Client

from .reporting_data import IMPORT_ROWS, YEARS, load_monthly_figures, statistics_file
from .support import RESULTS_DIR, SCALE, WARMUP, N, finish, page, print_pages, timed

pytestmark = [pytest.mark.benchmark, pytest.mark.django_db]

RESULTS = RESULTS_DIR / "reporting-figures.json"
PREFIX = "bench_reporting_"


def test_figures_import_and_growth_at_province_scale(bench_db):
    from accounts.models import Role, User
    from enterprises.models import Enterprise
    from programs.models import Department
    from reporting import services
    from reporting.imports import load_dataset
    from reporting.models import Figure, FigureGrant
    from reporting.selectors import growth_rates
    from reporting.xlsx import export_workbook

    started = time.monotonic()
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

    # --- 2. derivation of 同比 for all enterprises, the pages and the export that read it ----------
    office = Client()
    office.force_login(User.objects.get(username="office"))
    results["pages"] = [
        {"page": "indicators API, 2019 (office)", **page(office, "/api/v1/indicators/?year=2019")},
        {
            "page": "enterprise figures page",
            **page(office, f"/reporting/figures/{enterprise_ids[0]}/?year=2019"),
        },
    ]
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

    print_pages(results["pages"])
    finish(results, RESULTS, started)

    # the pages' query counts do not depend on the data size (bounded, paginated)
    assert all(p["queries"] <= 20 for p in results["pages"]), results["pages"]
    assert all(g["queries"] == 1 for g in results["growth"])

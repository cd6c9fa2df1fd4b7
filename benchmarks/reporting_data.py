"""The data the reporting benchmarks make: monthly figures (COPY), pool entries, statistics files."""

import io
import os
import random
import time

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone
from openpyxl import Workbook

IMPORT_ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", 10000))
YEARS = (2017, 2018, 2019)


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
    from pools import reach

    reach.rebuild()  # bulk_create passes by the signals that keep the departments' enterprises
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

"""How the nomination benchmarks measure: each page and its admin changelist at two data sizes."""

import os
import platform
import statistics
import subprocess
import time
from pathlib import Path
from urllib.parse import urlencode

import django
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from .nominations_data import BENCH_PREFIX, LARGE, SMALL, Generator
from .support import SCALE, WARMUP, N, p95, write_results

SHOW_SQL = bool(os.environ.get("BENCH_SQL"))  # print each page's queries
ADMIN = "/admin/pools/nomination/"


def measure(client: Client, url: str, rows: int) -> dict:
    """A page's queries (the last warm-up request), the median and p95 of N requests, its size."""
    queries = None
    for i in range(WARMUP):
        if i == WARMUP - 1:
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url)
            queries = len(captured.captured_queries)
            if SHOW_SQL:
                print(f"\n--- {url}: {queries} queries")
                for q in captured.captured_queries:
                    print(f"  {q['time']}s  {q['sql'][:400]}")
        else:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    if queries is None:  # no warm-up asked for: count on a request of its own
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        queries = len(captured.captured_queries)
    samples = []
    for _ in range(N):
        started = time.perf_counter()
        response = client.get(url)
        samples.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
    _check_shows(response, rows)
    return {
        "queries": queries,
        "median_ms": round(statistics.median(samples) * 1000, 1),
        "p95_ms": round(p95(samples) * 1000, 1),
        "bytes": len(response.content),
    }


def with_admin_references(pages: list[tuple]) -> list[dict]:
    """Each (page, user, url, rows, admin query) with, after it, the admin changelist of the same rows
    (superuser)."""
    endpoints = []
    for page, user, url, rows, admin_query in pages:
        endpoints.append({"page": page, "user": user, "url": url, "rows": rows, "reference_for": None})
        endpoints.append(
            {
                "page": "admin changelist",
                "user": "superuser",
                "url": ADMIN + ("?" + urlencode(admin_query) if admin_query else ""),
                "rows": rows,
                "reference_for": page,
            }
        )
    return endpoints


def _check_shows(response, rows: int) -> None:
    """The page really lists the rows it is measured for (a filter the admin ignored would show all)."""
    if response["Content-Type"].startswith("application/json"):
        assert response.json()["count"] == rows
        return
    text = response.content.decode()
    shown = (
        f"共 {rows:,} 条",
        f"共 {rows} 条",  # the portal's pagination
        f"{rows} 入库申报",
    )  # the admin's: result count and verbose_name_plural
    assert any(s in text for s in shown), f"{response.wsgi_request.get_full_path()} does not show {rows} rows"


def _clients() -> dict[str, Client]:
    from accounts.models import Role, User

    superuser, _ = User.objects.get_or_create(
        username=f"{BENCH_PREFIX}superuser",
        defaults={"role": Role.ADMIN, "is_staff": True, "is_superuser": True},
    )
    clients = {}
    for username in ("dept_economy_info", "office", superuser.username):
        client = Client()
        client.force_login(User.objects.get(username=username))
        clients["superuser" if username == superuser.username else username] = client
    return clients


def _environment() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=False,
            cwd=Path(__file__).parent,
        ).stdout.strip()
    except OSError:
        commit = ""
    return {
        "python": platform.python_version(),
        "django": django.get_version(),
        "postgresql": pg,
        "cpus": os.cpu_count(),
        "machine": platform.machine(),
        "commit": commit,
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }  # other work on the machine skews the times


def _table(results: list[dict], sizes: list[int]) -> str:
    head = (
        f"{'page':<22}{'user':<19}{'url':<58}"
        + "".join(f"{'queries@' + format(s, ','):>17}" for s in sizes)
        + f"{'rows':>8}{'median ms':>11}{'p95 ms':>9}"
    )
    lines = [head, "-" * len(head)]
    for r in results:
        last = r["sizes"][str(sizes[-1])]
        url = r["url"] if len(r["url"]) <= 56 else r["url"][:53] + "..."
        page = "  " + r["page"] if r["reference_for"] else r["page"]
        lines.append(
            f"{page:<22}{r['user']:<19}{url:<58}"
            + "".join(f"{r['sizes'][str(s)]['queries']:>17}" for s in sizes)
            + f"{last['matching_rows']:>8,}{last['median_ms']:>11.1f}{last['p95_ms']:>9.1f}"
        )
    return "\n".join(lines)


def run(programme, endpoints, results: Path) -> None:
    """Measure `endpoints(programme)` at SMALL and LARGE generated nominations; print the table, write
    `results`, and fail if a page's query count changes with the number of rows (an N+1 crept in)."""
    from enterprises.models import Enterprise, Project
    from pools.models import CriterionCheck, Nomination

    started = time.monotonic()
    generator = Generator(programme)
    clients = _clients()
    measured: dict[int, dict] = {}
    sizes = []
    for target in (SMALL, LARGE):
        t = time.monotonic()
        generator.grow_to(target)
        size = Nomination.objects.count()
        sizes.append(size)
        print(
            f"{size:,} nominations ({target:,} generated, {CriterionCheck.objects.count():,} criterion checks)"
            f" in {time.monotonic() - t:.1f}s"
        )
        for i, e in enumerate(endpoints(programme)):
            entry = measured.setdefault(i, {**{k: v for k, v in e.items() if k != "rows"}, "sizes": {}})
            entry["sizes"][str(size)] = {
                "matching_rows": e["rows"],
                **measure(clients[e["user"]], e["url"], e["rows"]),
            }
    data = {
        "enterprises": Enterprise.objects.count(),
        "projects": Project.objects.count(),
        "nominations": sizes,
        "criterion_checks": CriterionCheck.objects.count(),
    }
    environment = _environment()

    ordered = [measured[k] for k in sorted(measured)]
    report = {
        "generated_at": timezone.now().isoformat(timespec="seconds"),
        "scale": SCALE,
        "n": N,
        "warmup": WARMUP,
        "data": data,
        "environment": environment,
        "results": ordered,
        "elapsed_s": round(time.monotonic() - started, 1),
    }
    write_results(results, report)
    print(
        f"\n{data['enterprises']:,} enterprises, {data['projects']:,} projects; "
        f"times at {sizes[-1]:,} nominations, N={N} after {WARMUP} warm-ups\n"
    )
    print(_table(ordered, sizes))
    print(
        f"\nwritten to {results.relative_to(Path.cwd()) if results.is_relative_to(Path.cwd()) else results}"
    )

    grew = {
        r["url"]: [r["sizes"][str(s)]["queries"] for s in sizes]
        for r in ordered
        if len({r["sizes"][str(s)]["queries"] for s in sizes}) > 1
    }
    assert not grew, f"query count depends on the number of rows: {grew}"

"""What the nominations and reporting benchmarks share: the knobs, p95, timing a call, a page's figures."""

import json
import math
import os
import statistics
import time
from pathlib import Path

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

N = int(os.environ.get("BENCH_N", 20))
WARMUP = int(os.environ.get("BENCH_WARMUP", 2))
SCALE = float(os.environ.get("BENCH_SCALE", 10))
RESULTS_DIR = Path(__file__).resolve().parent / "results"


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[math.ceil(0.95 * len(ordered)) - 1]  # nearest rank


def timed(fn):
    """(fn's result, seconds, SQL queries)."""
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        result = fn()
        elapsed = time.perf_counter() - started
    return result, elapsed, len(captured.captured_queries)


def page(client: Client, url: str) -> dict:
    """A page's queries (one request after WARMUP) and the median and p95 of N requests."""
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
        "p95_ms": round(p95(samples) * 1000, 1),
        "bytes": len(response.content),
    }


def write_results(path: Path, results: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8")


def finish(results: dict, path: Path, started: float) -> None:
    """Stamp `results` with the database, the machine's load and the time taken, and write them."""
    from django.utils import timezone

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        results["environment"] = {
            "postgresql": cursor.fetchone()[0],
            "cpus": os.cpu_count(),
            "load_average": [round(x, 2) for x in os.getloadavg()],
        }
    results["generated_at"] = timezone.now().isoformat(timespec="seconds")
    results["elapsed_s"] = round(time.monotonic() - started, 1)
    write_results(path, results)
    print(f"written to {path}")


def print_pages(pages: list[dict]) -> None:
    print(f"\n{'page':<40}{'queries':>8}{'median ms':>11}{'p95 ms':>9}  url")
    for p in pages:
        print(f"{p['page']:<40}{p['queries']:>8}{p['median_ms']:>11.1f}{p['p95_ms']:>9.1f}  {p['url']}")

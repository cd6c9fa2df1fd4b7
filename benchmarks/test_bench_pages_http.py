"""The pages people open every day, over HTTP under gunicorn with production settings (DEBUG off), against an
already-seeded database: `BENCH_DATABASE_URL=postgres://…/db pytest benchmarks/test_bench_pages_http.py -m
benchmark -s -p no:randomly`.

The database is not created here: seed it first (`manage.py migrate && manage.py seed_demo --scale 100`), so a
province's volume (≈150,000 enterprises) is seeded once and measured many times. This test

1. collects and hashes the static files into a temporary directory (`bin/portal build`), makes sure a
   superuser for the Django admin exists (BENCH_SUPERUSER, password BENCH_PASSWORD) and reads the row counts;
2. starts `bin/portal web` (gunicorn, WEB_CONCURRENCY workers, default 2; the production settings of
   tests/deploy with two-factor sign-in off) on a free port of 127.0.0.1, its cache and sessions in
   BENCH_REDIS_URL;
3. signs in over the login form as the office, a town, a department (区经信局 and 区金融办), an enterprise and the
   superuser (the demo accounts' password: BENCH_PASSWORD, default the demo's), through the TLS proxy's
   headers;
4. requests each page BENCH_WARMUP times, then BENCH_N times one after another (a new connection each, as a
   browser's first request), and takes the median and the nearest-rank p95 of the wall time seen by the client;
   the Django admin changelist of the enterprises (superuser) is measured in the same run, so the ratios
   (page median / admin median) hold whatever the machine's load. BENCH_SKIP=label,label leaves pages out;
   a page slower than the client's 30 s is recorded as an error and the run goes on.

Prints a table and writes benchmarks/results/pages-http-<scale>.json (BENCH_SCALE labels the file; the counts
are read from the database). The machine's load average before and after is part of the result.
"""

import json
import os
import platform
import statistics
import subprocess
import time
import urllib.parse
from pathlib import Path

import pytest

from benchmarks.test_bench_cockpit import _p95
from tests.deploy.stack import Browser, free_port, run, start, wait_for
from tests.deploy.support import PORTAL, ROOT, production_env

pytestmark = [pytest.mark.benchmark]

N = int(os.environ.get("BENCH_N", 30))
WARMUP = int(os.environ.get("BENCH_WARMUP", 3))
SCALE = os.environ.get("BENCH_SCALE", "10")
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
PASSWORD = os.environ.get("BENCH_PASSWORD", os.environ.get("DEMO_PASSWORD", "Luozhuang@2017"))
SUPERUSER = os.environ.get("BENCH_SUPERUSER", "bench_pages_superuser")
WORKERS = os.environ.get("WEB_CONCURRENCY", "2")
SKIP = [s for s in os.environ.get("BENCH_SKIP", "").split(",") if s]  # labels containing any of these
RESULTS = Path(__file__).resolve().parent / "results" / f"pages-http-{SCALE}.json"
ADMIN = "admin changelist, enterprises (superuser)"

# Run in the portal's environment: the superuser (its password set each run), the accounts signed in, counts.
PREPARE = """
import json
from accounts.models import Role, User
from credit.models import CreditRecord
from enterprises.models import Enterprise
from pools.models import Nomination
from reporting.models import Report
user, _ = User.objects.get_or_create(username={superuser!r}, defaults={{"role": Role.ADMIN}})
user.is_staff = user.is_superuser = True
user.set_password({password!r})
user.save()
town = User.objects.filter(role=Role.TOWN, is_active=True).order_by("username").first()
enterprise = User.objects.filter(username="enterprise_1").first()
print(json.dumps({{
    "enterprises": Enterprise.objects.count(),
    "nominations": Nomination.objects.count(),
    "reports": Report.objects.count(),
    "credit_records": CreditRecord.objects.count(),
    "town_user": town.username,
    "enterprise_user": enterprise.username if enterprise else None,
}}))
"""


def _pages(accounts: dict) -> list[tuple[str, str, str]]:
    """(label, account, path): what each role opens from its menu on a working day."""
    town, enterprise = accounts["town_user"], accounts["enterprise_user"]
    pages = [
        ("credit overview (office)", "office", "/credit/overview/"),
        ("credit overview (区金融办)", "dept_financial_office", "/credit/overview/"),
        ("enterprise list (office)", "office", "/enterprises/"),
        ("enterprise list (a town)", town, "/enterprises/"),
        ("enterprise list (区经信局)", "dept_economy_info", "/enterprises/"),
        ("enterprise search (office)", "office", "/enterprises/?q=" + urllib.parse.quote("科技")),
        ("project list (office)", "office", "/enterprises/projects/"),
        ("nominations (office)", "office", "/pools/nominations/"),
        ("nominations (a town)", town, "/pools/nominations/"),
        ("review queue (区经信局)", "dept_economy_info", "/pools/review/"),
        ("review queue (office)", "office", "/pools/review/"),
        ("monthly reports (office)", "office", "/reporting/"),
        ("monthly reports (a town)", town, "/reporting/"),
        ("monthly reports (区经信局)", "dept_economy_info", "/reporting/"),
        ("late reports (office)", "office", "/reporting/late/"),
        ("late reports (a town)", town, "/reporting/late/"),
        ("late reports (区经信局)", "dept_economy_info", "/reporting/late/"),
        ("late reports, a year (office)", "office", "/reporting/late/?year=2019"),
        ("credit ratings (office)", "office", "/credit/ratings/"),
        ("credit ratings (a town)", town, "/credit/ratings/"),
        ("credit records (区金融办)", "dept_financial_office", "/credit/records/"),
        ("credit records (office)", "office", "/credit/records/"),
        ("bridge loans (office)", "office", "/funds/bridge/"),
        ("guarantees (office)", "office", "/funds/guarantees/"),
        ("cockpit (office)", "office", "/cockpit/"),
        ("cockpit (a town)", town, "/cockpit/"),
        ("cockpit (区经信局)", "dept_economy_info", "/cockpit/"),
        ("home (office)", "office", "/home/office/"),
        ("home (a town)", town, "/home/town/"),
    ]
    if enterprise:
        pages += [
            ("monthly reports (an enterprise)", enterprise, "/reporting/"),
            ("nominations (an enterprise)", enterprise, "/pools/nominations/"),
        ]
    return [*pages, (ADMIN, SUPERUSER, "/admin/enterprises/enterprise/")]


def _sign_in(port: int, username: str) -> Browser:
    browser = Browser(port)
    page = browser.get("/accounts/login/")
    token = page.text.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    answer = browser.post(
        "/accounts/login/", {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token}
    )
    assert answer.status == 302, f"{username} could not sign in: {answer.status} {answer.text[:500]}"
    return browser


def _measure(label: str, browser: Browser, path: str) -> dict:
    for _ in range(WARMUP):
        answer = browser.get(path)
        assert answer.status == 200, f"{label}: {path} answered {answer.status}"
    samples = []
    for _ in range(N):
        started = time.perf_counter()
        answer = browser.get(path)
        samples.append((time.perf_counter() - started) * 1000)
        assert answer.status == 200, f"{label}: {path} answered {answer.status}"
    return {
        "page": label,
        "url": path,
        "median_ms": round(statistics.median(samples), 1),
        "p95_ms": round(_p95(samples), 1),
        "bytes": len(answer.text.encode()),
        "n": N,
    }


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


@pytest.fixture(scope="module")
def web(tmp_path_factory):
    if not DATABASE_URL:
        pytest.skip("set BENCH_DATABASE_URL to an already-seeded database (seed_demo --scale N)")
    tmp = tmp_path_factory.mktemp("pages-http")
    port = free_port()
    env = production_env(
        DATABASE_URL=DATABASE_URL,
        REDIS_URL=REDIS_URL,
        DJANGO_STATIC_ROOT=str(tmp / "static"),
        PRIVATE_MEDIA_ROOT=str(tmp / "private_media"),
        PORTAL_BIND=f"127.0.0.1:{port}",
        PORTAL_MIGRATE_ON_START="false",
        WEB_CONCURRENCY=WORKERS,
        DJANGO_REQUIRE_2FA="false",  # the bench signs in with a password alone
        LOG_LEVEL="WARNING",
    )
    built = run([str(PORTAL), "build"], env, timeout=300)
    assert built.returncode == 0, built.stdout + built.stderr
    prepared = run(
        ["python", "manage.py", "shell", "-c", PREPARE.format(superuser=SUPERUSER, password=PASSWORD)], env
    )
    assert prepared.returncode == 0, prepared.stdout + prepared.stderr
    accounts = json.loads(prepared.stdout.strip().splitlines()[-1])
    service = start("web", ["web", "--access-logfile", "/dev/null"], env, tmp)
    try:
        plain = Browser(port, proxied=False)
        wait_for("web", lambda: plain.get("/health/web/").status == 200, [service])
        yield {"port": port, "accounts": accounts}
    finally:
        service.stop()


def test_pages_over_http(web):
    port, accounts = web["port"], web["accounts"]
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    load_before = _load()
    browsers: dict[str, Browser] = {}
    results = []
    for label, username, path in _pages(accounts):
        if any(s in label for s in SKIP) and label != ADMIN:
            continue
        if username not in browsers:
            browsers[username] = _sign_in(port, username)
        try:
            results.append(_measure(label, browsers[username], path))
        except OSError as error:  # a page slower than the client's 30 s: recorded, the others still measured
            results.append({"page": label, "url": path, "error": f"{type(error).__name__}: {error}"})
    load_after = _load()
    admin = next(r for r in results if r["page"] == ADMIN)
    for row in results:
        if "median_ms" in row:
            row["ratio_to_admin"] = round(row["median_ms"] / admin["median_ms"], 2)
    report = {
        "data": {"scale": SCALE, **{k: v for k, v in accounts.items() if not k.endswith("_user")}},
        "pages": results,
        "environment": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "gunicorn_workers": int(WORKERS),
            "load_average_before": load_before,
            "load_average_after": load_after,
            "commit": commit,
            "n": N,
            "warmup": WARMUP,
        },
    }
    print(f"\n\npages over HTTP at scale {SCALE}: {json.dumps(report['data'], ensure_ascii=False)}")
    print(f"gunicorn workers {WORKERS}, n={N}, load average before {load_before}, after {load_after}")
    print(f"\n{'page':40}{'median ms':>11}{'p95 ms':>9}{'× admin':>9}")
    for row in results:
        if "error" in row:
            print(f"{row['page']:40}  {row['error']}")
        else:
            print(f"{row['page']:40}{row['median_ms']:>11}{row['p95_ms']:>9}{row['ratio_to_admin']:>9}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")

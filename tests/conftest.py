"""Shared fixtures: the real policy file, one user per role (with the other town's and the other
enterprise's counterparts), eager Celery, and headless Chromium for browser tests."""

import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings

from config import celery_app

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
CHROMIUM = "/usr/bin/chromium"

# Helper modules (not test modules) whose own asserts check a response: pytest rewrites them as it does
# test modules, so a failing assert there shows its values.
pytest.register_assert_rewrite("tests.core.audit_support", "tests.enterprises.registry_workbooks")

# Tests never talk to a worker unless they start one (tests/core/test_celery_worker.py).
celery_app.conf.task_always_eager = True
celery_app.conf.task_eager_propagates = True


def pytest_configure(config):
    if IN_CI and settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        raise pytest.UsageError("CI runs the suite on PostgreSQL: set DATABASE_URL to a postgres:// URL.")


def pytest_collection_modifyitems(config, items):
    if shutil.which(CHROMIUM) or os.path.exists(CHROMIUM):
        return
    if IN_CI:
        raise pytest.UsageError(f"{CHROMIUM} is missing: CI must install Debian's chromium (see .ci/run).")
    skip = pytest.mark.skip(reason="chromium is not installed (apt-get install chromium fonts-noto-cjk)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


def _restore_migration_data():
    """Put back the rows data migrations load, where a flush removed them."""
    import importlib

    from django.apps import apps

    from credit.loader import ensure_defaults
    from programs.models import Industry
    from reporting.models import FigureGrant

    if not Industry.objects.exists():
        importlib.import_module("programs.migrations.0002_load_industries").load(apps, None)
    if not FigureGrant.objects.exists():
        importlib.import_module("reporting.migrations.0002_figure_grants").load(apps, None)
    ensure_defaults()


@pytest.fixture(autouse=True)
def _reference_data(request):
    """Data migrations' rows (GB/T 4754 industries, figure grants, credit record kinds and the default
    scoring model) for every database test.

    Transactional tests (live_server, concurrency) end with a flush that empties every table, data
    migrations' rows included; whatever test runs next gets them back here, before it starts."""
    marker = request.node.get_closest_marker("django_db")
    names = request.fixturenames
    if marker is None and not {"db", "transactional_db", "live_server"} & set(names):
        return
    transactional = (
        "transactional_db" in names
        or "live_server" in names
        or (marker is not None and marker.kwargs.get("transaction", False))
    )
    request.getfixturevalue("transactional_db" if transactional else "db")
    _restore_migration_data()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with no sign-in failures counted per address (the cache is process memory)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _source_language():
    """Each test starts in the source language: a request the test client sends in English leaves
    LocaleMiddleware's choice active in the thread, and a later test (in whatever order pytest-django
    puts them) would read English sentences."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture
def programme(db):
    """罗发〔2016〕23号 loaded from the repository's programme file, as in production."""
    from programs.loader import DEFAULT_PROGRAMME_FILE, programme_load_file

    return programme_load_file(path=DEFAULT_PROGRAMME_FILE)


@pytest.fixture
def town(db):
    from tests.factories import TownFactory

    return TownFactory(code="luozhuang", name="罗庄街道")


@pytest.fixture
def other_town(db):
    from tests.factories import TownFactory

    return TownFactory(code="fuzhuang", name="傅庄街道")


@pytest.fixture
def town_user(town):
    from tests.factories import TownUserFactory

    return TownUserFactory(username="town_a", town=town)


@pytest.fixture
def other_town_user(other_town):
    from tests.factories import TownUserFactory

    return TownUserFactory(username="town_b", town=other_town)


@pytest.fixture
def department_user(db):
    from tests.factories import DepartmentFactory, DepartmentUserFactory

    return DepartmentUserFactory(
        username="dept", department=DepartmentFactory(code="economy_info", name="区经信局")
    )


@pytest.fixture
def office_user(db):
    from tests.factories import OfficeUserFactory

    return OfficeUserFactory(username="office")


@pytest.fixture
def admin_user(db):
    from tests.factories import AdminUserFactory

    return AdminUserFactory(username="sysadmin")


@pytest.fixture
def security_admin_user(db):
    from tests.factories import SecurityAdminUserFactory

    return SecurityAdminUserFactory(username="secadmin")


@pytest.fixture
def audit_admin_user(db):
    from tests.factories import AuditAdminUserFactory

    return AuditAdminUserFactory(username="auditadmin")


@pytest.fixture
def superuser(db):
    """The account `createsuperuser` makes on the server: no role, no business data (三员分立)."""
    from tests.factories.accounts import SuperuserFactory

    return SuperuserFactory(username="root")


@pytest.fixture
def enterprise(town):
    from tests.factories import EnterpriseFactory

    return EnterpriseFactory(name="临沂甲陶瓷有限公司", town=town)


@pytest.fixture
def other_enterprise(other_town):
    from tests.factories import EnterpriseFactory

    return EnterpriseFactory(name="临沂乙机械有限公司", town=other_town)


@pytest.fixture
def enterprise_user(enterprise):
    from tests.factories import EnterpriseUserFactory

    return EnterpriseUserFactory(username="ent_a", enterprise=enterprise)


@pytest.fixture
def other_enterprise_user(other_enterprise):
    from tests.factories import EnterpriseUserFactory

    return EnterpriseUserFactory(username="ent_b", enterprise=other_enterprise)


@pytest.fixture
def users(
    town_user,
    other_town_user,
    department_user,
    office_user,
    admin_user,
    security_admin_user,
    audit_admin_user,
    enterprise_user,
):
    """One user per role, keyed by the role codes of seed_demo."""
    return {
        "town": town_user,
        "department": department_user,
        "office": office_user,
        "enterprise": enterprise_user,
        "admin": admin_user,
        "security_admin": security_admin_user,
        "audit_admin": audit_admin_user,
        "anonymous": None,
    }


@pytest.fixture
def client_for(client):
    """client_for(user) → the test client signed in as that user (None: anonymous)."""

    def _client(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return _client


# --- browser tests -----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {
        **browser_context_args,
        "locale": "zh-CN",
        "timezone_id": "Asia/Shanghai",
        "viewport": {"width": 1366, "height": 900},
    }


@pytest.fixture
def screenshot_on_failure(request, page):
    """Keeps a full-page screenshot in test-artifacts/ when a browser test fails."""
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        os.makedirs("test-artifacts", exist_ok=True)
        page.screenshot(path=f"test-artifacts/{request.node.name}.png", full_page=True)


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


# --- a real Celery worker (and beat) against Redis -----------------------------------------------------
# What production runs, not the suite's eager mode: tests/core/test_celery_worker.py and
# tests/assessment/test_dispatch_celery.py start them here. Outside CI a test skips when Redis is
# unreachable; in CI that is a failure.

ROOT = Path(__file__).resolve().parents[1]
CELERY = Path(sys.executable).with_name("celery")


def redis_or_skip() -> None:
    import redis

    try:
        redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2).ping()
        return
    except redis.RedisError as exc:
        message = f"Redis at {settings.REDIS_URL} is unreachable: {exc}"
    if IN_CI:
        pytest.fail(f"{message} (CI must start redis-server, see .ci/run)", pytrace=False)
    pytest.skip(message)


@pytest.fixture
def not_eager():
    """The suite makes Celery eager (above); a test with a real worker must go through the broker."""
    saved = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    yield celery_app
    celery_app.conf.task_always_eager = saved


class CeleryProcesses:
    """Celery subprocesses of one test, each with its log (and the worker its pidfile) in tmp_path; a
    worker consumes only a queue of its own, so no other worker takes the test's tasks. Every process
    still running is stopped at the end of the test."""

    def __init__(self, tmp_path: Path, app):
        self.tmp_path, self.app, self.started = tmp_path, app, []

    def env(self, settings_module: str, **extra) -> dict:
        return {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": settings_module,
            "REDIS_URL": settings.REDIS_URL,
            "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
            "CELERY_RESULT_BACKEND": settings.CELERY_RESULT_BACKEND,
            **extra,
        }

    def _start(self, args: list[str], env: dict, log: Path) -> subprocess.Popen:
        with log.open("wb") as out:
            proc = subprocess.Popen(
                [str(CELERY), "-A", "config", *args], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
            )
        self.started.append(proc)
        return proc

    def worker(self, env: dict, *, prefix: str, timeout: float) -> dict:
        """A solo-pool worker on a queue of its own, once it answers a ping."""
        queue = f"{prefix}-{uuid.uuid4().hex[:12]}"
        node = f"{queue}@localhost"
        pidfile, log = self.tmp_path / "worker.pid", self.tmp_path / "worker.log"
        args = [
            "worker",
            "--pool=solo",
            "--loglevel=warning",
            f"--pidfile={pidfile}",
            "-Q",
            queue,
            "-n",
            node,
        ]
        proc = self._start([*args, "--without-gossip", "--without-mingle", "--without-heartbeat"], env, log)
        deadline = time.monotonic() + timeout
        while not self.app.control.ping(destination=[node], timeout=0.5):
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(
                    f"worker did not come up (exit code {proc.poll()}):\n{log.read_text()}", pytrace=False
                )
        return {"queue": queue, "node": node, "proc": proc, "pidfile": pidfile, "log": log}

    def beat(self, env: dict, log: Path) -> subprocess.Popen:
        return self._start(["beat", "--loglevel=info", "--max-interval=1"], env, log)

    def stop(self, proc: subprocess.Popen) -> None:
        """Warm shutdown by the pid the process wrote (a worker) or was started with; killed if it does
        not stop in time."""
        if proc.poll() is not None:
            return
        pidfile = self.tmp_path / "worker.pid"
        pid = proc.pid
        if proc.args[3] == "worker" and pidfile.exists():
            pid = int(pidfile.read_text().strip())
            assert pid == proc.pid, f"pidfile {pidfile} names {pid}, not the worker started here ({proc.pid})"
        os.kill(pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.kill(pid, signal.SIGKILL)
            proc.wait(timeout=5)


@pytest.fixture
def celery_processes(tmp_path, not_eager):
    redis_or_skip()
    processes = CeleryProcesses(tmp_path, not_eager)
    yield processes
    for proc in reversed(processes.started):
        processes.stop(proc)

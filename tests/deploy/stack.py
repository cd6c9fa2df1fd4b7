"""The production stack on this machine, without Docker: the commands docker-compose.yml runs (bin/portal
build, web, worker, beat and their health checks) with production settings, against the real PostgreSQL
(a fresh database of its own) and Redis (a database number of its own), on free ports of 127.0.0.1.
Then, over HTTP as a browser behind the TLS proxy would: sign in, run tasks through the worker, read the
health endpoints, stop the worker and see the health endpoint say so.

Every process started here is stopped by its pid (its process group as a last resort), even on failure;
the database is dropped and the Redis database emptied."""

import contextlib
import http.client
import http.cookies
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from celery import Celery
from django.conf import settings

from tests.deploy.support import PORTAL, ROOT, production_env, skip_or_fail

pytestmark = pytest.mark.stack

TOWN_USER = "stack_town"
TOWN_PASSWORD = "Stack#" + secrets.token_hex(6)
START_TIMEOUT = 90  # seconds; the whole module takes about 30 s on an idle machine
REDIS_DB_CHOICES = range(15, 7, -1)  # the suite itself uses database 0

CREATE_TOWN_USER = f"""
from accounts.models import Role, User
from programs.models import Town
user = User(username={TOWN_USER!r}, role=Role.TOWN, town=Town.objects.get(code="luozhuang"))
user.set_password({TOWN_PASSWORD!r})
user.full_clean()
user.save()
"""


# --- processes ---------------------------------------------------------------------------------


@dataclass
class Service:
    name: str
    proc: subprocess.Popen
    log: Path

    def alive(self) -> bool:
        return self.proc.poll() is None

    def output(self, tail: int = 6000) -> str:
        return self.log.read_text(errors="replace")[-tail:]

    def stop(self) -> None:
        """SIGTERM to the pid started here (bin/portal execs gunicorn or celery, so that is the server's own
        pid), then SIGKILL to its process group (its forked workers) if it has not stopped in time."""
        if self.alive():
            os.kill(self.proc.pid, signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.proc.wait(timeout=20)
        with contextlib.suppress(ProcessLookupError):  # leftovers of its own group only (start_new_session)
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=10)


def start(name: str, args: list[str], env: dict, logs: Path) -> Service:
    log = logs / f"{name}.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [str(PORTAL), *args],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    return Service(name, proc, log)


def run(args: list[str], env: dict, timeout: int = START_TIMEOUT) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- HTTP as a browser behind the TLS proxy --------------------------------------------------------


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    text: str

    def json(self):
        return json.loads(self.text)


@dataclass
class Browser:
    """http.client with a cookie jar of its own: the portal's cookies are Secure, which a client library's
    jar would keep from a plain-HTTP connection; the proxy in front speaks HTTPS to the browser."""

    port: int
    proxied: bool = True
    cookies: dict = field(default_factory=dict)
    set_cookie_headers: list = field(default_factory=list)

    @property
    def origin(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    def request(self, method: str, path: str, *, form: dict | None = None, headers: dict | None = None):
        all_headers = {"Host": f"127.0.0.1:{self.port}", "Accept-Language": "zh-hans"}
        if self.proxied:  # what the proxy that terminates TLS adds to each request
            all_headers |= {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"}
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            all_headers |= {"Content-Type": "application/x-www-form-urlencoded", "Origin": self.origin}
        all_headers |= headers or {}
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=all_headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", errors="replace")
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            self.set_cookie_headers.append(header)
            for name, morsel in http.cookies.SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return Response(response.status, response.headers, text)

    def get(self, path: str, **kwargs) -> Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, form: dict, **kwargs) -> Response:
        return self.request("POST", path, form=form, **kwargs)

    def set_cookie(self, name: str) -> str:
        return next(h for h in reversed(self.set_cookie_headers) if h.startswith(f"{name}="))


def wait_for(what: str, condition, services: list[Service], timeout: float = START_TIMEOUT):
    deadline = time.monotonic() + timeout
    while True:
        for service in services:
            if not service.alive():
                pytest.fail(
                    f"{service.name} exited while waiting for {what}:\n{service.output()}", pytrace=False
                )
        try:
            if result := condition():
                return result
        except (OSError, http.client.HTTPException):
            pass
        if time.monotonic() > deadline:
            logs = "\n".join(f"--- {s.name}\n{s.output()}" for s in services)
            pytest.fail(f"timed out waiting for {what}\n{logs}", pytrace=False)
        time.sleep(0.5)


# --- the stack ------------------------------------------------------------------------------------


def _database_or_skip():
    import psycopg2

    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        skip_or_fail("the production stack runs on PostgreSQL: set DATABASE_URL to a postgres:// URL")
    params = {k.lower(): db[k] for k in ("HOST", "PORT", "USER", "PASSWORD") if db.get(k)}
    try:
        connection = psycopg2.connect(dbname="postgres", connect_timeout=5, **params)
    except psycopg2.OperationalError as exc:
        skip_or_fail(f"PostgreSQL is unreachable: {exc}")
    connection.autocommit = True
    return connection, params


def _redis_db_or_skip():
    import redis

    base = urllib.parse.urlsplit(settings.REDIS_URL)
    try:
        for number in REDIS_DB_CHOICES:
            url = base._replace(path=f"/{number}").geturl()
            client = redis.Redis.from_url(url, socket_connect_timeout=3, socket_timeout=3)
            if client.dbsize() == 0:
                return url, client
    except redis.RedisError as exc:
        skip_or_fail(f"Redis at {settings.REDIS_URL} is unreachable: {exc}")
    skip_or_fail(f"Redis databases {list(REDIS_DB_CHOICES)} all hold keys: none is free for the stack test")


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    admin, params = _database_or_skip()
    redis_url, redis_client = _redis_db_or_skip()
    name = f"ip_stack_{secrets.token_hex(4)}"
    tmp = tmp_path_factory.mktemp("stack")
    port = free_port()
    auth = f"{params.get('user', 'postgres')}" + (f":{params['password']}" if params.get("password") else "")
    env = production_env(
        DATABASE_URL=f"postgres://{auth}@{params.get('host', '127.0.0.1')}:{params.get('port', 5432)}/{name}",
        REDIS_URL=redis_url,
        DJANGO_STATIC_ROOT=str(tmp / "static"),
        PRIVATE_MEDIA_ROOT=str(tmp / "private_media"),
        PORTAL_BIND=f"127.0.0.1:{port}",
        PORTAL_HEALTH_URL=f"http://127.0.0.1:{port}/health/web/",
        PORTAL_HEALTH_TIMEOUT="3",
        WEB_CONCURRENCY="2",
        WORKER_CONCURRENCY="1",
        # Two-factor sign-in is on in production by default; this test signs in with a password alone.
        DJANGO_REQUIRE_2FA="false",
        LOG_LEVEL="WARNING",
    )
    services: list[Service] = []
    with admin.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        # worker and beat need no tables to start: they come up while the image is "built" and the
        # database migrated, side by side
        services.append(start("worker", ["worker"], env, tmp))
        services.append(start("beat", ["beat"], env, tmp))
        steps = [start(step, [step], env, tmp) for step in ("build", "release")]
        services.extend(steps)
        for step in steps:
            assert step.proc.wait(timeout=START_TIMEOUT * 2) == 0, f"bin/portal {step.name}:\n{step.output()}"
            services.remove(step)
        # as on every start of the web container: release again (nothing to migrate, the programme is
        # loaded already), then gunicorn
        services.append(start("web", ["web"], env, tmp))
        plain = Browser(port, proxied=False)
        wait_for("web", lambda: plain.get("/health/web/").status == 200, services)
        created = run(["python", "manage.py", "shell", "-c", CREATE_TOWN_USER], env)
        assert created.returncode == 0, created.stdout + created.stderr
        client = Celery("stack-probe", broker=redis_url, backend=redis_url)
        wait_for("worker", lambda: client.control.ping(timeout=1), services)
        yield {
            "port": port,
            "env": env,
            "celery": client,
            "services": {s.name: s for s in services},
            "tmp": tmp,
        }
    finally:
        for service in reversed(services):
            service.stop()
        redis_client.flushdb()
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


# --- the tests, in the order a deployment is checked (the last one stops the worker) -----------------


def test_a_town_user_signs_in_through_the_tls_proxy(stack):
    browser = Browser(stack["port"])

    page = browser.get("/accounts/login/")
    assert page.status == 200
    assert page.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)

    signed_in = browser.post(
        "/accounts/login/", {"username": TOWN_USER, "password": TOWN_PASSWORD, "csrfmiddlewaretoken": token}
    )
    assert signed_in.status == 302, signed_in.text[:2000]
    session_cookie = browser.set_cookie("sessionid")
    assert "Secure" in session_cookie and "HttpOnly" in session_cookie
    assert "Secure" in browser.set_cookie("csrftoken")

    home = browser.get("/")
    assert home.status == 302 and home.headers["Location"] == "/home/town/"
    workbench = browser.get("/home/town/")
    assert workbench.status == 200
    assert "罗庄街道" in workbench.text


def test_the_web_container_releases_again_on_start_without_harm(stack):
    """`bin/portal web` ran after `bin/portal release`, as on every restart of the web container."""
    log = stack["services"]["web"].output(tail=10**7)

    assert "No migrations to apply." in log
    assert "a programme is loaded already; load_programme skipped" in log


def test_plain_http_is_redirected_to_https(stack):
    browser = Browser(stack["port"], proxied=False)

    page = browser.get("/accounts/login/")

    assert page.status == 301
    assert page.headers["Location"] == f"https://127.0.0.1:{stack['port']}/accounts/login/"


def test_static_files_are_served_hashed_and_compressed(stack):
    browser = Browser(stack["port"])
    page = browser.get("/accounts/login/")
    css = re.search(r'href="(/static/vendor/bootstrap/bootstrap\.min\.[0-9a-f]{12}\.css)"', page.text)
    assert css, page.text[:2000]

    asset = browser.get(css.group(1), headers={"Accept-Encoding": "gzip"})

    assert asset.status == 200
    assert asset.headers["Content-Encoding"] == "gzip"
    assert "max-age=315360000" in asset.headers["Cache-Control"]  # hashed names are cached for good


def test_tasks_run_through_the_worker(stack):
    celery = stack["celery"]

    pong = celery.send_task("core.ping").get(timeout=30)
    daily = celery.send_task("reporting.daily").get(timeout=60)  # reads and writes the stack's database

    assert pong == "pong"
    assert set(daily) == {"created", "reminded", "late"}


def test_the_health_endpoint_reports_each_part(stack):
    on_the_host = Browser(stack["port"], proxied=False)
    from_outside = Browser(stack["port"])

    details = on_the_host.get("/health/", headers={"Accept": "application/json"})
    summary = from_outside.get("/health/?format=json")
    text = on_the_host.get("/health/?format=text")
    operator = run(
        [str(PORTAL), "health"], stack["env"], timeout=30
    )  # docker compose exec web bin/portal health

    assert details.status == 200, details.text
    assert details.json() == {
        "status": "ok",
        "checks": {"database": "OK", "cache": "OK", "broker": "OK", "worker": "OK"},
    }
    assert "no-store" in details.headers["Cache-Control"]
    assert summary.status == 200
    assert summary.json() == {"status": "ok"}  # nothing about the parts for an outsider
    assert text.text.splitlines() == ["status: ok", "database: OK", "cache: OK", "broker: OK", "worker: OK"]
    assert operator.returncode == 0 and operator.stdout == text.text


def test_the_container_health_checks_pass(stack):
    env = stack["env"]

    checks = {
        name: run([str(PORTAL), "healthcheck", name], env, timeout=30) for name in ("web", "worker", "beat")
    }

    for name, check in checks.items():
        assert check.returncode == 0, f"{name}: {check.stdout}{check.stderr}"


def test_beat_keeps_its_schedule_in_the_database(stack):
    beat = stack["services"]["beat"]

    rows = run(
        [
            "python",
            "manage.py",
            "shell",
            "-c",
            "from django_celery_beat.models import PeriodicTask; print(sorted(PeriodicTask.objects.values_list('name', flat=True)))",
        ],
        stack["env"],
    )

    assert beat.alive(), beat.output()
    assert "assessment-dispatch-monthly" in rows.stdout and "reporting-daily" in rows.stdout, (
        rows.stdout + rows.stderr
    )


def test_a_stopped_worker_shows_on_the_health_endpoint(stack):
    on_the_host = Browser(stack["port"], proxied=False)
    worker = stack["services"]["worker"]
    os.kill(worker.proc.pid, signal.SIGQUIT)  # cold shutdown, as a worker that dies
    worker.proc.wait(timeout=30)

    health = on_the_host.get("/health/?format=json")
    web = on_the_host.get("/health/web/?format=json")
    worker_check = run([str(PORTAL), "healthcheck", "worker"], stack["env"], timeout=30)
    operator = run([str(PORTAL), "health"], stack["env"], timeout=30)

    assert health.status == 500
    assert health.json()["status"] == "error"
    assert health.json()["checks"]["worker"] == "Unavailable: Celery workers unavailable"
    assert {k: v for k, v in health.json()["checks"].items() if k != "worker"} == {
        "database": "OK",
        "cache": "OK",
        "broker": "OK",
    }
    assert web.status == 200  # the pages stay in service
    assert worker_check.returncode != 0
    assert operator.returncode == 1
    assert "worker: Unavailable: Celery workers unavailable" in operator.stdout

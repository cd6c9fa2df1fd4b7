"""What the production stack tests share (their `stack` fixture is in conftest.py): the town user they
sign in as, the processes bin/portal starts (each stopped by its own pid), an HTTP client that speaks
to gunicorn as a browser behind the TLS proxy would, and the PostgreSQL and Redis the stack runs on (or
a skip outside CI). benchmarks/test_bench_pages_http.py starts gunicorn with the same helpers."""

import contextlib
import http.client
import http.cookies
import json
import os
import secrets
import signal
import socket
import subprocess
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings

from tests.deploy.support import PORTAL, ROOT, skip_or_fail

TOWN_USER = "stack_town"
TOWN_PASSWORD = "Stack#" + secrets.token_hex(6)
START_TIMEOUT = 90  # seconds; the stack tests take about 30 s on an idle machine
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


def database_or_skip():
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


def redis_db_or_skip():
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

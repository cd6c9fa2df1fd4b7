"""A real Celery worker against Redis: what production runs (docker-compose `worker`), not the eager mode of
the rest of the suite. Outside CI the test skips when Redis is unreachable; in CI that is a failure."""

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings

from config import celery_app
from core.tasks import PONG, ping

ROOT = Path(__file__).resolve().parents[2]
CELERY = Path(sys.executable).with_name("celery")
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
TIMEOUT = 30


def _redis_or_skip():
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
    """tests/conftest.py makes Celery eager for the whole suite; this test must go through the broker."""
    saved = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    yield celery_app
    celery_app.conf.task_always_eager = saved


def _stop(proc: subprocess.Popen, pidfile: Path) -> None:
    """Warm shutdown of the worker by the pid it wrote; killed if it does not stop in time."""
    if proc.poll() is not None:
        return
    pid = int(pidfile.read_text().strip()) if pidfile.exists() else proc.pid
    assert pid == proc.pid, f"pidfile {pidfile} names {pid}, not the worker started here ({proc.pid})"
    os.kill(pid, signal.SIGTERM)
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.kill(pid, signal.SIGKILL)
        proc.wait(timeout=5)


@pytest.fixture
def worker(tmp_path, not_eager):
    """A solo-pool worker subprocess consuming only a queue of its own, so no other worker takes the task."""
    _redis_or_skip()
    queue = f"test-ping-{uuid.uuid4().hex[:12]}"
    node = f"{queue}@localhost"
    pidfile = tmp_path / "worker.pid"
    log = tmp_path / "worker.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "REDIS_URL": settings.REDIS_URL,
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "CELERY_RESULT_BACKEND": settings.CELERY_RESULT_BACKEND,
    }
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [
                str(CELERY),
                "-A",
                "config",
                "worker",
                "--pool=solo",
                "--loglevel=warning",
                f"--pidfile={pidfile}",
                "-Q",
                queue,
                "-n",
                node,
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + TIMEOUT
        while not not_eager.control.ping(destination=[node], timeout=0.5):
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(
                    f"worker did not come up (exit code {proc.poll()}):\n{log.read_text()}", pytrace=False
                )
        yield {"queue": queue, "node": node, "proc": proc, "pidfile": pidfile, "log": log}
    finally:
        _stop(proc, pidfile)


@pytest.mark.celery_worker
def test_ping_goes_through_a_real_worker(worker, not_eager):
    assert not_eager.conf.task_always_eager is False
    result = ping.apply_async(queue=worker["queue"])
    assert result.get(timeout=TIMEOUT) == PONG
    assert result.successful()

    # by name too, as monitoring does without importing the code
    assert not_eager.send_task("core.ping", queue=worker["queue"]).get(timeout=TIMEOUT) == PONG

    _stop(worker["proc"], worker["pidfile"])
    assert worker["proc"].returncode == 0, worker["log"].read_text()


def test_ping_runs_eagerly_in_the_suite():
    """Everywhere else in the suite (and in the embedded default) tasks run in-process."""
    assert celery_app.conf.task_always_eager is True
    assert ping.delay().get(timeout=1) == PONG


def _settings_values(module: str, **env) -> dict:
    """CELERY_TASK_ALWAYS_EAGER of a settings module, read in a fresh interpreter with no override in the env."""
    clean = {
        k: v for k, v in os.environ.items() if k not in {"CELERY_TASK_ALWAYS_EAGER", "DJANGO_SETTINGS_MODULE"}
    }
    code = f"import json, {module} as s; print(json.dumps({{'eager': s.CELERY_TASK_ALWAYS_EAGER}}))"
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_embedded_default_runs_tasks_eagerly():
    """`make demo` (config.settings.local) needs no Redis and no worker."""
    assert _settings_values("config.settings.local") == {"eager": True}


def test_production_sends_tasks_to_the_worker():
    assert _settings_values("config.settings.production", DJANGO_SECRET_KEY="x" * 50) == {"eager": False}

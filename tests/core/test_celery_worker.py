"""A real Celery worker against Redis: what production runs (docker-compose `worker`), not the eager mode of
the rest of the suite. Outside CI the test skips when Redis is unreachable; in CI that is a failure."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from config import celery_app
from core.tasks import PONG, ping

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 30


@pytest.fixture
def worker(celery_processes):
    """A solo-pool worker subprocess consuming only a queue of its own (tests/conftest.py)."""
    env = celery_processes.env("config.settings.test", CELERY_TASK_ALWAYS_EAGER="false")
    return celery_processes.worker(env, prefix="test-ping", timeout=TIMEOUT)


@pytest.mark.celery_worker
def test_ping_goes_through_a_real_worker(worker, not_eager, celery_processes):
    assert not_eager.conf.task_always_eager is False
    result = ping.apply_async(queue=worker["queue"])
    assert result.get(timeout=TIMEOUT) == PONG
    assert result.successful()

    # by name too, as monitoring does without importing the code
    assert not_eager.send_task("core.ping", queue=worker["queue"]).get(timeout=TIMEOUT) == PONG

    celery_processes.stop(worker["proc"])
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

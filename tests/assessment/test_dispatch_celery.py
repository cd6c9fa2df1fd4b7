"""A real Celery beat (the database scheduler) and a real worker against Redis run the monthly dispatch
task once: the report exists afterwards, and one report only however often it ran (not eager)."""

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from assessment.models import DispatchReport
from assessment.services.schedules import DISPATCH_ENTRY, sync_default_schedules
from config import celery_app
from tests.factories import ProgrammeFactory

ROOT = Path(__file__).resolve().parents[2]
CELERY = Path(sys.executable).with_name("celery")
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
TIMEOUT = 60


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


def _database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _start(args, env, log: Path) -> subprocess.Popen:
    with log.open("wb") as out:
        return subprocess.Popen(
            [str(CELERY), "-A", "config", *args], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
        )


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait(timeout=5)


@pytest.fixture
def not_eager():
    saved = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    yield celery_app
    celery_app.conf.task_always_eager = saved


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_beat_and_a_worker_build_the_monthly_report(tmp_path, not_eager):
    _redis_or_skip()
    ProgrammeFactory(is_current=True)
    sync_default_schedules()
    queue = f"test-dispatch-{uuid.uuid4().hex[:12]}"
    # every periodic task off but the dispatch task, sent every second to this test's own queue
    PeriodicTask.objects.exclude(name=DISPATCH_ENTRY).update(enabled=False)
    every_second, _ = IntervalSchedule.objects.get_or_create(every=1, period=IntervalSchedule.SECONDS)
    task = PeriodicTask.objects.get(name=DISPATCH_ENTRY)
    task.interval, task.crontab, task.queue = every_second, None, queue
    task.save()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.assessment.celery_settings",
        "DATABASE_URL": _database_url(),
        "REDIS_URL": settings.REDIS_URL,
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "CELERY_RESULT_BACKEND": settings.CELERY_RESULT_BACKEND,
    }
    node = f"{queue}@localhost"
    worker = _start(
        [
            "worker",
            "--pool=solo",
            "--loglevel=warning",
            "-Q",
            queue,
            "-n",
            node,
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        env,
        tmp_path / "worker.log",
    )
    beat = None
    try:
        deadline = time.monotonic() + TIMEOUT
        while not not_eager.control.ping(destination=[node], timeout=0.5):
            assert worker.poll() is None and time.monotonic() < deadline, (
                tmp_path / "worker.log"
            ).read_text()
        beat = _start(["beat", "--loglevel=info", "--max-interval=1"], env, tmp_path / "beat.log")
        while not DispatchReport.objects.exists():
            assert beat.poll() is None, (tmp_path / "beat.log").read_text()
            assert time.monotonic() < deadline, (tmp_path / "beat.log").read_text() + (
                tmp_path / "worker.log"
            ).read_text()
            time.sleep(0.5)
        time.sleep(3)  # beat keeps sending every second: still one report
    finally:
        if beat is not None:
            _stop(beat)
        _stop(worker)

    beat_log = (tmp_path / "beat.log").read_text()
    assert "DatabaseScheduler" in beat_log or "PortalScheduler" in beat_log, beat_log
    assert "assessment.dispatch_monthly" in beat_log
    assert DispatchReport.objects.count() == 1
    report = DispatchReport.objects.get()
    assert report.state == "draft" and report.events.filter(action="regenerate").exists()
    assert PeriodicTask.objects.get(name=DISPATCH_ENTRY).total_run_count >= 1

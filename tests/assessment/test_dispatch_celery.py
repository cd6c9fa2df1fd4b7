"""A real Celery beat (the database scheduler) and a real worker against Redis run the monthly dispatch
task once: the report exists afterwards, and one report only however often it ran (not eager)."""

import time

import pytest
from django.db import connection
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from assessment.models import DispatchReport
from assessment.services.schedules import DISPATCH_ENTRY, sync_default_schedules
from tests.factories import ProgrammeFactory

TIMEOUT = 60


def _database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_beat_and_a_worker_build_the_monthly_report(tmp_path, celery_processes):
    ProgrammeFactory(is_current=True)
    sync_default_schedules()
    deadline = time.monotonic() + TIMEOUT
    env = celery_processes.env("tests.assessment.celery_settings", DATABASE_URL=_database_url())
    worker = celery_processes.worker(env, prefix="test-dispatch", timeout=TIMEOUT)
    # every periodic task off but the dispatch task, sent every second to the worker's own queue
    PeriodicTask.objects.exclude(name=DISPATCH_ENTRY).update(enabled=False)
    every_second, _ = IntervalSchedule.objects.get_or_create(every=1, period=IntervalSchedule.SECONDS)
    task = PeriodicTask.objects.get(name=DISPATCH_ENTRY)
    task.interval, task.crontab, task.queue = every_second, None, worker["queue"]
    task.save()
    beat = celery_processes.beat(env, tmp_path / "beat.log")
    while not DispatchReport.objects.exists():
        assert beat.poll() is None, (tmp_path / "beat.log").read_text()
        assert time.monotonic() < deadline, (tmp_path / "beat.log").read_text() + worker["log"].read_text()
        time.sleep(0.5)
    time.sleep(3)  # beat keeps sending every second: still one report
    celery_processes.stop(beat)
    celery_processes.stop(worker["proc"])

    beat_log = (tmp_path / "beat.log").read_text()
    assert "DatabaseScheduler" in beat_log or "PortalScheduler" in beat_log, beat_log
    assert "assessment.dispatch_monthly" in beat_log
    assert DispatchReport.objects.count() == 1
    report = DispatchReport.objects.get()
    assert report.state == "draft" and report.events.filter(action="regenerate").exists()
    assert PeriodicTask.objects.get(name=DISPATCH_ENTRY).total_run_count >= 1

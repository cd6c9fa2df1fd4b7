"""The production stack's worker, beat and health checks: tasks run through the worker, /health/ and
`bin/portal health` report each part, the container health checks pass, beat keeps its schedule in the
database; then (the last test: it stops the worker) a stopped worker shows on the health endpoint while
the pages stay in service. The stack is conftest.py's."""

import os
import signal

import pytest

from tests.deploy.stack import Browser, run
from tests.deploy.support import PORTAL

pytestmark = pytest.mark.stack


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

"""Benchmarks run on their own test database (test_<name>_bench), never the suite's: the demo data they
commit (seed_demo at scale 10, generated nominations) would otherwise be seen by every later test.

With --reuse-db (the default in pyproject.toml) that database is kept between runs; seed_demo is
idempotent and the generated nominations are deleted and made again, so a rerun measures the same rows
and skips most of the seeding.

`bench_db` (seed_demo at BENCH_SCALE, committed) serves the nominations and reporting benchmarks; the
others declare their own.
"""

import time

import pytest

from config import celery_app

from .support import SCALE

celery_app.conf.task_always_eager = True  # no worker: the benchmark never queues anything, but be sure
celery_app.conf.task_eager_propagates = True


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    from pytest_django.fixtures import _set_suffix_to_test_databases

    _set_suffix_to_test_databases(suffix="bench")


@pytest.fixture(scope="module")
def bench_db(django_db_setup, django_db_blocker):
    """seed_demo at SCALE, committed to the bench database (idempotent: a rerun adds little); returns
    the programme."""
    from django.core.management import call_command
    from django.db import connection

    from programs.models import Programme

    with django_db_blocker.unblock():
        print()
        started = time.monotonic()
        call_command("seed_demo", scale=SCALE, quiet=True)  # prints what it added and how long it took
        print(f"seed_demo scale {SCALE}: {time.monotonic() - started:.1f}s")
        with connection.cursor() as cursor:  # planner statistics, as autovacuum keeps them in production
            cursor.execute("ANALYZE")
        return Programme.objects.current()

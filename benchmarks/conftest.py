"""Benchmarks run on their own test database (test_<name>_bench), never the suite's: the demo data they
commit (seed_demo at scale 10, generated nominations) would otherwise be seen by every later test.

With --reuse-db (the default in pyproject.toml) that database is kept between runs; seed_demo is
idempotent and the generated nominations are deleted and made again, so a rerun measures the same rows
and skips most of the seeding.
"""

import pytest

from config import celery_app

celery_app.conf.task_always_eager = True  # no worker: the benchmark never queues anything, but be sure
celery_app.conf.task_eager_propagates = True


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    from pytest_django.fixtures import _set_suffix_to_test_databases

    _set_suffix_to_test_databases(suffix="bench")

"""The production stack on this machine, without Docker, for the test_production_stack_*.py modules:
the commands docker-compose.yml runs (bin/portal build, release, web, worker, beat) with production
settings, against the real PostgreSQL (a fresh database of its own) and Redis (a database number of its
own), on free ports of 127.0.0.1.

One stack serves every test of this package (it takes a while to start); test_production_stack_web.py
runs first (modules in name order), and the last test of test_production_stack_workers.py stops the
worker. Every process started here is stopped by its pid (its process group as a last resort), even on
failure; the database is dropped and the Redis database emptied."""

import secrets

import pytest
from celery import Celery

from tests.deploy.stack import (
    CREATE_TOWN_USER,
    START_TIMEOUT,
    Browser,
    Service,
    database_or_skip,
    free_port,
    redis_db_or_skip,
    run,
    start,
    wait_for,
)
from tests.deploy.support import production_env


@pytest.fixture(scope="package")
def stack(tmp_path_factory):
    admin, params = database_or_skip()
    redis_url, redis_client = redis_db_or_skip()
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

"""/health/ and /health/web/ in the test process (no worker runs here; the stack test has one): open to the
load balancer, but the result of each check only for staff and for requests on the host itself."""

PROXIED = {"HTTP_X_FORWARDED_FOR": "203.0.113.7"}  # as every request through the TLS proxy


def test_the_web_health_check_reports_database_and_cache_on_the_host(client, db):
    response = client.get("/health/web/")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "OK", "cache": "OK"}}
    assert "no-store" in response["Cache-Control"]


def test_an_outsider_sees_the_status_and_nothing_else(client, db):
    response = client.get("/health/web/", **PROXIED)

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_a_signed_in_town_user_through_the_proxy_sees_no_details(client_for, town_user):
    response = client_for(town_user).get("/health/web/", **PROXIED)

    assert response.json() == {"status": "ok"}


def test_staff_see_every_check_through_the_proxy(client_for, admin_user):
    response = client_for(admin_user).get("/health/?format=json", **PROXIED)

    body = response.json()
    assert set(body["checks"]) == {"database", "cache", "broker", "worker"}
    assert body["checks"]["database"] == "OK"
    assert body["checks"]["broker"] == "OK"  # the Redis of this machine


def test_without_a_worker_the_stack_health_check_fails_and_says_which_part(client, db):
    """No worker consumes the suite's default queue (tests/core/test_celery_worker.py uses a queue of its own)."""
    response = client.get("/health/")

    assert response.status_code == 500
    assert response.json()["status"] == "error"
    assert response.json()["checks"]["worker"] != "OK"
    assert response.json()["checks"]["database"] == "OK"


def test_an_outsider_learns_only_that_something_failed(client, db):
    response = client.get("/health/?format=text", **PROXIED)

    assert response.status_code == 500
    assert response.content.decode() == "status: error\n"


def test_plain_text_for_probes_that_ask_for_it(client, db):
    response = client.get("/health/web/", HTTP_ACCEPT="text/plain")

    assert response["Content-Type"].startswith("text/plain")
    assert response.content.decode().splitlines() == ["status: ok", "database: OK", "cache: OK"]

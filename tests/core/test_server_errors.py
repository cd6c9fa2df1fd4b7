"""Inputs a fuzzer sent that each answered 500: every one now gets a 4xx with a sentence, or a 200.

One test per finding; each failed on main with the exception named in its docstring."""

import json
import threading

import pytest
from django.conf import settings
from django.urls import reverse

from pools import services
from tests.factories import NominationWindowFactory
from tests.pools.support import BACKBONE_PASSING, YEAR, nominate

pytestmark = pytest.mark.django_db
API = "/api/v1"
HUGE = "9" * 30
DIGITS_460 = "1" * 460


@pytest.fixture
def open_window(programme, office_user):
    window = NominationWindowFactory.build(programme=programme, year=YEAR)
    return services.window_open(
        actor=office_user,
        programme=programme,
        year=YEAR,
        opens_on=window.opens_on,
        closes_on=window.closes_on,
    )


def _post(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def _patch(client, url, data):
    return client.patch(url, json.dumps(data), content_type="application/json")


def _refused(response):
    assert 400 <= response.status_code < 500, (response.status_code, response.content[:300])
    return response


@pytest.mark.parametrize("pk", ["null,null", "1,2"])
def test_indicator_of_a_malformed_id_is_not_found(client_for, office_user, pk):
    """ValueError (Field 'id' expected a number)."""
    # when the office asks for an indicator sheet by a non-numeric id
    response = client_for(office_user).get(f"{API}/indicators/{pk}/")
    # then it is not found, not a server error
    assert response.status_code == 404


def test_indicator_of_a_huge_id_is_not_found(client_for, office_user):
    """OverflowError (Python int too large to convert to SQLite INTEGER / bigint out of range)."""
    assert client_for(office_user).get(f"{API}/indicators/{HUGE}/").status_code == 404


def test_credit_status_of_a_huge_enterprise_id_is_not_found(client_for, office_user):
    """OverflowError on the lookup of /api/v1/credit/status/<enterprise>/."""
    assert client_for(office_user).get(f"{API}/credit/status/{HUGE}/").status_code == 404


@pytest.mark.parametrize("year", [HUGE, "-" + HUGE, "99999"])
def test_indicators_of_a_huge_year_are_refused(client_for, office_user, enterprise, year):
    """OverflowError (date value out of range) for ?year=… on the list and the sheet."""
    client = client_for(office_user)
    for url in (f"{API}/indicators/", f"{API}/indicators/{enterprise.pk}/"):
        response = _refused(client.get(url, {"year": year}))
        # then the year is named with a sentence
        assert response.status_code == 400
        assert "year" in response.json()


def test_figures_page_of_a_huge_year_is_refused(client_for, enterprise_user, enterprise):
    """OverflowError on /reporting/figures/<id>/?year=…."""
    response = client_for(enterprise_user).get(
        reverse("reporting:figures", args=[enterprise.pk]), {"year": HUGE}
    )
    assert response.status_code in (200, 400)


@pytest.mark.parametrize("value", ["1e999999", DIGITS_460, "NaN", "-Infinity", "1.234"])
def test_pool_check_with_an_unbounded_metric_is_refused(client_for, programme, town_user, value):
    """InvalidOperation (quantize result has too many digits) on /api/v1/pools/<code>/check/."""
    response = _post(
        client_for(town_user), f"{API}/pools/backbone/check/", {"metrics": {"output_value": value}}
    )
    assert response.status_code == 400
    assert "output_value" in response.json()["metrics"]


@pytest.mark.parametrize("value", ["1e999999", DIGITS_460])
def test_nomination_create_and_update_with_an_unbounded_metric_are_refused(
    client_for, programme, open_window, town_user, enterprise, value
):
    """InvalidOperation on nomination create and on its update."""
    client = client_for(town_user)
    created = _post(
        client,
        f"{API}/nominations/",
        {"pool": "backbone", "year": YEAR, "enterprise": enterprise.pk, "metrics": {"output_value": value}},
    )
    assert created.status_code == 400
    assert "metrics" in created.json()
    nomination = nominate(town_user, programme.pools.get(code="backbone"), enterprise)
    updated = _patch(client, f"{API}/nominations/{nomination.pk}/", {"metrics": {"output_value": value}})
    assert updated.status_code == 400
    assert "metrics" in updated.json()


def test_nomination_claims_that_are_not_objects_are_refused(
    client_for, programme, open_window, town_user, enterprise
):
    """AttributeError ('str' object has no attribute 'get') for claims: {"market_share": "yes"}."""
    response = _post(
        client_for(town_user),
        f"{API}/nominations/",
        {
            "pool": "backbone",
            "year": YEAR,
            "enterprise": enterprise.pk,
            "metrics": BACKBONE_PASSING,
            "claims": {"market_share": "yes"},
        },
    )
    assert response.status_code == 400
    assert "claims" in response.json()


def test_deeply_nested_json_is_refused(client_for, enterprise, office_user):
    """RecursionError on a body nested 5,000 levels deep."""
    body = "[" * 5000 + "]" * 5000
    response = client_for(office_user).patch(
        f"{API}/enterprises/{enterprise.pk}/", body, content_type="application/json"
    )
    assert response.status_code == 400
    assert "32" in response.json()["detail"]


def test_embedded_sqlite_waits_for_a_writer_instead_of_failing(tmp_path):
    """OperationalError (database is locked) on concurrent sign-ins on the embedded SQLite: the
    connection options make SQLite journal in WAL mode and wait for the lock."""
    from django.db.backends.sqlite3.base import DatabaseWrapper

    options = settings.SQLITE_OPTIONS

    def connect():
        wrapper = DatabaseWrapper(
            {
                **settings.DATABASES["default"],
                "ENGINE": "django.db.backends.sqlite3",
                "NAME": str(tmp_path / "demo.sqlite3"),
                "OPTIONS": options,
                "TEST": {},
                "TIME_ZONE": None,
                "AUTOCOMMIT": True,
                "CONN_HEALTH_CHECKS": False,
            },
            alias="embedded",
        )
        wrapper.ensure_connection()
        return wrapper

    # given the embedded database's connection, as the local settings open it
    first = connect()
    with first.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] >= 5000
        cursor.execute("CREATE TABLE signin (n integer)")
    # when two connections write at the same time, one holding the lock for a moment
    errors = []

    def write(n):
        wrapper = connect()
        try:
            with wrapper.cursor() as cursor:
                for _ in range(20):
                    cursor.execute("BEGIN IMMEDIATE")
                    cursor.execute("INSERT INTO signin VALUES (%s)", [n])
                    cursor.execute("COMMIT")
        except Exception as exc:  # noqa: BLE001 - the test reports whatever broke
            errors.append(exc)
        finally:
            wrapper.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # then every write waited its turn
    assert errors == []
    with first.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM signin")
        assert cursor.fetchone()[0] == 80
    first.close()

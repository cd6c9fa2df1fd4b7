"""Every operation of the published OpenAPI schema, fuzzed by schemathesis as every role: no answer is
a server error, and every answer is one the schema documents (status, content type, body).

Bounded for the suite: a few examples per operation, derandomized (the same cases on every run), no
health checks. Callers authenticate by session cookie (and the CSRF pair), like the browser."""

import json

import pytest
import schemathesis
from django.conf import settings
from django.core import signals
from django.db import close_old_connections
from django.middleware.csrf import _get_new_csrf_string
from hypothesis import HealthCheck, Phase
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from config.wsgi import application
from tests.factories.assessment import assessment_rows

MAX_EXAMPLES = 6
# Generated cases only: schemathesis's explicit "coverage" phase (every boundary of every parameter)
# multiplies the run several times over; the CLI (`schemathesis run … --phases coverage`) does it in full.
PHASES = [Phase.generate]
ROLES = ["town", "department", "office", "enterprise", "admin"]


@pytest.fixture
def same_connection():
    """The WSGI requests run in the test's transaction: Django must not close the connection at the
    end of each request (the test client does the same)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def signed_in(client, same_connection):
    """signed_in(user) → the user's session cookie and a CSRF token (cookie and header)."""

    cache = {}

    def _headers(user):
        if user.pk in cache:
            return cache[user.pk]
        client.force_login(user)
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        csrf = _get_new_csrf_string()
        cache[user.pk] = {
            "cookies": {settings.SESSION_COOKIE_NAME: session, settings.CSRF_COOKIE_NAME: csrf},
            "headers": {"X-CSRFToken": csrf},
        }
        return cache[user.pk]

    return _headers


def _published_schema():
    """The document /api/v1/schema/ serves, generated in-process (it needs no data), with the portal's
    WSGI application to call."""
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.renderers import OpenApiJsonRenderer

    document = json.loads(
        OpenApiJsonRenderer().render(SchemaGenerator().get_schema(request=None, public=True))
    )
    loaded = schemathesis.openapi.from_dict(document)
    loaded.app = application
    loaded.location = "/api/v1/schema/"
    return loaded


schema = _published_schema()


@pytest.fixture(autouse=True)
def portal_data(db, programme, users, enterprise, other_enterprise, same_connection):
    """The programme, one account per role and an enterprise in each town."""
    assessment_rows(
        office=users["office"],
        town=enterprise.town,
        department=users["department"].department,
        enterprise=enterprise,
    )


@schema.parametrize()
@hypothesis_settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
    phases=PHASES,
)
def test_no_operation_answers_a_server_error_or_an_undocumented_response(case, users, signed_in):
    # given a generated request  when  every role sends it  then  each answer is documented, none a 500
    for role in ROLES:
        case.call_and_validate(
            **signed_in(users[role]), checks=[not_a_server_error, response_schema_conformance]
        )

"""The client address: one validated function feeds the audit trail and the sign-in lockout. The
client writes the left of X-Forwarded-For; only the hops the trusted proxies appended count."""

import pytest
from axes.models import AccessAttempt
from django.test import Client, RequestFactory

from core.models import AuditAction, AuditLog
from core.request_context import client_ip
from tests.factories.accounts import PASSWORD

LOGIN_URL = "/accounts/login/"


def _request(remote="203.0.113.7", forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "6.6.6.6", "203.0.113.7"),  # no proxy: whatever the client writes is ignored
        (0, None, "203.0.113.7"),
        (1, "6.6.6.6, 198.51.100.20", "198.51.100.20"),  # one proxy: the hop it appended
        (1, "198.51.100.20", "198.51.100.20"),
        (2, "6.6.6.6, 198.51.100.20, 10.0.0.2", "198.51.100.20"),
        (1, "x", "203.0.113.7"),  # garbage: the peer address
        (1, "6.6.6.6, not-an-ip", "203.0.113.7"),
        (2, "198.51.100.20", "203.0.113.7"),  # fewer hops than proxies: the header is not to be trusted
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_client_ip_counts_trusted_proxies_from_the_right(settings, proxies, forwarded, expected):
    settings.PORTAL_TRUSTED_PROXY_COUNT = proxies
    assert client_ip(_request(forwarded=forwarded)) == expected


def test_client_ip_never_returns_an_invalid_remote_addr(settings):
    settings.PORTAL_TRUSTED_PROXY_COUNT = 0
    assert client_ip(_request(remote="bogus")) is None


@pytest.mark.parametrize("forwarded", ["6.6.6.6, 198.51.100.20", "x", None])
def test_axes_reads_the_address_through_the_same_function(settings, forwarded):
    from axes.helpers import get_client_ip_address

    settings.PORTAL_TRUSTED_PROXY_COUNT = 1
    request = _request(forwarded=forwarded)
    assert get_client_ip_address(request) == client_ip(request)


def test_spoofed_forwarded_for_does_not_reach_the_trail_without_a_proxy(settings, town_user):
    # given no trusted proxy
    settings.PORTAL_TRUSTED_PROXY_COUNT = 0
    client = Client(REMOTE_ADDR="192.0.2.10")
    # when a client claims another address and fails to sign in
    client.post(LOGIN_URL, {"username": "town_a", "password": "Wrong@pass1"}, HTTP_X_FORWARDED_FOR="6.6.6.6")
    # then the trail and the lockout both hold the real peer address
    row = AuditLog.objects.get(action=AuditAction.LOGIN_FAILED)
    assert row.ip == "192.0.2.10"
    assert AccessAttempt.objects.get(username="town_a").ip_address == "192.0.2.10"


def test_behind_one_proxy_the_rightmost_hop_is_the_client(settings, town_user):
    settings.PORTAL_TRUSTED_PROXY_COUNT = 1
    client = Client(REMOTE_ADDR="10.0.0.1")  # the proxy
    client.post(
        LOGIN_URL,
        {"username": "town_a", "password": "Wrong@pass1"},
        HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.20",
    )
    row = AuditLog.objects.get(action=AuditAction.LOGIN_FAILED)
    attempt = AccessAttempt.objects.get(username="town_a")
    # then audit and axes agree on the client the proxy saw
    assert row.ip == attempt.ip_address == "198.51.100.20"


@pytest.mark.parametrize("proxies", [0, 1])
def test_garbage_forwarded_for_signs_in_with_an_audit_row(settings, town_user, proxies):
    # given a client sending a header that is no address (a 500 on PostgreSQL before)
    settings.PORTAL_TRUSTED_PROXY_COUNT = proxies
    client = Client(REMOTE_ADDR="192.0.2.10")
    # when it signs in
    response = client.post(LOGIN_URL, {"username": "town_a", "password": PASSWORD}, HTTP_X_FORWARDED_FOR="x")
    # then the sign-in works and is in the trail, with the peer address
    assert response.status_code == 302
    row = AuditLog.objects.get(action=AuditAction.LOGIN, actor=town_user)
    assert row.ip == "192.0.2.10"

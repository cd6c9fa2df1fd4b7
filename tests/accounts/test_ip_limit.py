"""Password spraying: beside axes' lock on one username from one address, a limit on the failures of one
client address across usernames (SIGN_IN_IP_FAILURE_LIMIT within SIGN_IN_IP_WINDOW_MINUTES)."""

from django.conf import settings
from django.test import Client

from core.models import AuditAction, AuditLog
from tests.factories.accounts import PASSWORD

LOGIN_URL = "/accounts/login/"
LIMITED = "该地址登录失败次数过多，已暂停从该地址登录，请 15 分钟后再试。"


def _spray(client, count, password="Spring@2026"):
    """One password tried on `count` different usernames (none reaches axes' per-account limit)."""
    return [
        client.post(LOGIN_URL, {"username": f"guess{n}", "password": password}).status_code
        for n in range(count)
    ]


def test_the_defaults_are_twenty_failures_in_fifteen_minutes():
    assert settings.SIGN_IN_IP_FAILURE_LIMIT == 20
    assert settings.SIGN_IN_IP_WINDOW_MINUTES == 15


def test_failures_across_usernames_stop_the_address_with_429(town_user):
    # given an address that has tried one password on twenty usernames
    sprayer = Client(REMOTE_ADDR="10.20.30.40")
    assert _spray(sprayer, 20) == [200] * 20
    # when it tries a real account, with the right password
    response = sprayer.post(LOGIN_URL, {"username": "town_a", "password": PASSWORD})
    # then it is refused before the password is checked, with 429 and the reason
    assert response.status_code == 429
    assert LIMITED in response.content.decode()
    assert "_auth_user_id" not in sprayer.session
    assert not AuditLog.objects.filter(action=AuditAction.LOGIN, actor=town_user).exists()


def test_below_the_limit_the_address_still_signs_in(town_user):
    client = Client(REMOTE_ADDR="10.20.30.41")
    assert _spray(client, 19) == [200] * 19

    assert client.post(LOGIN_URL, {"username": "town_a", "password": PASSWORD}).status_code == 302


def test_other_addresses_are_not_affected(town_user):
    _spray(Client(REMOTE_ADDR="10.20.30.42"), 20)

    colleague = Client(REMOTE_ADDR="10.20.30.43")

    assert colleague.post(LOGIN_URL, {"username": "town_a", "password": PASSWORD}).status_code == 302


def test_a_successful_sign_in_does_not_reset_the_count(town_user, other_town_user):
    client = Client(REMOTE_ADDR="10.20.30.44")
    _spray(client, 19)
    assert client.post(LOGIN_URL, {"username": "town_a", "password": PASSWORD}).status_code == 302
    client.post("/accounts/logout/")

    _spray(client, 1)

    assert client.post(LOGIN_URL, {"username": "town_b", "password": PASSWORD}).status_code == 429


def test_the_api_token_is_limited_too(town_user):
    client = Client(REMOTE_ADDR="10.20.30.45")
    for n in range(20):
        assert (
            client.post("/api/v1/auth/token/", {"username": f"guess{n}", "password": "x"}).status_code == 400
        )

    response = client.post("/api/v1/auth/token/", {"username": "town_a", "password": PASSWORD})

    assert response.status_code == 429
    assert response.json() == {"detail": LIMITED}


def test_the_message_quotes_the_settings(settings, town_user):
    settings.SIGN_IN_IP_FAILURE_LIMIT = 3
    settings.SIGN_IN_IP_WINDOW_MINUTES = 10
    client = Client(REMOTE_ADDR="10.20.30.46")
    _spray(client, 3)

    response = client.post(LOGIN_URL, {"username": "town_a", "password": PASSWORD})

    assert response.status_code == 429
    assert "请 10 分钟后再试" in response.content.decode()

"""An absolute session lifetime beside the idle timeout: SESSION_ABSOLUTE_SECONDS after sign-in the
session ends however active it has been, and the user is told why."""

import time

from django.conf import settings
from django.contrib.messages import get_messages
from django.test import Client

from accounts.sign_in import SIGNED_IN_AT
from core.models import AuditAction, AuditLog
from tests.factories.accounts import PASSWORD

LOGIN_URL = "/accounts/login/"


def _signed_in(username="town_a") -> Client:
    client = Client()
    assert client.post(LOGIN_URL, {"username": username, "password": PASSWORD}).status_code == 302
    return client


def _signed_in_hours_ago(client: Client, hours: float) -> None:
    session = client.session
    session[SIGNED_IN_AT] = time.time() - hours * 3600
    session.save()


def test_the_default_lifetime_is_eight_hours():
    assert settings.SESSION_ABSOLUTE_SECONDS == 8 * 3600
    assert settings.SESSION_COOKIE_AGE == 30 * 60  # the idle timeout stays beside it


def test_an_active_session_ends_eight_hours_after_sign_in(town_user):
    # given an official signed in 8 hours and a minute ago, active all along
    client = _signed_in()
    assert client.get("/home/town/").status_code == 200
    _signed_in_hours_ago(client, 8 + 1 / 60)
    # when they open the next page
    response = client.get("/home/town/")
    # then they are signed out and told why
    assert response.status_code == 302
    assert response["Location"] == LOGIN_URL
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "登录已超过 8 小时，为保障账号安全，请重新登录。"
    ]
    assert "_auth_user_id" not in client.session
    assert client.get("/home/town/")["Location"].startswith(f"{LOGIN_URL}?next=")
    assert AuditLog.objects.filter(action=AuditAction.LOGOUT, actor=town_user).count() == 1


def test_within_the_lifetime_the_session_goes_on(town_user):
    client = _signed_in()
    _signed_in_hours_ago(client, 7.9)

    assert client.get("/home/town/").status_code == 200


def test_signing_in_again_starts_a_new_lifetime(town_user):
    client = _signed_in()
    _signed_in_hours_ago(client, 9)
    client.get("/home/town/")  # ended

    again = _signed_in()

    assert again.get("/home/town/").status_code == 200
    assert time.time() - again.session[SIGNED_IN_AT] < 60


def test_the_message_quotes_the_setting(settings, town_user):
    settings.SESSION_ABSOLUTE_SECONDS = 90 * 60
    client = _signed_in()
    _signed_in_hours_ago(client, 2)

    response = client.get("/home/town/", follow=True)

    assert "登录已超过 90 分钟，为保障账号安全，请重新登录。" in response.content.decode()


def test_an_api_call_on_an_ended_session_is_told_why(town_user):
    client = _signed_in()
    _signed_in_hours_ago(client, 9)

    response = client.get("/api/v1/me/")

    assert response.status_code == 401
    assert response.json() == {"detail": "登录已超过 8 小时，为保障账号安全，请重新登录。"}


def test_a_session_from_before_the_rule_starts_counting_now(town_user):
    client = _signed_in()
    session = client.session
    del session[SIGNED_IN_AT]
    session.save()

    assert client.get("/home/town/").status_code == 200
    assert time.time() - client.session[SIGNED_IN_AT] < 60

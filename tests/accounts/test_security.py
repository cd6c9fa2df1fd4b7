"""Security settings a government system is audited on: password rules, lockout, idle sessions, CSRF."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from accounts.models import User
from core.audit_messages import encode
from core.models import AuditAction, AuditLog
from tests.factories import TownUserFactory
from tests.factories.accounts import PASSWORD

LOGIN_URL = "/accounts/login/"


def _refusal_codes(password, user=None) -> set[str]:
    with pytest.raises(ValidationError) as info:
        validate_password(password, user)
    return {error.code for error in info.value.error_list}


# --- password rules -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("password", "codes"),
    [
        ("abcdefgh", {"password_too_simple", "password_too_common"}),  # one class, and a common one
        ("abcdefg!", {"password_too_simple"}),  # two classes only
        ("Password1", {"password_too_common"}),  # three classes, but on every list of leaked passwords
        ("Qwerty123", {"password_too_common"}),
        ("12345678", {"password_too_simple", "password_too_common", "password_entirely_numeric"}),
        ("Ab1!xyz", {"password_too_short"}),  # four classes but 7 characters
    ],
)
def test_weak_passwords_are_refused(db, password, codes):
    assert _refusal_codes(password) == codes


@pytest.mark.parametrize("password", ["Luozhuang@2017", "Test@pass2026", "Lz#58tq0", "hongqi-lu-88"])
def test_passwords_of_eight_characters_and_three_classes_are_accepted(db, password):
    assert validate_password(password) is None


def test_password_like_the_username_is_refused(db):
    user = User(username="zhangsan", last_name="张", first_name="三")

    assert _refusal_codes("Zhangsan2026", user) == {"password_too_similar"}


def test_character_class_message_is_chinese(db):
    with pytest.raises(ValidationError) as info:
        validate_password("abcdefg!")

    assert info.value.messages == ["密码须包含大写字母、小写字母、数字、符号中至少 3 类字符。"]


def test_password_change_page_applies_the_rules(client_for, town_user):
    client = client_for(town_user)

    response = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": "abcdefgh", "new_password2": "abcdefgh"},
    )

    assert response.status_code == 200
    assert "new_password2" in response.context["form"].errors
    town_user.refresh_from_db()
    assert town_user.check_password(PASSWORD)


# --- lockout ------------------------------------------------------------------------------------


def _login(client, username, password):
    return client.post(LOGIN_URL, {"username": username, "password": password})


def test_five_failed_logins_lock_the_account_even_for_the_right_password(client, town_user):
    # given four wrong passwords: each is an ordinary failed login naming the limit
    for _attempt in range(4):
        response = _login(client, "town_a", "Wrong@pass1")
        assert response.status_code == 200
        assert "连续输错 5 次将锁定 30 分钟" in response.content.decode()

    # when the fifth fails too
    fifth = _login(client, "town_a", "Wrong@pass1")
    # then the account is locked: the right password now gets the lockout page, 429, and no session
    sixth = _login(client, "town_a", PASSWORD)

    assert fifth.status_code == 429
    assert sixth.status_code == 429
    page = sixth.content.decode()
    assert "登录失败次数过多，账号已暂时锁定" in page
    assert "请 30 分钟后再试" in page
    assert "_auth_user_id" not in client.session
    assert client.get("/").status_code == 302  # still anonymous: sent to the login page
    assert (
        AuditLog.objects.filter(
            action=AuditAction.LOGIN_FAILED, message=encode("account.login_failed", {"username": "town_a"})
        ).count()
        >= 5
    )
    assert not AuditLog.objects.filter(action=AuditAction.LOGIN, actor=town_user).exists()


def test_lockout_is_per_account_and_address(client, town_user, other_town_user):
    for _attempt in range(5):
        _login(client, "town_a", "Wrong@pass1")

    # another account from the same address still signs in
    assert _login(client, "town_b", PASSWORD).status_code == 302
    # the locked account from another address too (the lock is on username + address)
    elsewhere = Client(REMOTE_ADDR="10.1.2.3")
    assert _login(elsewhere, "town_a", PASSWORD).status_code == 302


def test_a_successful_login_resets_the_failure_count(client, town_user):
    for _attempt in range(4):
        _login(client, "town_a", "Wrong@pass1")
    assert _login(client, "town_a", PASSWORD).status_code == 302
    client.logout()

    for _attempt in range(4):
        assert _login(client, "town_a", "Wrong@pass1").status_code == 200
    assert _login(client, "town_a", PASSWORD).status_code == 302


def test_lockout_messages_quote_the_settings(settings, client, town_user):
    # given a deployment that locks for an hour
    settings.AXES_COOLOFF_TIME = 1
    # then the failed-login message and the lockout page say so, not a fixed 30 minutes
    failed = _login(client, "town_a", "Wrong@pass1")
    for _attempt in range(4):
        locked = _login(client, "town_a", "Wrong@pass1")

    assert "连续输错 5 次将锁定 60 分钟" in failed.content.decode()
    assert locked.status_code == 429
    assert "请 60 分钟后再试" in locked.content.decode()


def test_login_page_quotes_the_idle_timeout(settings, client):
    settings.SESSION_COOKIE_AGE = 20 * 60

    assert "20 分钟无操作将自动退出" in client.get(LOGIN_URL).content.decode()


def test_lockout_settings():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME == 0.5  # hours
    assert settings.AXES_RESET_ON_SUCCESS is True
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]


# --- sessions -----------------------------------------------------------------------------------


def test_session_settings_are_thirty_minutes_idle():
    assert settings.SESSION_COOKIE_AGE == 1800
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert settings.SESSION_COOKIE_HTTPONLY is True


def _session_of(client) -> Session:
    return Session.objects.get(session_key=client.session.session_key)


def test_each_request_extends_the_session(client, town_user):
    assert _login(client, "town_a", PASSWORD).status_code == 302
    session = _session_of(client)
    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() + timedelta(minutes=5))

    assert client.get("/home/town/").status_code == 200

    renewed = _session_of(client).expire_date
    assert abs((renewed - timezone.now()) - timedelta(seconds=1800)) < timedelta(seconds=30)


def test_session_idle_for_more_than_thirty_minutes_is_rejected(client, town_user):
    # given a signed-in official whose last request was 31 minutes ago
    assert _login(client, "town_a", PASSWORD).status_code == 302
    assert client.get("/home/town/").status_code == 200
    last_request = timezone.now() - timedelta(minutes=31)
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=last_request + timedelta(seconds=settings.SESSION_COOKIE_AGE)
    )

    # when they come back
    response = client.get("/home/town/")

    # then they must sign in again
    assert response.status_code == 302
    assert response["Location"].startswith(f"{LOGIN_URL}?next=")
    assert client.get("/enterprises/").status_code == 302


def test_signing_in_elsewhere_ends_the_first_session(town_user):
    first, second = Client(), Client()
    assert _login(first, "town_a", PASSWORD).status_code == 302
    assert first.get("/home/town/").status_code == 200

    assert _login(second, "town_a", PASSWORD).status_code == 302

    response = first.get("/home/town/", follow=True)
    assert response.redirect_chain == [(LOGIN_URL, 302)]
    assert "该账号已在其他地方登录，本次会话已结束。账号仅限本人使用。" in response.content.decode()
    assert "_auth_user_id" not in first.session
    assert second.get("/home/town/").status_code == 200
    town_user.refresh_from_db()
    assert town_user.current_session_key == second.session.session_key


# --- CSRF ---------------------------------------------------------------------------------------


def test_login_post_without_csrf_token_is_refused(town_user):
    client = Client(enforce_csrf_checks=True)

    response = _login(client, "town_a", PASSWORD)

    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


def test_login_post_with_the_csrf_token_succeeds(town_user):
    client = Client(enforce_csrf_checks=True)
    client.get(LOGIN_URL)
    token = client.cookies[settings.CSRF_COOKIE_NAME].value

    response = client.post(
        LOGIN_URL, {"username": "town_a", "password": PASSWORD, "csrfmiddlewaretoken": token}
    )

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(town_user.pk)


def test_signed_in_post_without_csrf_token_is_refused(db):
    user = TownUserFactory(username="town_csrf")
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)

    response = client.post("/enterprises/new/", {"uscc": "91350100M000100Y43", "name": "跨站请求有限公司"})

    assert response.status_code == 403
    assert not user.town.enterprises.exists()

"""API tokens: stored as a hash, expiring, revoked by DELETE, by the security administrator, and on a
password change or deactivation; a locked account gets the lockout sentence with 429."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from knox.models import AuthToken

from accounts.lockout import lockout_message
from core.audit_messages import encode
from core.models import AuditAction, AuditLog
from tests.accounts.support import admin_change_form
from tests.factories.accounts import PASSWORD

TOKEN_URL = "/api/v1/auth/token/"
NEW_PASSWORD = "Hongqi#2027x"


def _sign_in(client, username, password=PASSWORD, **extra):
    return client.post(
        TOKEN_URL, {"username": username, "password": password}, content_type="application/json", **extra
    )


def _token(username="town_a") -> str:
    response = _sign_in(Client(), username)
    assert response.status_code == 200, response.content
    return response.json()["token"]


def _me(token):
    return Client().get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token}")


def test_token_is_stored_only_as_a_hash(town_user):
    # when the official obtains a token
    token = _token()
    # then the database holds a digest, never the token itself, and the token works
    stored = AuthToken.objects.get(user=town_user)
    assert token not in (stored.digest, stored.token_key)
    assert len(stored.digest) == 128
    assert _me(token).status_code == 200


def test_token_expires_after_the_configured_hours(town_user):
    # given a token, issued with the configured lifetime
    response = _sign_in(Client(), "town_a")
    stored = AuthToken.objects.get(user=town_user)
    ttl = settings.REST_KNOX["TOKEN_TTL"]
    assert ttl == timedelta(hours=10)
    assert abs((stored.expiry - stored.created) - ttl) < timedelta(seconds=5)
    assert response.json()["expiry"]
    # when that time has passed
    AuthToken.objects.filter(pk=stored.pk).update(expiry=timezone.now() - timedelta(seconds=1))
    answer = _me(response.json()["token"])
    # then the token is refused in the portal's words
    assert answer.status_code in (401, 403)
    assert answer.json()["detail"] == "令牌无效、已过期或已撤销，请重新获取令牌。"


def test_delete_revokes_the_callers_token_only(town_user):
    first, second = _token(), _token()
    response = Client().delete(TOKEN_URL, HTTP_AUTHORIZATION=f"Token {first}")
    assert response.status_code == 204
    assert _me(first).status_code in (401, 403)
    assert _me(second).status_code == 200
    assert AuditLog.objects.filter(action=AuditAction.LOGOUT, message=encode("token.revoked")).count() == 1


def test_delete_without_a_token_is_refused(db):
    assert Client().delete(TOKEN_URL).status_code in (401, 403)


def test_password_change_revokes_every_token(client_for, town_user):
    token = _token()
    response = client_for(town_user).post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert _me(token).status_code in (401, 403)
    assert not AuthToken.objects.filter(user=town_user).exists()


def test_deactivated_account_token_is_refused_and_revoked(client_for, admin_user, town_user):
    token = _token()
    # when the account is deactivated (even outside the admin, the token stops at once)
    type(town_user).objects.filter(pk=town_user.pk).update(is_active=False)
    assert _me(token).status_code in (401, 403)
    # and deactivation in the admin deletes the tokens, so reactivating does not bring them back
    type(town_user).objects.filter(pk=town_user.pk).update(is_active=True)
    town_user.refresh_from_db()
    client_for(admin_user).post(
        f"/admin/accounts/user/{town_user.pk}/change/", admin_change_form(town_user, is_active="")
    )
    type(town_user).objects.filter(pk=town_user.pk).update(is_active=True)
    assert _me(token).status_code in (401, 403)


def test_security_administrator_revokes_a_users_tokens(client_for, security_admin_user, town_user):
    token = _token()
    client = client_for(security_admin_user)
    listed = client.get("/accounts/security/tokens/")
    assert "town_a" in listed.content.decode()
    response = client.post(f"/accounts/security/tokens/{town_user.pk}/revoke/")
    assert response.status_code == 302
    assert _me(token).status_code in (401, 403)
    row = AuditLog.objects.get(message=encode("token.revoked_all", {"reason": "security administrator"}))
    assert (row.actor, row.after) == (security_admin_user, {"api_tokens_revoked": 1})


@pytest.mark.parametrize("role", ["town", "office", "admin", "audit_admin"])
def test_only_the_security_administrator_revokes_tokens(client_for, users, town_user, role):
    _token()
    response = client_for(users[role]).post(f"/accounts/security/tokens/{town_user.pk}/revoke/")
    assert response.status_code == 403
    assert AuthToken.objects.filter(user=town_user).exists()


def test_locked_account_gets_429_with_the_lockout_sentence(town_user):
    client = Client()
    # given as many wrong passwords as the limit
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        assert _sign_in(client, "town_a", "Wrong@pass1").status_code in (400, 429)
    # when the right password comes
    response = _sign_in(client, "town_a")
    # then the answer is the lockout, not "wrong credentials", in the sign-in page's words
    assert response.status_code == 429
    assert response.json() == {"detail": lockout_message()}
    assert "30 分钟" in response.json()["detail"]
    assert not AuthToken.objects.filter(user=town_user).exists()


def test_wrong_password_is_a_chinese_sentence(town_user):
    response = _sign_in(Client(), "town_a", "Wrong@pass1")
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["账号或密码错误。"]}


def test_lockout_message_quotes_the_cooloff_setting(settings):
    settings.AXES_COOLOFF_TIME = 2
    assert "请 120 分钟后再试" in lockout_message()


def test_sign_in_page_names_the_limit_and_the_minutes_from_settings(client, town_user, settings):
    settings.AXES_COOLOFF_TIME = 1
    response = client.post("/accounts/login/", {"username": "town_a", "password": "Wrong@pass1"})
    assert "连续输错 5 次将锁定 60 分钟" in response.content.decode()

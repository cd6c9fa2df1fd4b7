"""Signing in and out is audited: a sign-in, a failed one (with the name tried, known or not), a
sign-out and a password change, each with the address it came from."""

from core.audit_messages import decode, encode
from core.models import AuditAction, AuditLog
from tests.core.audit_support import IP, META, assert_from_request, only_new_row, write_ids
from tests.factories.accounts import PASSWORD

# --- signing in and out ----------------------------------------------------------------------------


def test_successful_login_is_audited(client, town_user):
    # when the official signs in on the login page
    response = client.post("/accounts/login/", {"username": "town_a", "password": PASSWORD}, **META)
    # then they are in, and a LOGIN row names them and their address
    assert response.status_code == 302
    assert response["Location"] == "/"
    row = AuditLog.objects.get(action=AuditAction.LOGIN)
    assert_from_request(row, town_user)
    assert (row.content_type.model, row.object_id) == ("user", str(town_user.pk))


def test_failed_login_is_audited_with_the_attempted_name(client, town_user):
    # when someone types a wrong password
    response = client.post("/accounts/login/", {"username": "town_a", "password": "wrong-Pass1"}, **META)
    # then they stay on the login page, and a LOGIN_FAILED row keeps the name tried and the address
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    row = AuditLog.objects.get(action=AuditAction.LOGIN_FAILED)
    assert row.actor is None
    assert row.actor_username == "town_a"
    assert decode(row.message) == ("account.login_failed", {"username": "town_a"})
    assert row.ip == IP
    assert not AuditLog.objects.filter(action=AuditAction.LOGIN).exists()


def test_failed_login_for_an_unknown_name_is_audited(client, db):
    client.post("/accounts/login/", {"username": "nobody", "password": "wrong-Pass1"}, **META)
    row = AuditLog.objects.get(action=AuditAction.LOGIN_FAILED)
    assert (row.actor, row.actor_username, row.ip) == (None, "nobody", IP)


def test_logout_is_audited(client, town_user):
    client.post("/accounts/login/", {"username": "town_a", "password": PASSWORD}, **META)
    response = client.post("/accounts/logout/", **META)
    assert response.status_code == 302
    row = AuditLog.objects.get(action=AuditAction.LOGOUT)
    assert_from_request(row, town_user)


def test_password_change_is_audited(client, town_user):
    client.post("/accounts/login/", {"username": "town_a", "password": PASSWORD}, **META)
    before = write_ids()
    response = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": "Xin-mima-2026", "new_password2": "Xin-mima-2026"},
        **META,
    )
    assert response.status_code == 302
    row = only_new_row(before)
    assert_from_request(row, town_user)
    assert (row.action, row.message) == (AuditAction.UPDATE, encode("account.password_changed"))
    assert "password" not in (row.after or {})

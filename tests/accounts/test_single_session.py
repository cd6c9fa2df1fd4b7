"""An account is one person's: signing in again elsewhere ends the earlier session."""

import pytest
from django.contrib.messages import get_messages
from django.test import Client

from accounts.models import User
from core.models import AuditAction, AuditLog
from tests.factories.accounts import PASSWORD

SIGNED_IN_ELSEWHERE = "该账号已在其他地方登录，本次会话已结束。账号仅限本人使用。"


def _sign_in(client: Client, username: str):
    response = client.post(
        "/accounts/login/", {"username": username, "password": PASSWORD}, REMOTE_ADDR="10.1.2.3"
    )
    assert response.status_code == 302, "sign-in failed"
    return response


def test_second_sign_in_ends_the_first_session(town_user):
    # given the official signed in on a first computer
    first, second = Client(), Client()
    _sign_in(first, "town_a")
    assert first.get("/home/town/").status_code == 200
    # when the same account signs in on a second computer
    _sign_in(second, "town_a")
    # then the first computer's next request goes to the login page, saying why
    response = first.get("/home/town/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    assert [str(m) for m in get_messages(response.wsgi_request)] == [SIGNED_IN_ELSEWHERE]
    login_page = first.get(response["Location"])
    assert SIGNED_IN_ELSEWHERE in login_page.content.decode()
    # and it stays signed out, while the second computer carries on
    assert "_auth_user_id" not in first.session
    assert first.get("/home/town/")["Location"].startswith("/accounts/login/")
    assert second.get("/home/town/").status_code == 200


def test_the_first_session_cannot_write_after_being_ended(town_user, enterprise):
    # given a first session ended by a second sign-in
    first, second = Client(), Client()
    _sign_in(first, "town_a")
    _sign_in(second, "town_a")
    # when the first computer submits an edit
    response = first.post(f"/enterprises/{enterprise.pk}/edit/", {"name": "被篡改的名称"})
    # then it is sent to sign in and nothing changes
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    enterprise.refresh_from_db()
    assert enterprise.name == "临沂甲陶瓷有限公司"


def test_ending_the_first_session_is_not_logged_as_a_new_sign_in(town_user):
    first, second = Client(), Client()
    _sign_in(first, "town_a")
    _sign_in(second, "town_a")
    first.get("/home/town/")
    assert AuditLog.objects.filter(action=AuditAction.LOGIN, actor=town_user).count() == 2
    # the forced sign-out is in the trail too
    assert AuditLog.objects.filter(action=AuditAction.LOGOUT, actor=town_user).count() == 1


def test_the_account_remembers_the_latest_session(town_user):
    first, second = Client(), Client()
    _sign_in(first, "town_a")
    first_key = User.objects.get(pk=town_user.pk).current_session_key
    _sign_in(second, "town_a")
    second_key = User.objects.get(pk=town_user.pk).current_session_key
    assert first_key == first.session.session_key
    assert second_key == second.session.session_key
    assert first_key != second_key


def test_other_accounts_are_not_affected(town_user, other_town_user):
    # given two officials of different towns, each signed in
    a, b = Client(), Client()
    _sign_in(a, "town_a")
    _sign_in(b, "town_b")
    # then both stay signed in
    assert a.get("/home/town/").status_code == 200
    assert b.get("/home/town/").status_code == 200


def test_signing_in_again_on_the_same_computer_keeps_working(town_user):
    client = Client()
    _sign_in(client, "town_a")
    client.post("/accounts/logout/")
    _sign_in(client, "town_a")
    assert client.get("/home/town/").status_code == 200


@pytest.mark.parametrize("second_way", ["login_page", "api_token"])
def test_api_token_sign_in_does_not_end_the_browser_session(town_user, second_way):
    # given the official signed in in a browser
    browser, other = Client(), Client()
    _sign_in(browser, "town_a")
    # when the account signs in again, through the login page or by asking the API for a token
    if second_way == "login_page":
        _sign_in(other, "town_a")
    else:
        response = other.post("/api/v1/auth/token/", {"username": "town_a", "password": PASSWORD})
        assert response.status_code == 200
    # then only a second browser sign-in ends the first session
    still_in = browser.get("/home/town/").status_code == 200
    assert still_in is (second_way == "api_token")


def test_password_change_keeps_the_user_signed_in(town_user):
    # given the official signed in
    client = Client()
    _sign_in(client, "town_a")
    # when they change their password
    response = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": "Xin-mima-2026", "new_password2": "Xin-mima-2026"},
    )
    assert response.status_code == 302
    # then they are still signed in (Django keeps the session), not told they signed in elsewhere
    page = client.get("/home/town/")
    assert page.status_code == 200
    assert SIGNED_IN_ELSEWHERE not in [str(m) for m in get_messages(page.wsgi_request)]


def test_administrator_setting_someone_s_password_stays_signed_in(town_user):
    # given the system administrator (as deployed: staff with account rights) signed in
    from accounts.services import grant_admin_permissions
    from tests.factories import AdminUserFactory

    admin = AdminUserFactory(username="accounts_admin", is_superuser=False)
    grant_admin_permissions(admin)
    client = Client()
    _sign_in(client, "accounts_admin")
    # when they set an official's password in the admin (Django gives their own session a new key)
    response = client.post(
        f"/admin/accounts/user/{town_user.pk}/password/",
        {"password1": "Xin-mima-2026", "password2": "Xin-mima-2026", "usable_password": "true"},
    )
    assert response.status_code == 302
    # then the password is set and the administrator is still signed in
    town_user.refresh_from_db()
    assert town_user.check_password("Xin-mima-2026")
    assert client.get("/home/admin/").status_code == 200


def test_forced_sign_out_is_audited_with_the_address(town_user):
    first, second = Client(), Client()
    _sign_in(first, "town_a")
    _sign_in(second, "town_a")
    first.get("/home/town/", REMOTE_ADDR="10.9.9.9")
    row = AuditLog.objects.get(action=AuditAction.LOGOUT)
    assert (row.actor, row.ip) == (town_user, "10.9.9.9")

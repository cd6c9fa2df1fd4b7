"""Passwords under 等保2.0 三级: the last PASSWORD_HISTORY_COUNT cannot be chosen again (hashes kept,
never the passwords), and staff passwords older than PASSWORD_MAX_AGE_DAYS must be changed first."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from accounts.models import PasswordHistory
from tests.factories import TownUserFactory
from tests.factories.accounts import PASSWORD

LOGIN_URL = "/accounts/login/"
CHANGE_URL = "/accounts/password/"
REUSED = "新密码不能与最近 5 次使用过的密码相同。"
EXPIRED = "密码已超过 90 天未修改，请先修改密码。"
PASSWORDS = ["Chun@2026a", "Xia#2026b", "Qiu$2026c", "Dong%2026d", "Feng&2026e", "Yu*2026f"]


def _set(user, password):
    user.set_password(password)
    user.save()


def _age(user, days):
    PasswordHistory.objects.filter(user=user).update(created_at=timezone.now() - timedelta(days=days))


def _signed_in(username) -> Client:
    client = Client()
    assert client.post(LOGIN_URL, {"username": username, "password": PASSWORD}).status_code == 302
    return client


def test_the_defaults():
    assert settings.PASSWORD_HISTORY_COUNT == 5
    assert settings.PASSWORD_MAX_AGE_DAYS == 90
    assert {"office", "department", "admin"} <= set(settings.PASSWORD_EXPIRY_ROLES)
    assert not {"town", "enterprise"} & set(settings.PASSWORD_EXPIRY_ROLES)


# --- history ------------------------------------------------------------------------------------


def test_the_current_password_cannot_be_chosen_again(town_user):
    client = Client()
    client.force_login(town_user)

    response = client.post(
        CHANGE_URL, {"old_password": PASSWORD, "new_password1": PASSWORD, "new_password2": PASSWORD}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["new_password2"] == [REUSED]


def test_the_last_five_passwords_are_refused_the_sixth_is_allowed(town_user):
    # given five changes after the first password: PASSWORD, then PASSWORDS[0..4]
    for password in PASSWORDS[:5]:
        _set(town_user, password)
    # then the last five (the current one included) are refused, in the policy's words
    for recent in PASSWORDS[:5]:
        with pytest.raises(ValidationError) as info:
            validate_password(recent, town_user)
        assert info.value.messages == [REUSED]
    # and the first one, now six back, may be chosen again
    assert validate_password(PASSWORD, town_user) is None


def test_only_hashes_are_kept_and_only_as_many_as_needed(town_user):
    for password in PASSWORDS:
        _set(town_user, password)

    rows = list(PasswordHistory.objects.filter(user=town_user))

    assert len(rows) == 5
    assert rows[0].password == town_user.password
    assert all(password not in row.password for row in rows for password in [PASSWORD, *PASSWORDS])


def test_the_history_follows_the_setting(settings, town_user):
    settings.PASSWORD_HISTORY_COUNT = 2
    for password in PASSWORDS[:3]:
        _set(town_user, password)

    assert validate_password(PASSWORDS[0], town_user) is None
    with pytest.raises(ValidationError, match="最近 2 次"):
        validate_password(PASSWORDS[1], town_user)


def test_an_account_older_than_the_history_still_cannot_keep_its_password(town_user):
    PasswordHistory.objects.filter(user=town_user).delete()

    with pytest.raises(ValidationError, match="最近 5 次"):
        validate_password(PASSWORD, town_user)


# --- expiry -------------------------------------------------------------------------------------


def test_an_expired_staff_password_must_be_changed_before_anything_else(office_user):
    # given an official whose password was set 91 days ago
    _age(office_user, 91)
    # when they sign in
    client = _signed_in("office")
    # then every page sends them to change the password, saying why
    for page in ("/home/office/", "/enterprises/", "/api/v1/me/"):
        response = client.get(page)
        assert response.status_code in (302, 403), page
    page = client.get("/home/office/", follow=True)
    assert page.redirect_chain[-1] == (CHANGE_URL, 302)
    html = page.content.decode()
    assert "密码已超过 90 天未修改。按照信息系统安全等级保护要求，请先设置新密码再继续使用平台。" in html
    # and once changed, the portal opens again
    changed = client.post(
        CHANGE_URL,
        {"old_password": PASSWORD, "new_password1": "Xin#mima2026", "new_password2": "Xin#mima2026"},
    )
    assert changed.status_code == 302
    assert client.get("/home/office/").status_code == 200
    assert _signed_in_with("office", "Xin#mima2026").get("/home/office/").status_code == 200


def _signed_in_with(username, password) -> Client:
    client = Client()
    assert client.post(LOGIN_URL, {"username": username, "password": password}).status_code == 302
    return client


def test_an_enrolled_official_gives_the_code_first_then_changes_the_expired_password(office_user):
    from tests.factories.accounts import TOTPDeviceFactory, totp_code

    device = TOTPDeviceFactory(user=office_user)
    _age(office_user, 91)
    client = Client()

    signed_in = client.post(LOGIN_URL, {"username": "office", "password": PASSWORD})
    assert signed_in["Location"].startswith("/accounts/two-factor/verify/")
    assert client.get(signed_in["Location"]).status_code == 200
    assert client.get(CHANGE_URL)["Location"].startswith("/accounts/two-factor/verify/")
    verified = client.post("/accounts/two-factor/verify/", {"code": totp_code(device)}, follow=True)

    assert verified.redirect_chain[-1] == (CHANGE_URL, 302)
    assert "密码已超过 90 天未修改。" in verified.content.decode()


def test_the_api_answers_403_with_the_reason(office_user):
    _age(office_user, 91)
    client = _signed_in("office")

    response = client.get("/api/v1/me/")

    assert response.status_code == 403
    assert response.json() == {"detail": EXPIRED}


def test_no_api_token_for_an_expired_staff_password(office_user):
    _age(office_user, 91)

    response = Client().post("/api/v1/auth/token/", {"username": "office", "password": PASSWORD})

    assert response.status_code == 403
    assert response.json() == {"detail": EXPIRED}


def test_a_staff_password_within_its_age_is_not_asked_for(office_user):
    _age(office_user, 89)

    assert _signed_in("office").get("/home/office/").status_code == 200


@pytest.mark.parametrize("user_fixture", ["department_user", "admin_user"])
def test_expiry_applies_to_departments_and_administrators(request, user_fixture):
    user = request.getfixturevalue(user_fixture)
    _age(user, 120)

    response = _signed_in(user.username).get("/notifications/")

    assert (response.status_code, response["Location"]) == (302, CHANGE_URL)


def test_town_and_enterprise_passwords_do_not_expire(town_user, enterprise_user):
    _age(town_user, 400)
    _age(enterprise_user, 400)

    assert _signed_in("town_a").get("/home/town/").status_code == 200
    assert _signed_in("ent_a").get("/home/enterprise/").status_code == 200


def test_the_age_follows_the_setting(settings, office_user):
    settings.PASSWORD_MAX_AGE_DAYS = 30
    _age(office_user, 31)

    page = _signed_in("office").get("/home/office/", follow=True)
    api = _signed_in("office").get("/api/v1/me/")

    assert "密码已超过 30 天未修改。" in page.content.decode()
    assert api.json() == {"detail": "密码已超过 30 天未修改，请先修改密码。"}


def test_an_administrator_setting_a_password_starts_its_age_again(office_user):
    _age(office_user, 200)

    _set(office_user, "Chong#zhi2026")

    assert _signed_in_with("office", "Chong#zhi2026").get("/home/office/").status_code == 200


def test_an_unused_account_dates_its_password_from_its_opening(db):
    user = TownUserFactory()
    PasswordHistory.objects.filter(user=user).delete()

    from accounts.selectors import password_changed_at

    assert password_changed_at(user) == user.date_joined

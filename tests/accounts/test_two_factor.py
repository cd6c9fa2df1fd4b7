"""Two-factor sign-in (等保2.0 三级 身份鉴别: two factors for the office, departments and administrators):
enrolment by QR code, the code after the password, the code with the API token, recovery."""

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import services
from core.audit_messages import encode
from core.models import AuditAction, AuditLog
from tests.factories import AdminUserFactory, OfficeUserFactory, TownUserFactory
from tests.factories.accounts import PASSWORD, TOTPDeviceFactory, totp_code, wrong_code

LOGIN_URL = "/accounts/login/"
SETUP_URL = "/accounts/two-factor/"
VERIFY_URL = "/accounts/two-factor/verify/"
WRONG_CODE = "验证码不正确，请输入身份验证器上当前显示的 6 位数字。"


def _sign_in(client, username, **extra):
    return client.post(LOGIN_URL, {"username": username, "password": PASSWORD, **extra})


# --- required for staff roles -------------------------------------------------------------------


@pytest.mark.parametrize("user_fixture", ["office_user", "department_user", "admin_user"])
def test_staff_without_a_device_are_sent_to_enrolment_before_anything_else(
    request, require_2fa, user_fixture
):
    # given two-factor required, and an official who has not enrolled
    user = request.getfixturevalue(user_fixture)
    client = Client()
    # when they sign in with the right password
    response = _sign_in(client, user.username)
    # then they land on enrolment, and every business page sends them back there
    assert response.status_code == 302
    assert response["Location"].startswith(f"{SETUP_URL}?next=")
    for page in ("/", "/enterprises/", "/pools/", "/audit/"):
        blocked = client.get(page)
        assert blocked.status_code == 302, page
        assert blocked["Location"].startswith(SETUP_URL), page
    assert client.get(SETUP_URL).status_code == 200


def test_a_session_not_yet_verified_cannot_write_or_use_the_api(require_2fa, office_user, enterprise):
    client = Client()
    _sign_in(client, "office")

    edit = client.post(f"/enterprises/{enterprise.pk}/edit/", {"name": "被篡改的名称"})
    api = client.get("/api/v1/me/")

    assert edit.status_code == 302 and edit["Location"] == SETUP_URL
    enterprise.refresh_from_db()
    assert enterprise.name == "临沂甲陶瓷有限公司"
    assert api.status_code == 403
    assert api.json()["detail"] == "请先完成两步验证。"


def test_a_forced_login_is_held_too(require_2fa, office_user, client_for):
    client = client_for(office_user)

    response = client.get("/home/office/")

    assert response.status_code == 302
    assert response["Location"] == f"{SETUP_URL}?next=%2Fhome%2Foffice%2F"


@pytest.mark.parametrize("user_fixture", ["town_user", "enterprise_user"])
def test_towns_and_enterprises_are_not_forced(request, require_2fa, user_fixture):
    user = request.getfixturevalue(user_fixture)
    client = Client()

    response = _sign_in(client, user.username)

    assert response.status_code == 302
    assert not response["Location"].startswith(SETUP_URL)
    assert client.get(response["Location"], follow=True).status_code == 200
    assert not TOTPDevice.objects.filter(user=user).exists()


def test_without_the_setting_nobody_is_forced(office_user):
    client = Client()

    assert _sign_in(client, "office")["Location"] == "/"
    assert client.get("/home/office/").status_code == 200


# --- enrolment ----------------------------------------------------------------------------------


def test_enrolment_shows_a_qr_code_in_the_portal_layout(require_2fa, office_user):
    client = Client()
    _sign_in(client, "office")

    page = client.get(SETUP_URL)

    html = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in html and "启用两步验证" in html
    assert "按照信息系统安全等级保护要求，本账号须启用两步验证后才能使用平台。" in html
    device = TOTPDevice.objects.get(user=office_user)
    assert device.confirmed is False  # counts only once a code from it is confirmed


def test_enrolling_with_the_right_code_lets_the_official_in(require_2fa, office_user):
    client = Client()
    _sign_in(client, "office", next="/enterprises/")
    client.get(SETUP_URL)
    device = TOTPDevice.objects.get(user=office_user)

    response = client.post(SETUP_URL, {"code": totp_code(device), "next": "/enterprises/"})

    assert response.status_code == 302
    assert response["Location"] == "/enterprises/"
    device.refresh_from_db()
    assert device.confirmed is True
    assert client.get("/home/office/").status_code == 200
    assert AuditLog.objects.filter(
        action=AuditAction.UPDATE, actor=office_user, message=encode("account.otp_enrolled")
    ).exists()


def test_enrolling_with_a_wrong_code_is_refused_in_chinese(require_2fa, office_user):
    client = Client()
    _sign_in(client, "office")
    client.get(SETUP_URL)
    device = TOTPDevice.objects.get(user=office_user)

    response = client.post(SETUP_URL, {"code": wrong_code(device)})

    assert response.status_code == 200
    assert response.context["form"].errors["code"] == [WRONG_CODE]
    assert WRONG_CODE in response.content.decode()
    device.refresh_from_db()
    assert device.confirmed is False
    assert client.get("/home/office/")["Location"].startswith(SETUP_URL)


def test_a_town_may_enrol_from_its_user_menu(town_user, client_for):
    client = client_for(town_user)
    home = client.get("/home/town/").content.decode()
    assert f'href="{SETUP_URL}"' in home

    client.get(SETUP_URL)
    device = TOTPDevice.objects.get(user=town_user)
    assert client.post(SETUP_URL, {"code": totp_code(device)}).status_code == 302

    # from the next sign-in on, the code is asked of the town official too
    again = Client()
    assert _sign_in(again, "town_a")["Location"].startswith(VERIFY_URL)


# --- the second step of sign-in -----------------------------------------------------------------


def test_an_enrolled_user_gives_the_code_after_the_password(town_user):
    # given a town official with an authenticator (two-factor not even required for towns)
    device = TOTPDeviceFactory(user=town_user)
    client = Client()
    # when the password is right, the code is asked for before any page
    response = _sign_in(client, "town_a", next="/enterprises/")
    assert response.status_code == 302
    assert response["Location"] == f"{VERIFY_URL}?next=%2Fenterprises%2F"
    assert client.get("/home/town/")["Location"].startswith(VERIFY_URL)
    # a wrong code is refused
    refused = client.post(VERIFY_URL, {"code": wrong_code(device), "next": "/enterprises/"})
    assert refused.status_code == 200
    assert refused.context["form"].errors["code"] == [WRONG_CODE]
    assert client.get("/home/town/").status_code == 302
    # the right one (after django-otp's wait) completes the sign-in
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None)
    done = client.post(VERIFY_URL, {"code": totp_code(device), "next": "/enterprises/"})
    assert done.status_code == 302
    assert done["Location"] == "/enterprises/"
    assert client.get("/home/town/").status_code == 200
    assert (
        AuditLog.objects.filter(
            action=AuditAction.LOGIN_FAILED, message=encode("account.otp_refused")
        ).count()
        == 1
    )
    assert (
        AuditLog.objects.filter(action=AuditAction.LOGIN, message=encode("account.otp_passed")).count() == 1
    )


def test_codes_tried_in_quick_succession_are_held_back(office_user):
    device = TOTPDeviceFactory(user=office_user)
    client = Client()
    _sign_in(client, "office")
    client.post(VERIFY_URL, {"code": wrong_code(device)})

    # right away, even the right code waits (django-otp doubles the wait after each failure)
    response = client.post(VERIFY_URL, {"code": totp_code(device)})

    assert response.status_code == 200
    assert "验证码输错次数过多，请" in response.context["form"].errors["code"][0]
    assert client.get("/home/office/").status_code == 302


def test_a_code_cannot_be_used_twice(office_user):
    device = TOTPDeviceFactory(user=office_user)
    first, second = Client(), Client()
    _sign_in(first, "office")
    code = totp_code(device)
    assert first.post(VERIFY_URL, {"code": code}).status_code == 302

    _sign_in(second, "office")
    replay = second.post(VERIFY_URL, {"code": code})

    assert replay.status_code == 200
    assert replay.context["form"].errors["code"] == [WRONG_CODE]


def test_the_code_page_only_redirects_within_the_portal(office_user):
    device = TOTPDeviceFactory(user=office_user)
    client = Client()
    _sign_in(client, "office")

    response = client.post(VERIFY_URL, {"code": totp_code(device), "next": "https://evil.example/"})

    assert response["Location"] == "/"


# --- the API token ------------------------------------------------------------------------------


TOKEN_URL = "/api/v1/auth/token/"


def test_api_token_asks_for_the_code_of_an_enrolled_account(office_user):
    device = TOTPDeviceFactory(user=office_user)
    client = Client()
    credentials = {"username": "office", "password": PASSWORD}

    without = client.post(TOKEN_URL, credentials)
    wrong = client.post(TOKEN_URL, {**credentials, "otp": wrong_code(device)})
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None)
    right = client.post(TOKEN_URL, {**credentials, "otp": totp_code(device)})

    assert without.status_code == 400
    assert without.json()["otp"] == ["请输入身份验证器上显示的 6 位验证码。"]
    assert wrong.status_code == 400
    assert wrong.json()["otp"] == [WRONG_CODE]
    assert "token" not in without.json() and "token" not in wrong.json()
    assert right.status_code == 200
    assert right.json()["token"]


def test_api_token_needs_enrolment_first_where_required(require_2fa, office_user):
    response = Client().post(TOKEN_URL, {"username": "office", "password": PASSWORD})

    assert response.status_code == 400
    assert response.json()["otp"] == ["本账号须启用两步验证，请先登录门户完成绑定。"]


def test_api_token_without_a_device_where_not_required(require_2fa, town_user):
    response = Client().post(TOKEN_URL, {"username": "town_a", "password": PASSWORD})

    assert response.status_code == 200
    assert response.json()["token"]


# --- recovery -----------------------------------------------------------------------------------


def _security_admin():
    from accounts.models import Role

    if hasattr(Role, "SECURITY_ADMIN"):
        return AdminUserFactory(username="secadmin", role=Role.SECURITY_ADMIN)
    return AdminUserFactory(username="secadmin", role="", is_superuser=True)


def test_the_security_administrator_resets_a_lost_authenticator(require_2fa, office_user):
    # given an official whose phone is lost
    TOTPDeviceFactory(user=office_user)
    security_admin = _security_admin()
    # when the security administrator resets the two-factor device
    services.two_factor_reset(actor=security_admin, user=office_user)
    # then the device is gone, the reset is audited, and the official enrols again at sign-in
    assert not TOTPDevice.objects.filter(user=office_user).exists()
    row = AuditLog.objects.get(message=encode("account.otp_reset"))
    assert (row.actor, row.object_id) == (security_admin, str(office_user.pk))
    assert _sign_in(Client(), "office")["Location"].startswith(SETUP_URL)


def test_a_reset_sends_a_running_session_back_to_enrolment_where_required(require_2fa, office_user):
    # given an official signed in with both factors
    device = TOTPDeviceFactory(user=office_user)
    client = Client()
    _sign_in(client, "office")
    client.post(VERIFY_URL, {"code": totp_code(device)})
    assert client.get("/home/office/").status_code == 200
    # when their device is reset
    services.two_factor_reset(actor=_security_admin(), user=office_user)
    # then the session no longer counts as verified: enrol a new authenticator first
    response = client.get("/home/office/")
    assert response.status_code == 302
    assert response["Location"].startswith(SETUP_URL)


@pytest.mark.parametrize("actor_factory", [OfficeUserFactory, TownUserFactory])
def test_others_may_not_reset_a_device(office_user, actor_factory):
    from django.core.exceptions import PermissionDenied

    TOTPDeviceFactory(user=office_user)

    with pytest.raises(PermissionDenied, match="只有安全管理员可以重置两步验证。"):
        services.two_factor_reset(actor=actor_factory(), user=office_user)
    assert TOTPDevice.objects.filter(user=office_user).exists()


def test_nobody_resets_their_own_device(db):
    security_admin = _security_admin()
    TOTPDeviceFactory(user=security_admin)

    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied, match="不能重置自己的两步验证"):
        services.two_factor_reset(actor=security_admin, user=security_admin)


def test_the_security_administrator_resets_an_authenticator_on_its_page(office_user):
    # given an official whose phone is lost, and the security administrator (not staff: no admin site)
    TOTPDeviceFactory(user=office_user)
    security_admin = _security_admin()
    client = Client()
    client.force_login(security_admin)
    assert office_user.username in client.get("/accounts/security/two-factor/").content.decode()
    # when it resets the official's authenticator
    response = client.post(f"/accounts/security/two-factor/{office_user.pk}/reset/", follow=True)
    # then the device is gone, the page says so, and one audit row names who did it
    assert response.status_code == 200
    assert "本人下次登录时重新绑定。" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=office_user).exists()
    assert AuditLog.objects.filter(message=encode("account.otp_reset"), actor=security_admin).count() == 1


def test_only_the_security_administrator_opens_the_reset_page(client_for, users):
    for role in ("town", "department", "office", "enterprise", "admin", "audit_admin"):
        assert client_for(users[role]).get("/accounts/security/two-factor/").status_code == 403


def test_authenticators_are_not_edited_raw_in_the_admin(db):
    from django.contrib import admin

    assert not admin.site.is_registered(TOTPDevice)


def test_two_factor_is_off_in_the_test_settings_and_lists_the_staff_roles(settings):
    assert settings.REQUIRE_2FA is False
    assert set(settings.OTP_REQUIRED_ROLES) == {
        "office",
        "department",
        "admin",
        "security_admin",
        "audit_admin",
    }


@pytest.mark.parametrize(("module", "expected"), [("production", "True"), ("local", "False")])
def test_two_factor_is_on_in_production_and_off_in_the_demo(module, expected):
    import os
    import subprocess
    import sys

    from django.conf import settings

    env = {k: v for k, v in os.environ.items() if k != "DJANGO_REQUIRE_2FA"}
    env.update(DJANGO_SETTINGS_MODULE=f"config.settings.{module}", DJANGO_SECRET_KEY="x" * 50)
    result = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.REQUIRE_2FA)"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.stdout.strip() == expected, result.stderr

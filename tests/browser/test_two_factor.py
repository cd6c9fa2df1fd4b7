"""The office official's first sign-in with two-factor required, through the real pages: password, the
enrolment page's QR code and secret, a first code from the authenticator, the workbench; then the next
sign-in asks for the code after the password."""

import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.browser.support import expect_message
from tests.factories import OfficeUserFactory
from tests.factories.accounts import PASSWORD, totp_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _password_step(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("账号").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()


def test_office_enrols_an_authenticator_then_signs_in_with_its_code(live_server, user_pages, settings):
    settings.REQUIRE_2FA = True
    office = OfficeUserFactory(username="office_2fa")

    # first sign-in: the password leads to enrolment, with a QR code and the secret to type by hand
    first = user_pages("first")
    _password_step(first, live_server, "office_2fa")
    expect(first).to_have_url(re.compile(r"/accounts/two-factor/\?next="))
    expect(first.get_by_role("heading", name="启用两步验证")).to_be_visible()
    expect(first.get_by_test_id("two-factor-qr").locator("svg")).to_be_visible()
    expect(first.get_by_test_id("two-factor-secret")).to_have_text(
        re.compile(r"^[A-Z2-7]{4}( [A-Z2-7]{4})+$")
    )
    # the workbench stays closed until enrolled
    first.goto(f"{live_server.url}/home/office/")
    expect(first).to_have_url(re.compile(r"/accounts/two-factor/"))
    device = TOTPDevice.objects.get(user=office)
    first.get_by_label("验证码").fill(totp_code(device))
    first.get_by_role("button", name="确认绑定").click()
    expect(first).to_have_url(f"{live_server.url}/home/office/")
    expect_message(first, "两步验证已启用")

    # the next sign-in, on another computer: the code after the password
    second = user_pages("second")
    _password_step(second, live_server, "office_2fa")
    expect(second).to_have_url(re.compile(r"/accounts/two-factor/verify/"))
    second.get_by_label("验证码").fill(totp_code(device))
    second.get_by_role("button", name="验证并登录").click()
    expect(second).to_have_url(f"{live_server.url}/home/office/")

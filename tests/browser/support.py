"""Steps every browser test takes: sign in through the real form, read the flash messages."""

import re

from playwright.sync_api import Page, expect

from tests.factories.accounts import PASSWORD

# The demo data set (portal/demo.py) as the browser tests sign in to it: its password, one account per role.
DEMO_PASSWORD = "Demo@Luozhuang2017"
ROLES = ("town", "department", "office", "enterprise", "bank", "admin", "security_admin", "audit_admin")


def sign_in(page: Page, live_server, user, home: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    expect(page).to_have_title(re.compile("登录"))
    page.get_by_label("账号").fill(user.username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(f"{live_server.url}/home/{home}/")


def expect_message(page: Page, text: str) -> None:
    expect(page.locator(".messages").get_by_role("alert").filter(has_text=text)).to_have_count(1)

"""Every role's home and main pages, in headless Chromium on the demo data: each page of the role's
menu opens in the portal's layout (no error page), and a screenshot of each is written to
tests/browser/screenshots/roles/ (gitignored) for the team to look at."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.support import DEMO_PASSWORD as PASSWORD
from tests.browser.support import ROLES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(__file__).parent / "screenshots" / "roles"


def test_every_roles_home_and_menu_pages_open(live_server, user_pages, demo_accounts):
    SHOTS.mkdir(parents=True, exist_ok=True)
    refused = {}
    for role in ROLES:
        # given the demo's account of the role, signed in through the real form
        page = user_pages(role)
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("账号").fill(demo_accounts[role])
        page.get_by_label("密码").fill(PASSWORD)
        page.get_by_role("button", name="登录").click()
        expect(page).to_have_url(re.compile(r"/home/"))
        page.screenshot(path=str(SHOTS / f"{role}-00-home.png"), full_page=True)
        links = page.locator("aside.sidebar a.nav-link").evaluate_all(
            "els => els.map(e => e.getAttribute('href'))"
        )
        # when they open every page of their menu
        for i, href in enumerate(dict.fromkeys(links), start=1):
            response = page.goto(f"{live_server.url}{href}")
            if response is None or response.status != 200:
                refused[(role, href)] = response.status if response else None
                continue
            if not href.startswith("/admin/"):  # Django admin (账号管理) has its own layout
                expect(page.locator("aside.sidebar")).to_be_visible()
            page.screenshot(
                path=str(SHOTS / f"{role}-{i:02d}{href.strip('/').replace('/', '-')}.png"), full_page=True
            )
        # then the menu had pages beyond the home page
        assert len(links) >= 2, role
    # and every one opened
    assert refused == {}

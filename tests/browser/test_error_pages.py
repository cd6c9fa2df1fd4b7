"""The portal's error pages in a real browser: a missing record and a refused page keep the layout, say
what happened in Chinese, and lead back to the workbench; the styles load with DEBUG off."""

import pytest
from playwright.sync_api import expect

from tests.browser.support import sign_in
from tests.factories import TownFactory, TownUserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_missing_and_refused_pages_lead_back_to_the_workbench(live_server, user_pages):
    user = TownUserFactory(username="town_err", town=TownFactory(code="luozhuang", name="罗庄街道"))
    page = user_pages("town")
    sign_in(page, live_server, user, "town")
    # when the town official opens a nomination that does not exist
    page.goto(f"{live_server.url}/pools/nominations/999999/")
    error = page.get_by_test_id("error-page")
    # then the portal's page says so, with its menu and styles
    expect(error).to_be_visible()
    expect(error).to_have_attribute("data-status", "404")
    expect(page.get_by_role("heading", name="页面不存在")).to_be_visible()
    expect(page.locator("aside.sidebar")).to_be_visible()  # Bootstrap loaded: d-lg-block applies
    # when they open a page of the office
    page.goto(f"{live_server.url}/pools/windows/")
    # then it says they may not, and why
    expect(page.get_by_role("heading", name="无权访问")).to_be_visible()
    expect(page.get_by_test_id("error-reason")).to_contain_text("原因：")
    # and the button takes them home
    page.get_by_test_id("error-home").click()
    expect(page).to_have_url(f"{live_server.url}/home/town/")

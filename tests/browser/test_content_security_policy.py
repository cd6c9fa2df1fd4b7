"""With the Content-Security-Policy on, the office's chart pages, a select that submits its form and
the API docs work in Chromium, and the browser reports no policy violation."""

import re

import pytest
from playwright.sync_api import expect

from .support import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_charts_selects_and_docs_work_under_the_policy(live_server, page, programme, office_user, enterprise):
    violations = []
    page.on(
        "console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None
    )
    # given the office signed in  when  it opens its dashboard and the targets page
    sign_in(page, live_server, office_user, "office")
    expect(page.locator("#chart-towns canvas, #chart-towns svg").first).to_be_attached()
    page.goto(f"{live_server.url}/programme/targets/")
    expect(page.locator("#chart-money canvas, #chart-money svg").first).to_be_attached()
    # and changes the year on the pools overview: the select submits its form (static/portal/portal.js)
    page.goto(f"{live_server.url}/pools/")
    select = page.locator("select[name=year][data-autosubmit]")
    options = select.locator("option").all()
    assert len(options) > 1
    value = options[-1].get_attribute("value")
    select.select_option(value)
    expect(page).to_have_url(re.compile(rf"year={value}"))
    # and opens the API docs
    page.goto(f"{live_server.url}/api/v1/docs/")
    expect(page.locator(".swagger-ui .info").first).to_be_visible(timeout=15000)
    # then the browser blocked nothing
    assert violations == []

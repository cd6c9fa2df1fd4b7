"""An official types pinyin initials or full pinyin into a long select and picks the option (Tom Select
searching the option text and its data-pinyin), in headless Chromium."""

import pytest
from playwright.sync_api import expect

from tests.browser.support import sign_in
from tests.factories import EnterpriseFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("typed", ["csgd", "ceshanguang"])
def test_typing_initials_or_pinyin_finds_the_enterprise(
    live_server, user_pages, programme, town_user, town, typed
):
    # given a town with 20 enterprises, one of them 册山光电
    for i in range(19):
        EnterpriseFactory(town=town, name=f"临沂批量{i:02d}陶瓷有限公司")
    wanted = EnterpriseFactory(town=town, name="册山光电有限公司")
    page = user_pages("town")
    sign_in(page, live_server, town_user, "town")
    page.goto(f"{live_server.url}/pools/nominations/new/")
    # when the official types the initials (or the pinyin) into the searchable enterprise select
    search = page.get_by_test_id("search-enterprise")
    expect(search).to_be_visible()
    search.click()
    page.keyboard.type(typed)
    # then only that enterprise is offered, and picking it selects it
    option = page.locator(".ts-dropdown .option", has_text=wanted.name)
    expect(option).to_have_count(1)
    expect(page.locator(".ts-dropdown .option")).to_have_count(1)
    option.click()
    assert page.locator("select[name=enterprise]").input_value() == str(wanted.pk)

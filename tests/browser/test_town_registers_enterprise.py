"""A town official signs in through the real login form and registers an enterprise, in headless Chromium."""

import re

import pytest
from playwright.sync_api import Page, expect

from enterprises.models import Enterprise
from enterprises.uscc import check_character, make_uscc
from tests.factories import TownFactory, TownUserFactory
from tests.factories.accounts import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def official(transactional_db):
    town = TownFactory(code="luozhuang", name="罗庄街道")
    return TownUserFactory(username="town_luozhuang", town=town, last_name="王", first_name="芳")


def sign_in(page: Page, live_server, user) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    expect(page).to_have_title(re.compile("登录"))
    page.get_by_label("账号").fill(user.username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(f"{live_server.url}/home/town/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"{user.town.name} · 街镇工作台")


def open_registration_form(page: Page, live_server) -> None:
    page.locator("aside").get_by_role("link", name="企业名录").click()
    expect(page).to_have_url(f"{live_server.url}/enterprises/")
    page.get_by_role("link", name="登记企业").click()
    expect(page).to_have_url(f"{live_server.url}/enterprises/new/")
    expect(page.get_by_role("heading", level=1)).to_have_text("登记企业")


def test_town_official_registers_an_enterprise(live_server, screenshot_on_failure, official, industry):
    page = screenshot_on_failure
    uscc = make_uscc("371311", 778899)
    name = "临沂罗庄华瓷新材料有限公司"

    sign_in(page, live_server, official)
    open_registration_form(page, live_server)
    form = page.get_by_test_id("enterprise-form")
    expect(form.locator("#id_town")).to_have_count(0)  # a town official registers for their own town only
    form.locator("#id_uscc").fill(uscc.lower())  # pasted in lower case: the form normalises it
    form.locator("#id_name").fill(name)
    form.locator("#id_industry").select_option(label=str(industry))
    form.locator("#id_is_above_scale").check()
    form.locator("#id_legal_representative").fill("赵六")
    form.locator("#id_established_on").fill("2012-05-18")
    form.locator("#id_address").fill("临沂市罗庄区罗庄街道沂河路18号")
    form.locator("#id_contact_name").fill("李四")
    form.locator("#id_contact_phone").fill("0539-8123456")
    form.locator("#id_contact_email").fill("lisi@example.com")
    form.get_by_role("button", name="保存").click()

    expect(page.get_by_role("alert")).to_contain_text(f"已登记企业“{name}”。")
    expect(page.get_by_role("heading", level=1)).to_contain_text(name)

    page.locator("aside").get_by_role("link", name="企业名录").click()
    expect(page).to_have_url(f"{live_server.url}/enterprises/")
    row = page.get_by_test_id("enterprise-table").locator("tbody tr").filter(has_text=name)
    expect(row).to_have_count(1)
    expect(row.locator("td").nth(1)).to_have_text(uscc)
    expect(row.locator("td").nth(2)).to_have_text("罗庄街道")
    expect(row.locator("td").nth(3)).to_have_text(industry.name)
    expect(row).to_contain_text("规上")

    enterprise = Enterprise.objects.get(uscc=uscc)
    assert (enterprise.name, enterprise.town_id, enterprise.industry_id) == (
        name,
        official.town_id,
        industry.pk,
    )
    assert enterprise.is_above_scale
    assert enterprise.established_on.isoformat() == "2012-05-18"


def test_bad_uscc_shows_the_error_next_to_the_field_and_creates_nothing(
    live_server, screenshot_on_failure, official, industry
):
    page = screenshot_on_failure
    good = make_uscc("371311", 778899)
    wrong = next(ch for ch in "0123456789" if ch != check_character(good[:17]))
    bad = good[:17] + wrong  # one mistyped check character

    sign_in(page, live_server, official)
    open_registration_form(page, live_server)
    form = page.get_by_test_id("enterprise-form")
    form.locator("#id_uscc").fill(bad)
    form.locator("#id_name").fill("临沂罗庄错码测试有限公司")
    form.locator("#id_industry").select_option(label=str(industry))
    form.get_by_role("button", name="保存").click()

    expect(page).to_have_url(f"{live_server.url}/enterprises/new/")
    errors = form.locator("#id_uscc_errors")
    expected = f"统一社会信用代码校验码错误：第18位应为“{good[17]}”，实为“{wrong}”，请核对是否抄错。"
    expect(errors).to_have_text(expected)
    # next to the field: in the same form group as the USCC input, right after it
    group = form.locator("div.mb-3").filter(has=page.locator("#id_uscc"))
    expect(group.locator("#id_uscc_errors")).to_have_count(1)
    expect(form.locator("#id_uscc + ul.errorlist")).to_have_text(expected)
    expect(form.locator("#id_uscc")).to_have_value(bad)  # kept for correction
    expect(form.locator("#id_name")).to_have_value("临沂罗庄错码测试有限公司")
    expect(page.locator("ul.errorlist")).to_have_count(1)  # nothing else was wrong

    assert not Enterprise.objects.exists()

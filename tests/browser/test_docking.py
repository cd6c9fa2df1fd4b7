"""The docking through the real pages, in headless Chromium: 区金融办 organises a meeting, holds it and
records a bank's financing intention with a pool enterprise; the bank records the loan application
the intention led to and approves it; the per-bank table then shows the bank's 应贷尽贷 rate (1 of 1).
Every user signs in through the login form."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from docking.models import Intention, IntentionState, LoanApplication
from tests.browser.support import expect_message, sign_in
from tests.docking.support import financial_office_user
from tests.factories import BankFactory, BankUserFactory, EnterpriseFactory, PoolFactory
from tests.factories.accounts import PASSWORD
from tests.factories.pools import NominationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ENTERPRISE_NAME = "临沂罗庄华瓷新材料有限公司"


def sign_in_anywhere(page, live_server, user) -> None:
    """The bank's home page is another app's; signing in is enough here."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("账号").fill(user.username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))


def test_intention_to_approved_application_to_rate(live_server, user_pages, industry):
    url = live_server.url
    fo = financial_office_user()
    bank = BankFactory(code="abc_test", name="罗庄测试银行营业部")
    bank_user = BankUserFactory(username="bank_abc_test", bank=bank)
    enterprise = EnterpriseFactory(name=ENTERPRISE_NAME, industry=industry)
    NominationFactory(pool=PoolFactory(), town=enterprise.town, enterprise=enterprise, approved=True)
    today = timezone.localdate()

    # --- 金融办 organises the meeting, holds it and records the intention --------------------------
    office = user_pages("financial_office")
    sign_in(office, live_server, fo, "department")
    office.goto(f"{url}/docking/meetings/")
    office.get_by_test_id("new-meeting").click()
    form = office.get_by_test_id("meeting-form")
    form.locator("#id_title").fill("培育库企业一对一银企对话会")
    form.locator("#id_held_on").fill((today - timedelta(days=1)).isoformat())
    form.locator("#id_place").fill("区政务服务中心三楼")
    form.get_by_label("罗庄测试银行营业部").check()
    form.locator("#id_enterprises").select_option(str(enterprise.pk))
    form.get_by_role("button", name="保存").click()
    expect(office).to_have_url(re.compile(rf"{re.escape(url)}/docking/meetings/\d+/$"))
    expect_message(office, "已创建对话会")
    expect(office.get_by_test_id("meeting-state")).to_have_text("计划召开")
    office.get_by_test_id("move-hold").click()
    expect_message(office, "操作成功：确认召开。")
    expect(office.get_by_test_id("meeting-state")).to_have_text("已召开")
    form = office.get_by_test_id("intention-form")
    form.locator("#id_bank").select_option(str(bank.pk))
    form.locator("#id_enterprise").select_option(str(enterprise.pk))
    form.locator("#id_amount").fill("800")
    form.locator("#id_product").fill("流动资金贷款")
    form.locator("#id_contact").fill("刘敏 0539-8123456")
    form.get_by_role("button", name="登记").click()
    expect_message(office, "的融资意向")
    rows = office.get_by_test_id("intention-table").locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows).to_contain_text(ENTERPRISE_NAME)
    expect(rows).to_contain_text("跟踪中")
    intention = Intention.objects.get(enterprise=enterprise)

    # --- the bank records the application from its workbench and approves it ----------------------
    page = user_pages("bank")
    sign_in_anywhere(page, live_server, bank_user)
    page.goto(f"{url}/docking/workbench/")
    page.get_by_role("link", name="登记贷款申请").nth(1).click()
    form = page.get_by_test_id("application-form")
    expect(form.locator("#id_intention")).to_have_value(str(intention.pk))
    form.locator("#id_enterprise").select_option(str(enterprise.pk))
    form.locator("#id_product").fill("流动资金贷款")
    form.locator("#id_amount_applied").fill("800")
    form.locator("#id_applied_on").fill((today - timedelta(days=6)).isoformat())
    form.get_by_role("button", name="保存").click()
    expect(page).to_have_url(re.compile(rf"{re.escape(url)}/docking/applications/\d+/$"))
    expect_message(page, "的贷款申请")
    expect(page.get_by_test_id("application-state")).to_have_text("审批中")
    form = page.get_by_test_id("approve-form")
    form.locator("#id_approved_on").fill((today - timedelta(days=2)).isoformat())
    form.locator("#id_amount_granted").fill("600")
    form.get_by_role("button", name="审批通过").click()
    expect_message(page, "操作成功：审批通过。")
    expect(page.get_by_test_id("application-state")).to_have_text("已审批")
    application = LoanApplication.objects.get(enterprise=enterprise)
    intention.refresh_from_db()
    assert intention.state == IntentionState.CONVERTED and intention.application_id == application.pk

    # --- the per-bank table shows the rate and the approval time -----------------------------------
    office.goto(f"{url}/docking/banks/")
    line = office.get_by_test_id("bank-abc_test")
    expect(line.get_by_test_id("rate")).to_contain_text("100.0%")
    expect(line.get_by_test_id("rate")).to_contain_text("(1/1)")
    expect(line).to_contain_text("4.0")  # median days from application to approval
    # and the meeting's intention now links to the approved application
    office.goto(f"{url}/docking/meetings/{intention.meeting_id}/")
    expect(office.get_by_test_id("intention-table")).to_contain_text("已审批")

"""A guarantee through the real pages, in headless Chromium, one browser context per user: the bank
asks for a guarantee on a pool entry's loan, the fund agency approves it, the bank files a claim when
the loan defaults, the agency pays it, and the guarantee fund's ledger shows the compensation."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from funds.models import GuaranteeClaim, JournalEntry
from funds.models.guarantees import Guarantee, GuaranteeState
from programs.models import Department
from tests.browser.support import expect_message, sign_in
from tests.factories import DepartmentUserFactory
from tests.funds.support_guarantees import bank_user, pool_enterprise

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def cast(programme):
    from funds.loader import funds_load_file

    funds_load_file()
    enterprise = pool_enterprise(programme, name="临沂罗庄华瓷新材料有限公司")
    return {
        "enterprise": enterprise,
        "bank": bank_user(username="bank_guarantee"),
        "agency": DepartmentUserFactory(
            username="fund_guarantee", department=Department.objects.get(code="fund_manager")
        ),
    }


def test_guarantee_from_application_to_the_compensation_in_the_ledger(live_server, user_pages, cast):
    url = live_server.url

    # --- the bank asks for a guarantee of its loan ---------------------------------------------------
    bank = user_pages("bank")
    sign_in(bank, live_server, cast["bank"], "bank")
    bank.goto(f"{url}/funds/guarantees/")
    bank.get_by_test_id("new-guarantee").click()
    bank.locator("#id_uscc").fill(cast["enterprise"].uscc)
    bank.locator("#id_loan_contract").fill("罗农商借字2025第001号")
    bank.locator("#id_principal").fill("1000000")
    bank.locator("#id_loan_start").fill("2025-01-01")
    bank.locator("#id_loan_end").fill("2026-01-01")
    bank.locator("#id_fee_rate").fill("0.01")
    bank.get_by_role("button", name="提交", exact=True).click()
    expect(bank).to_have_url(re.compile(rf"{re.escape(url)}/funds/guarantees/\d+/$"))
    expect_message(bank, "已提交“临沂罗庄华瓷新材料有限公司”的融资担保申请。")
    expect(bank.get_by_test_id("guarantee-state")).to_have_text("待审批")
    guarantee = Guarantee.objects.get(loan_contract="罗农商借字2025第001号")
    detail = f"{url}/funds/guarantees/{guarantee.pk}/"

    # --- the agency approves ------------------------------------------------------------------------
    agency = user_pages("agency")
    sign_in(agency, live_server, cast["agency"], "department")
    agency.goto(detail)
    agency.get_by_test_id("move-approve").click()
    expect_message(agency, "已批准担保。")
    expect(agency.get_by_test_id("guarantee-state")).to_have_text("在保")

    # --- the loan defaults: the bank files its claim -------------------------------------------------
    bank.goto(detail)
    bank.locator("#id_default_on").fill("2025-06-30")
    bank.locator("#id_outstanding_principal").fill("500000")
    bank.get_by_test_id("move-claim").click()
    expect_message(bank, "已申请代偿。")
    expect(bank.get_by_test_id("guarantee-state")).to_have_text("代偿审核中")
    expect(bank.get_by_text("基金代偿 400,000.00 元")).to_have_count(1)

    # --- the agency pays the fund's 80% --------------------------------------------------------------
    agency.goto(detail)
    agency.get_by_test_id("move-pay").click()
    expect_message(agency, "已代偿。")
    expect(agency.get_by_test_id("guarantee-state")).to_have_text("已代偿")

    # --- the ledger shows the compensation -----------------------------------------------------------
    agency.goto(f"{url}/funds/guarantee/ledger/")
    ledger = agency.get_by_test_id("ledger")
    expect(ledger).to_contain_text("代偿：临沂罗庄华瓷新材料有限公司（罗农商借字2025第001号）")
    expect(ledger.locator("tr", has_text="代偿支出")).to_contain_text("400,000.00")
    guarantee.refresh_from_db()
    assert guarantee.state == GuaranteeState.COMPENSATED and guarantee.exposure == 0
    assert GuaranteeClaim.objects.get(guarantee=guarantee).fund_amount == Decimal("400000.00")
    assert JournalEntry.objects.filter(sub_fund=guarantee.fund, kind="compensation").count() == 1

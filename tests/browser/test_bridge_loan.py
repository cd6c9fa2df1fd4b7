"""A bridge loan through the real pages, in headless Chromium, one browser context per user: the
enterprise applies, its town recommends, the bank confirms its renewal commitment with the letter,
the fund agency approves, a second agency user disburses (the approver is offered no disburse button),
the bank reports the renewal and the repayment, and the ledger shows the fee."""

import re
from decimal import Decimal

import pytest
from django.utils import timezone
from django.utils.functional import empty
from playwright.sync_api import expect

from core.storage import private_storage
from funds.models import BridgeLoan, BridgeLoanState
from programs.models import Department, Pool
from tests.browser.support import expect_message, sign_in
from tests.browser.test_nomination_cycle import small_pdf
from tests.factories import (
    BankUserFactory,
    DepartmentUserFactory,
    EnterpriseFactory,
    EnterpriseUserFactory,
    TownUserFactory,
)
from tests.factories.reporting import PoolEntryFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def letter_storage(tmp_path, settings):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private_media"
    private_storage._wrapped = empty
    yield settings.PRIVATE_MEDIA_ROOT
    private_storage._wrapped = empty


@pytest.fixture
def cast(programme):
    from funds.loader import funds_load_file

    funds_load_file()
    enterprise = EnterpriseFactory(name="临沂罗庄华瓷新材料有限公司")
    pool = Pool.objects.filter(programme=programme).first()
    PoolEntryFactory(pool=pool, enterprise=enterprise, year=programme.start_year)
    agency = Department.objects.get(code="fund_manager")
    return {
        "enterprise": EnterpriseUserFactory(username="ent_huaci", enterprise=enterprise),
        "town": TownUserFactory(username="town_bridge", town=enterprise.town),
        "bank": BankUserFactory(username="bank_abc"),
        "approver": DepartmentUserFactory(username="fund_approver", department=agency),
        "payer": DepartmentUserFactory(username="fund_payer", department=agency),
    }


def test_bridge_loan_from_application_to_the_fee_in_the_ledger(
    live_server, user_pages, cast, letter_storage, tmp_path
):
    url = live_server.url
    today = timezone.localdate()

    # --- the enterprise applies, naming its bank and the loan falling due --------------------------
    ent = user_pages("enterprise")
    sign_in(ent, live_server, cast["enterprise"], "enterprise")
    ent.goto(f"{url}/funds/bridge/")
    ent.get_by_test_id("bridge-apply").click()
    ent.locator("#id_bank").select_option(str(cast["bank"].bank_id))
    ent.locator("#id_loan_amount").fill("3000000")
    ent.locator("#id_loan_due_on").fill(today.isoformat())
    ent.locator("#id_amount").fill("1000000")
    ent.locator("#id_term_days").fill("10")
    ent.get_by_test_id("bridge-submit").click()
    expect(ent).to_have_url(re.compile(rf"{re.escape(url)}/funds/bridge/\d+/$"))
    expect_message(ent, "过桥资金申请已提交")
    expect(ent.get_by_test_id("loan-state")).to_have_text("已申请")
    loan = BridgeLoan.objects.get(enterprise__name="临沂罗庄华瓷新材料有限公司")
    detail = f"{url}/funds/bridge/{loan.pk}/"

    # --- the town recommends -------------------------------------------------------------------------
    town = user_pages("town")
    sign_in(town, live_server, cast["town"], "town")
    town.goto(detail)
    town.get_by_test_id("action-recommend").click()
    expect_message(town, "操作成功：推荐。")
    expect(town.get_by_test_id("loan-state")).to_have_text("街镇已推荐")

    # --- the bank finds it on its workbench and confirms the renewal commitment -----------------------
    bank = user_pages("bank")
    sign_in(bank, live_server, cast["bank"], "bank")
    expect(bank.get_by_test_id("bank-todo")).to_contain_text("临沂罗庄华瓷新材料有限公司")
    bank.get_by_test_id("bank-todo").get_by_role("link", name="临沂罗庄华瓷新材料有限公司").click()
    expect(bank).to_have_url(detail)
    letter = tmp_path / "续贷承诺函.pdf"
    letter.write_bytes(small_pdf())
    bank.locator("#id_renewal_amount").fill("3000000")
    bank.locator("#id_renewal_on").fill(today.isoformat())
    bank.locator("#id_letter").set_input_files(str(letter))
    bank.get_by_test_id("action-confirm").click()
    expect_message(bank, "操作成功：确认续贷承诺。")
    expect(bank.get_by_test_id("renewal")).to_contain_text("续贷承诺函.pdf")

    # --- the agency approves; the approver is offered no disbursement -------------------------------
    approver = user_pages("approver")
    sign_in(approver, live_server, cast["approver"], "department")
    approver.goto(detail)
    approver.get_by_test_id("action-approve").click()
    expect_message(approver, "操作成功：批准。")
    expect(approver.get_by_test_id("loan-state")).to_have_text("已批准")
    expect(approver.get_by_test_id("action-disburse")).to_have_count(0)

    # --- a second agency user disburses ------------------------------------------------------------
    payer = user_pages("payer")
    sign_in(payer, live_server, cast["payer"], "department")
    payer.goto(detail)
    payer.get_by_test_id("action-disburse").click()
    expect_message(payer, "操作成功：拨付。")
    expect(payer.get_by_test_id("loan-state")).to_have_text("已拨付")

    # --- the bank reports the renewal and the money back -------------------------------------------
    bank.goto(detail)
    bank.get_by_test_id("action-repay").click()
    expect_message(bank, "操作成功：报告续贷及归还。")
    expect(bank.get_by_test_id("loan-state")).to_have_text("已归还")
    # repaid the day it was disbursed: one day at 0.2‰ of 1,000,000 = 200.00, with its working
    expect(bank.get_by_test_id("fee-working")).to_contain_text("200.00")
    expect(bank.get_by_test_id("fee-working")).to_contain_text("0.2‰")

    # --- the ledger shows the fee ------------------------------------------------------------------
    payer.goto(f"{url}/funds/bridge/ledger/")
    ledger = payer.get_by_test_id("ledger")
    expect(ledger).to_contain_text("归还过桥资金及资金使用费")
    expect(ledger.locator("tr", has_text="费用收入")).to_contain_text("200.00")
    loan.refresh_from_db()
    assert (loan.state, loan.fee, loan.decided_by, loan.disbursed_by) == (
        BridgeLoanState.REPAID,
        Decimal("200.00"),
        cast["approver"],
        cast["payer"],
    )

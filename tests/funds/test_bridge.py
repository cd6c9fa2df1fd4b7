"""Bridge loans: the workflow, its gates, the two-person rule, the fee and the ledger."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.exceptions import Conflict
from funds.models import BridgeLoanEvent, BridgeLoanState
from funds.selectors import balances, entries_of
from funds.services import bridge as svc
from funds.services.funds import set_paused

from .support import World, blacklist, letter

pytestmark = pytest.mark.django_db


def test_the_whole_way_moves_money_through_the_ledger(funds):
    w = World(funds["bridge"])
    loan = w.to("disbursed", amount="2000000.00", on=date.today() - timedelta(days=8))
    assert loan.state == BridgeLoanState.DISBURSED
    assert balances(w.sub_fund)["cash"] == Decimal("78000000.00")
    assert balances(w.sub_fund)["loans_outstanding"] == Decimal("2000000.00")
    loan = svc.bridge_repay(actor=w.bank_user, loan=loan)
    # 8 days: 5 × 0.2‰ + 3 × 0.4‰ = 2.2‰ of 2,000,000 = 4,400.00
    assert loan.fee == Decimal("4400.00")
    now = balances(w.sub_fund)
    assert now["cash"] == Decimal("80004400.00")
    assert now["loans_outstanding"] == 0
    assert now["fee_income"] == Decimal("4400.00")
    assert [e.kind for e in entries_of(loan)] == ["disburse", "repay"]
    actions = list(loan.events.values_list("action", flat=True))
    assert actions == ["create", "recommend", "confirm", "approve", "disburse", "repay"]


def test_the_approver_cannot_disburse(funds):
    w = World(funds["bridge"])
    loan = w.to("approved")
    with pytest.raises(PermissionDenied, match="双人复核"):
        svc.bridge_disburse(actor=w.approver, loan=loan)
    loan = svc.bridge_disburse(actor=w.payer, loan=loan)
    assert loan.disbursed_by == w.payer and loan.decided_by == w.approver


def test_blacklisted_enterprise_is_refused_with_the_gates_reason(funds):
    w = World(funds["bridge"])
    blacklist(w.enterprise)
    with pytest.raises(Conflict, match="诚信黑名单"):
        w.apply()


def test_blacklisted_after_applying_is_refused_at_approval(funds):
    w = World(funds["bridge"])
    loan = w.to("confirmed")
    blacklist(w.enterprise)
    with pytest.raises(Conflict, match="诚信黑名单"):
        svc.bridge_approve(actor=w.approver, loan=loan)


def test_outside_the_pools_needs_the_agencys_reason(funds):
    w = World(funds["bridge"], in_pool=False)
    loan = w.to("confirmed")
    assert loan.pool_entry is None
    with pytest.raises(ValidationError, match="培育库"):
        svc.bridge_approve(actor=w.approver, loan=loan)
    loan = svc.bridge_approve(actor=w.approver, loan=loan, outside_pool_reason="区重点技改项目，领导小组同意")
    assert loan.state == BridgeLoanState.APPROVED
    assert loan.outside_pool_reason.startswith("区重点")


def test_caps_per_loan_term_and_renewal_share(funds):
    w = World(funds["bridge"])
    with pytest.raises(ValidationError, match="单笔"):
        w.apply(amount="20000000.01", loan_amount="30000000.00")
    with pytest.raises(ValidationError, match="使用天数"):
        w.apply(term_days=16)
    loan = w.to("confirmed", amount="1000000.00", renewal=Decimal("1000000.00"))
    with pytest.raises(ValidationError, match="95%"):
        svc.bridge_approve(actor=w.approver, loan=loan)
    loan = svc.bridge_approve(actor=w.approver, loan=loan, approved_amount="950000.00")
    assert loan.approved_amount == Decimal("950000.00")


def test_the_bank_of_another_loan_cannot_confirm(funds):
    w = World(funds["bridge"])
    other = World(funds["bridge"])
    loan = svc.bridge_recommend(actor=w.town_user, loan=w.apply())
    with pytest.raises(PermissionDenied, match="贷款银行"):
        svc.bridge_confirm(
            actor=other.bank_user,
            loan=loan,
            renewal_amount="2000000",
            renewal_on=loan.loan_due_on,
            letter=letter(),
        )


def test_illegal_move_is_a_conflict(funds):
    w = World(funds["bridge"])
    loan = w.apply()
    with pytest.raises(Conflict):
        svc.bridge_approve(actor=w.approver, loan=loan)


def test_decline_and_reject_need_reasons_that_the_applicant_sees(funds):
    w = World(funds["bridge"])
    loan = w.apply()
    with pytest.raises(ValidationError):
        svc.bridge_decline(actor=w.town_user, loan=loan, comment="")
    loan = svc.bridge_decline(actor=w.town_user, loan=loan, comment="企业已自筹资金")
    assert loan.state == BridgeLoanState.DECLINED
    event = loan.events.get(action=BridgeLoanEvent.Action.DECLINE)
    assert event.comment == "企业已自筹资金"
    loan2 = w.to("confirmed")
    loan2 = svc.bridge_reject(actor=w.approver, loan=loan2, comment="续贷承诺不足")
    assert loan2.decision_reason == "续贷承诺不足"


def test_a_paused_fund_refuses_new_money(funds):
    w = World(funds["bridge"])
    loan = w.to("approved")
    set_paused(sub_fund=w.sub_fund, paused=True, reason="逾期占比超限")
    with pytest.raises(Conflict, match="暂停"):
        svc.bridge_disburse(actor=w.payer, loan=loan)
    with pytest.raises(Conflict, match="暂停"):
        w.apply()


def test_disbursement_beyond_cash_is_refused_with_the_reason(funds):
    w = World(funds["bridge"])
    loans = [w.to("approved", amount="20000000.00") for _ in range(5)]
    for loan in loans[:4]:
        svc.bridge_disburse(actor=w.payer, loan=loan)
    with pytest.raises(ValidationError, match="可用资金余额不足"):
        svc.bridge_disburse(actor=w.payer, loan=loans[4])
    loans[4].refresh_from_db()
    assert loans[4].state == BridgeLoanState.APPROVED
    assert balances(w.sub_fund)["cash"] == 0

"""融资担保: the bank applies, the agency approves within the caps, release, claim, 代偿 once, one credit
record, recoveries shared by the risk shares — exact in Decimal, every movement a balanced entry.

The guarantee fund of the fund file: 2亿元 paid in (net capital 200,000,000 元), 放大倍数 ≤ 10,
单户 ≤ 10% of net capital, fee ≤ 1%, bank ≥ 20%, claims paid within 30 days."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from core.exceptions import Conflict
from credit import services as credit_services
from credit.models import CreditRecord
from funds.models import JournalEntry
from funds.models.guarantees import ClaimState, Guarantee, GuaranteeClaim, GuaranteeState
from funds.selectors_guarantees import guarantee_figures, net_capital
from funds.services import guarantees as services
from programs.models import Department
from tests.factories import DepartmentUserFactory, EnterpriseFactory

from .support_guarantees import apply, assert_ledger_sound, balance, bank_user, pool_enterprise, set_params

pytestmark = pytest.mark.django_db
NET = Decimal("200000000.00")


@pytest.fixture
def fund(funds):
    return funds["guarantee"]


@pytest.fixture
def bank(programme):
    return bank_user()


def approve(agency, guarantee, **data):
    return services.guarantee_transition(actor=agency, guarantee=guarantee, action="approve", **data)


def test_net_capital_is_the_paid_in_capital_of_the_file(fund):
    assert net_capital(fund) == NET


def test_single_borrower_cap_admits_exactly_ten_percent_of_net_capital(programme, fund, bank, agency_user):
    # given one pool enterprise and 单户上限 10% × 200,000,000 = 20,000,000 元 of exposure (fund share 80%)
    enterprise = pool_enterprise(programme)
    # (no fee here: a fee would add to the net capital and move the cap)
    first = apply(bank, fund, enterprise, "15000000.00", fee_rate="0")  # exposure 12,000,000
    approve(agency_user, first)
    # when a second loan would bring the borrower to exactly the cap  then it is approved
    at_edge = apply(bank, fund, enterprise, "10000000.00", fee_rate="0")  # exposure 8,000,000 → 20,000,000
    assert approve(agency_user, at_edge).exposure == Decimal("8000000.00")
    # and one cent of exposure more is refused with the cap named
    beyond = apply(bank, fund, enterprise, "0.02", fee_rate="0")  # exposure 0.02 × 0.8 = 0.02 (rounded)
    with pytest.raises(Conflict) as refused:
        approve(agency_user, beyond)
    assert "单户上限" in refused.value.message and "20000000.00" in refused.value.message
    assert Guarantee.objects.get(pk=beyond.pk).state == GuaranteeState.SUBMITTED


def test_amplification_cap_admits_exactly_n_times_net_capital(programme, fund, bank, agency_user):
    # given 放大倍数 ≤ 0.25: 50,000,000 元 of exposure in all
    fund = set_params(fund, amplification_cap="0.25")
    for _i in range(3):  # three borrowers of 16,000,000 exposure each = 48,000,000
        approve(agency_user, apply(bank, fund, pool_enterprise(programme), "20000000.00", fee_rate="0"))
    exact = apply(
        bank, fund, pool_enterprise(programme), "2500000.00", fee_rate="0"
    )  # 2,000,000 → 50,000,000
    approve(agency_user, exact)
    over = apply(bank, fund, pool_enterprise(programme), "1.25", fee_rate="0")  # 1.00 more
    with pytest.raises(Conflict) as refused:
        approve(agency_user, over)
    assert "0.25 倍" in refused.value.message and "50000001.00" in refused.value.message
    figures = guarantee_figures(fund)
    assert figures.exposure == Decimal("50000000.00") and figures.leverage == Decimal("0.25")


def test_terms_outside_the_rules_are_refused_and_the_database_holds_the_shares(programme, fund, bank):
    enterprise = pool_enterprise(programme)
    with pytest.raises(ValidationError) as fee:
        apply(bank, fund, enterprise, "1000000", fee_rate="0.0101")
    assert "fee_rate" in fee.value.message_dict
    with pytest.raises(ValidationError) as shares:
        apply(bank, fund, enterprise, "1000000", bank_share="0.19", fund_share="0.81")
    assert "bank_share" in shares.value.message_dict
    with pytest.raises(ValidationError):
        apply(bank, fund, enterprise, "1000000", bank_share="0.3", fund_share="0.8")  # 110%
    guarantee = apply(bank, fund, enterprise, "1000000")
    with pytest.raises(IntegrityError), transaction.atomic():
        Guarantee.objects.filter(pk=guarantee.pk).update(bank_share=Decimal("0.1"), fund_share=Decimal("0.9"))


def test_the_blacklist_gate_and_the_pool_rule(programme, fund, bank, agency_user):
    # a blacklisted enterprise is refused with the credit gate's reason
    listed = pool_enterprise(programme)
    waiting = apply(bank, fund, listed, "1000000")
    owner = DepartmentUserFactory(department=Department.objects.get(code="financial_office"))
    credit_services.blacklist_add(actor=owner, enterprise=listed, reason="恶意逃废银行债务")
    with pytest.raises(Conflict) as blocked:
        apply(bank, fund, listed, "1000000")
    assert "黑名单" in blocked.value.message and "恶意逃废银行债务" in blocked.value.message
    # and an application made before the listing is refused at approval, with the same reason
    with pytest.raises(Conflict, match="恶意逃废银行债务"):
        approve(agency_user, waiting)
    # an enterprise outside the pools needs the agency's reason, which is recorded
    outsider = EnterpriseFactory()
    guarantee = apply(bank, fund, outsider, "1000000")
    with pytest.raises(Conflict) as outside:
        approve(agency_user, guarantee)
    assert "培育库" in outside.value.message
    approved = approve(agency_user, guarantee, outside_pool_reason="区重点技改项目配套贷款")
    assert (
        approved.state == GuaranteeState.ACTIVE and approved.outside_pool_reason == "区重点技改项目配套贷款"
    )


def test_approval_books_the_fee_and_release_frees_the_exposure(programme, fund, bank, agency_user):
    guarantee = apply(bank, fund, pool_enterprise(programme), "3650000.00", fee_rate="0.008")
    assert guarantee.fee_amount == Decimal("29200.00")  # 3,650,000 × 0.8% × 365/365
    cash = balance(fund, "cash")
    approve(agency_user, guarantee)
    assert balance(fund, "cash") == cash + Decimal("29200.00")
    assert balance(fund, "fee_income") == Decimal("29200.00")
    released = services.guarantee_transition(actor=bank, guarantee=guarantee, action="release")
    assert released.state == GuaranteeState.RELEASED and released.exposure == 0
    assert guarantee_figures(fund).exposure == 0
    assert_ledger_sound(fund)


def test_illegal_moves_answer_409_and_other_banks_403(programme, fund, bank, agency_user):
    guarantee = apply(bank, fund, pool_enterprise(programme), "1000000")
    with pytest.raises(Conflict):
        services.guarantee_transition(actor=bank, guarantee=guarantee, action="release")
    other_bank = bank_user("icbc_luozhuang")
    approve(agency_user, guarantee)
    with pytest.raises(PermissionDenied):
        services.guarantee_transition(actor=other_bank, guarantee=guarantee, action="release")
    with pytest.raises(PermissionDenied):
        services.guarantee_transition(actor=bank, guarantee=guarantee, action="approve")


def _defaulted(bank, agency, fund, enterprise, principal, outstanding, **shares):
    guarantee = apply(bank, fund, enterprise, principal, **shares)
    approve(agency, guarantee)
    from datetime import date

    return services.guarantee_transition(
        actor=bank,
        guarantee=guarantee,
        action="claim",
        default_on=date(2025, 6, 30),
        outstanding_principal=Decimal(outstanding),
    )


def test_a_claim_is_paid_once_with_one_credit_record(programme, fund, bank, agency_user):
    enterprise = pool_enterprise(programme)
    guarantee = _defaulted(
        bank,
        agency_user,
        fund,
        enterprise,
        "1000000.00",
        "333333.33",
        bank_share="0.25",
        fund_share="0.65",
        other_share="0.10",
    )
    claim = GuaranteeClaim.objects.get(guarantee=guarantee)
    # the parts of the outstanding principal: fund 65%, other 10%, the bank the rest, to the cent
    assert (claim.fund_amount, claim.other_amount, claim.bank_amount) == (
        Decimal("216666.66"),
        Decimal("33333.33"),
        Decimal("83333.34"),
    )
    assert claim.fund_amount + claim.bank_amount + claim.other_amount == claim.outstanding_principal
    cash = balance(fund, "cash")
    paid = services.guarantee_transition(actor=agency_user, guarantee=guarantee, action="pay")
    assert paid.state == GuaranteeState.COMPENSATED and paid.exposure == 0
    assert balance(fund, "cash") == cash - Decimal("216666.66")
    assert balance(fund, "compensation_paid") == Decimal("216666.66")
    claim.refresh_from_db()
    assert claim.state == ClaimState.PAID and claim.credit_record_id
    records = CreditRecord.objects.filter(enterprise=enterprise)
    assert records.count() == 1 and records.get().kind.code == "bank_credit"
    # paying again is a conflict; nothing more is booked or recorded
    with pytest.raises(Conflict):
        services.guarantee_transition(actor=agency_user, guarantee=guarantee, action="pay")
    assert JournalEntry.objects.filter(kind="compensation").count() == 1
    assert CreditRecord.objects.filter(enterprise=enterprise).count() == 1
    # and a second claim on the same guarantee cannot exist
    with pytest.raises(IntegrityError), transaction.atomic():
        GuaranteeClaim.objects.create(
            guarantee=guarantee,
            default_on=claim.default_on,
            outstanding_principal=Decimal("1.00"),
            fund_amount=Decimal("1.00"),
            bank_amount=Decimal("0"),
            other_amount=Decimal("0"),
            due_on=claim.due_on,
        )
    assert_ledger_sound(fund)


def test_recoveries_are_shared_by_the_risk_shares_exactly(programme, fund, bank, agency_user):
    guarantee = _defaulted(
        bank,
        agency_user,
        fund,
        pool_enterprise(programme),
        "1000000.00",
        "100000.00",
        bank_share="0.3",
        fund_share="0.6",
        other_share="0.1",
    )
    services.guarantee_transition(actor=agency_user, guarantee=guarantee, action="pay")
    parts = [
        services.recovery_record(actor=agency_user, guarantee=guarantee, amount=Decimal(a))
        for a in ("33.33", "33.33", "33.34", "0.01", "0.01")
    ]
    total = sum((p.amount for p in parts), Decimal(0))
    # every recovery's parts sum to it, and the parts of all together are the total's parts to the cent
    assert all(p.fund_amount + p.bank_amount + p.other_amount == p.amount for p in parts)
    assert sum(p.fund_amount for p in parts) == (total * Decimal("0.6")).quantize(Decimal("0.01"))
    assert sum(p.other_amount for p in parts) == (total * Decimal("0.1")).quantize(Decimal("0.01"))
    assert balance(fund, "recoveries") == sum(p.fund_amount for p in parts)
    claim = GuaranteeClaim.objects.get(guarantee=guarantee)
    assert claim.recovered == total and claim.recovered_fund == balance(fund, "recoveries")
    # more than the outstanding principal cannot be recovered
    with pytest.raises(ValidationError):
        services.recovery_record(actor=agency_user, guarantee=guarantee, amount=Decimal("100000.00"))
    assert_ledger_sound(fund)


def test_figures_of_the_fund(programme, fund, bank, agency_user):
    released = apply(bank, fund, pool_enterprise(programme), "1000000.00")
    approve(agency_user, released)
    services.guarantee_transition(actor=bank, guarantee=released, action="release")
    compensated = _defaulted(bank, agency_user, fund, pool_enterprise(programme), "1000000.00", "500000.00")
    services.guarantee_transition(actor=agency_user, guarantee=compensated, action="pay")
    active = apply(bank, fund, pool_enterprise(programme), "2000000.00")
    approve(agency_user, active)
    figures = guarantee_figures(fund)
    assert figures.exposure == Decimal("1600000.00") and figures.in_force == 1
    assert figures.compensated == Decimal("400000.00")
    # 代偿率: 400,000 paid over the fund's 1,600,000 share of the two ended guarantees
    assert figures.compensation_rate == Decimal("0.2500")
    assert figures.fee_income == Decimal("40000.00")  # 1% a year of 4,000,000
    assert figures.net_capital == NET + Decimal("40000.00") - Decimal("400000.00")

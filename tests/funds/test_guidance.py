"""产业引导基金: investments with social capital (the government's share within its cap, 30%), the single
investment cap (20% of the fund), pool entries first, capital calls and distributions by contribution
ratio to the cent, exits, and the 让利 buy-back (at cost within 3 years, with interest after). Every
movement of money is a balanced ledger entry.

The guidance fund of the fund file: 1亿元, 区财政 30% (30,000,000 paid), 社会资本 70% (40,000,000 of
70,000,000 paid): 70,000,000 元 cash."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.exceptions import Conflict
from funds.models import Contributor, JournalEntry
from funds.models.guidance import CapitalCallShare, DistributionShare, InvestmentState
from funds.services import guidance as services
from funds.services.ledger import ensure_accounts
from programs.models import Department
from tests.factories import DepartmentUserFactory, EnterpriseFactory, EnterpriseUserFactory
from tests.factories.funds import ContributorFactory, SubFundFactory

from .support_guarantees import assert_ledger_sound, balance, bank_user, pool_enterprise

pytestmark = pytest.mark.django_db


@pytest.fixture
def fund(funds):
    return funds["guidance"]


def invest(agency, fund, enterprise, amount, social, **kwargs):
    return services.investment_create(
        actor=agency,
        fund=fund,
        enterprise=enterprise,
        amount=Decimal(amount),
        co_investors=[("临沂产业投资有限公司", Decimal(social))],
        **kwargs,
    )


def test_the_government_share_of_a_round_stops_at_its_cap(programme, fund, agency_user):
    cash = balance(fund, "cash")
    at_cap = invest(agency_user, fund, pool_enterprise(programme), "3000000.00", "7000000.00")
    assert at_cap.government_share == Decimal("0.3000")
    assert balance(fund, "cash") == cash - Decimal("3000000.00")
    assert balance(fund, "investments") == Decimal("3000000.00")
    with pytest.raises(Conflict, match="政府出资上限 30%"):
        invest(agency_user, fund, pool_enterprise(programme), "3000000.01", "7000000.00")
    assert_ledger_sound(fund)


def test_a_single_investment_stops_at_its_share_of_the_fund(programme, fund, agency_user):
    invest(agency_user, fund, pool_enterprise(programme), "20000000.00", "50000000.00")  # 20% of 1亿
    with pytest.raises(Conflict, match="超过基金规模"):
        invest(agency_user, fund, pool_enterprise(programme), "20000000.01", "50000000.00")


def test_pool_entries_first_and_only_the_agency_invests(programme, fund, agency_user):
    outsider = EnterpriseFactory()
    with pytest.raises(Conflict, match="培育库"):
        invest(agency_user, fund, outsider, "1000000.00", "5000000.00")
    made = invest(
        agency_user, fund, outsider, "1000000.00", "5000000.00", outside_pool_reason="招商引资重点项目"
    )
    assert made.nomination is None and made.outside_pool_reason == "招商引资重点项目"
    with pytest.raises(PermissionDenied):
        invest(bank_user(), fund, pool_enterprise(programme), "1000000.00", "5000000.00")


@pytest.fixture
def open_fund(funds):
    """A guidance fund with commitments still to call: 区财政 30,000,000 and 社会资本 70,000,000, none paid."""
    sub_fund = SubFundFactory(
        fund=funds["guidance"].fund, code="guidance-b", kind="guidance", name="引导基金二期"
    )
    ensure_accounts(sub_fund)
    ContributorFactory(
        sub_fund=sub_fund,
        code="gov",
        kind="government",
        committed=Decimal("30000000"),
        ratio=Decimal("0.3"),
        order=0,
    )
    ContributorFactory(
        sub_fund=sub_fund,
        code="social",
        kind="social",
        committed=Decimal("70000000"),
        ratio=Decimal("0.7"),
        order=1,
    )
    return sub_fund


def test_a_capital_call_is_split_by_ratio_and_each_part_paid_once(open_fund, agency_user):
    call = services.capital_call_create(actor=agency_user, fund=open_fund, amount=Decimal("1000000.01"))
    shares = {
        s.contributor.code: s
        for s in CapitalCallShare.objects.filter(call=call).select_related("contributor")
    }
    assert shares["gov"].amount == Decimal("300000.00") and shares["social"].amount == Decimal("700000.01")
    for share in shares.values():
        services.capital_call_pay(actor=agency_user, share=share, paid_on=date(2025, 3, 1))
    assert balance(open_fund, "cash") == balance(open_fund, "capital_paid_in") == Decimal("1000000.01")
    assert Contributor.objects.get(sub_fund=open_fund, code="gov").paid_in == Decimal("300000.00")
    with pytest.raises(Conflict, match="已于"):
        services.capital_call_pay(actor=agency_user, share=shares["gov"])
    assert JournalEntry.objects.filter(sub_fund=open_fund, kind="pay_in").count() == 2
    assert_ledger_sound(open_fund)


def test_a_call_goes_to_the_unpaid_commitments_and_never_beyond(fund, agency_user):
    # the government has paid its whole 30,000,000: the call goes to social capital's unpaid 30,000,000
    call = services.capital_call_create(actor=agency_user, fund=fund, amount=Decimal("1000000.00"))
    assert [(s.contributor.kind, s.amount) for s in call.shares.select_related("contributor")] == [
        ("social", Decimal("1000000.00"))
    ]
    # and no more than what is still unpaid (the pending call counts) can be called
    with pytest.raises(Conflict, match="超过出资人尚未缴付的认缴额合计 29000000.00 元"):
        services.capital_call_create(actor=agency_user, fund=fund, amount=Decimal("29000000.01"))


def test_distributions_are_by_ratio_to_the_cent_and_never_overdraw(fund, agency_user):
    cash = balance(fund, "cash")
    distribution = services.distribution_create(actor=agency_user, fund=fund, amount=Decimal("1000000.01"))
    parts = sorted(
        DistributionShare.objects.filter(distribution=distribution).values_list("amount", flat=True)
    )
    assert parts == [Decimal("300000.00"), Decimal("700000.01")]
    assert balance(fund, "cash") == cash - Decimal("1000000.01")
    assert balance(fund, "distributions") == Decimal("1000000.01")
    with pytest.raises(ValidationError, match="余额不足"):
        services.distribution_create(actor=agency_user, fund=fund, amount=cash)
    assert_ledger_sound(fund)


def test_exits_book_the_gain_or_the_loss(programme, fund, agency_user):
    gain = invest(
        agency_user,
        fund,
        pool_enterprise(programme),
        "1000000.00",
        "3000000.00",
        invested_on=date(2024, 1, 1),
    )
    loss = invest(
        agency_user,
        fund,
        pool_enterprise(programme),
        "1000000.00",
        "3000000.00",
        invested_on=date(2024, 1, 1),
    )
    services.investment_exit(
        actor=agency_user, investment=gain, proceeds=Decimal("1500000.00"), closed_on=date(2025, 1, 1)
    )
    services.investment_exit(
        actor=agency_user, investment=loss, proceeds=Decimal("400000.00"), closed_on=date(2025, 1, 1)
    )
    assert balance(fund, "investment_income") == Decimal("500000.00")
    assert balance(fund, "losses") == Decimal("600000.00")
    assert balance(fund, "investments") == 0
    with pytest.raises(Conflict):
        services.investment_exit(actor=agency_user, investment=gain, proceeds=Decimal("1.00"))
    assert_ledger_sound(fund)


def test_the_buyback_is_at_cost_within_three_years_and_with_interest_after(programme, fund, agency_user):
    early = invest(
        agency_user,
        fund,
        pool_enterprise(programme),
        "1000000.00",
        "3000000.00",
        invested_on=date(2020, 1, 1),
    )
    late = invest(
        agency_user,
        fund,
        pool_enterprise(programme),
        "1000000.00",
        "3000000.00",
        invested_on=date(2019, 1, 1),
    )
    # within 3 years (2 years 364 days): the original investment, the government gives up the gain (让利)
    early = services.investment_buyback(
        actor=agency_user, investment=early, buyer="企业股东", closed_on=date(2022, 12, 31)
    )
    assert early.state == InvestmentState.BOUGHT_BACK and early.proceeds == Decimal("1000000.00")
    # after 3 years: cost plus 4.35% a year for the 1,461 days held
    late = services.investment_buyback(
        actor=agency_user, investment=late, buyer="临沂产业投资有限公司", closed_on=date(2023, 1, 1)
    )
    assert late.proceeds == Decimal("1174119.18")
    assert balance(fund, "investment_income") == Decimal("174119.18")
    assert_ledger_sound(fund)


def test_the_guidance_pages_and_api_are_for_the_funds_readers(
    programme, fund, agency_user, office_user, client_for
):
    made = invest(agency_user, fund, pool_enterprise(programme), "1000000.00", "3000000.00")
    other = DepartmentUserFactory(
        username="dept_other", department=Department.objects.get(code="economy_info")
    )
    for user, expected in ((agency_user, 200), (office_user, 200), (bank_user(), 403), (other, 403)):
        client = client_for(user)
        assert client.get("/funds/guidance/").status_code == expected
        assert client.get("/funds/guidance/export.xlsx").status_code == expected
        api = client.get("/api/v1/funds/investments/")
        ids = {i["id"] for i in api.json()["results"]} if api.status_code == 200 else set()
        assert ids == ({made.pk} if expected == 200 else set())
    page = client_for(office_user).get("/funds/guidance/")
    assert [i.pk for i in page.context["page"]] == [made.pk]
    # the enterprise invested in reads its own investment through the API
    owner = EnterpriseUserFactory(username="ent_invested", enterprise=made.enterprise)
    assert [i["id"] for i in client_for(owner).get("/api/v1/funds/investments/").json()["results"]] == [
        made.pk
    ]

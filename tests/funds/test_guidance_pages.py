"""The fund agency's write pages of the guidance fund: each page's happy path through the service
(audited, on the ledger), a refused input showing the service's sentence beside its field or above
the form, and a reader who is not the agency answered 403."""

from datetime import date
from decimal import Decimal

import pytest

from core.models import AuditLog
from funds.models.guidance import CapitalCallShare, Distribution, GuidanceInvestment, InvestmentState
from funds.services import guidance as services
from tests.factories import OfficeUserFactory

from .support_guarantees import assert_ledger_sound, balance, pool_enterprise

pytestmark = pytest.mark.django_db


@pytest.fixture
def fund(funds):
    return funds["guidance"]


@pytest.fixture
def agency(client, agency_user):
    client.force_login(agency_user)
    return client


def held(agency_user, fund, programme, amount="1000000.00"):
    return services.investment_create(
        actor=agency_user,
        fund=fund,
        enterprise=pool_enterprise(programme),
        amount=Decimal(amount),
        co_investors=[("临沂产业投资有限公司", Decimal("5000000.00"))],
        invested_on=date(2025, 1, 2),
    )


def test_the_list_links_the_agency_to_its_pages_and_not_the_office(client, fund, agency_user):
    client.force_login(agency_user)
    page = client.get("/funds/guidance/").content.decode()
    assert "/funds/guidance/new/" in page and "/funds/guidance/calls/new/" in page
    assert "/funds/guidance/distributions/new/" in page
    client.force_login(OfficeUserFactory())
    page = client.get("/funds/guidance/").content.decode()
    assert client.get("/funds/guidance/").status_code == 200 and "/funds/guidance/new/" not in page


def test_a_new_investment_with_its_co_investors(agency, programme, fund):
    enterprise = pool_enterprise(programme)
    assert agency.get("/funds/guidance/new/").status_code == 200
    response = agency.post(
        "/funds/guidance/new/",
        {
            "uscc": enterprise.uscc,
            "amount": "2000000.00",
            "co_investors": "临沂产业投资有限公司 3000000\n罗庄创投合伙企业，2000000.00",
            "invested_on": "2025-03-01",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/funds/guidance/"
    investment = GuidanceInvestment.objects.get(enterprise=enterprise)
    assert investment.social_amount == Decimal("5000000.00")
    assert [c.name for c in investment.co_investors.all()] == ["临沂产业投资有限公司", "罗庄创投合伙企业"]
    assert balance(fund, "investments") == Decimal("2000000.00")
    assert AuditLog.objects.filter(object_id=str(investment.pk), action="create").exists()
    assert_ledger_sound(fund)


def test_a_round_over_the_government_cap_shows_the_services_sentence(agency, programme, fund):
    enterprise = pool_enterprise(programme)
    response = agency.post(
        "/funds/guidance/new/",
        {"uscc": enterprise.uscc, "amount": "3000000.01", "co_investors": "临沂产业投资有限公司 7000000"},
    )
    assert response.status_code == 200
    assert "超过政府出资上限 30%" in response.content.decode()
    assert not GuidanceInvestment.objects.filter(enterprise=enterprise).exists()
    bad = agency.post(
        "/funds/guidance/new/",
        {"uscc": enterprise.uscc, "amount": "0", "co_investors": "临沂产业投资有限公司 7000000"},
    )
    assert bad.context["form"].errors["amount"] == ["金额须大于零，最多两位小数（元）。"]


def test_an_exit_closes_the_investment_and_a_future_date_is_refused_beside_its_field(
    agency, programme, fund, agency_user
):
    investment = held(agency_user, fund, programme)
    refused = agency.post(
        f"/funds/guidance/{investment.pk}/exit/", {"proceeds": "1", "closed_on": "2024-01-01"}
    )
    assert refused.context["form"].errors["closed_on"] == ["日期须在投资日期与今天之间。"]
    response = agency.post(
        f"/funds/guidance/{investment.pk}/exit/", {"proceeds": "1200000.00", "closed_on": "2025-06-30"}
    )
    assert response.status_code == 302
    investment.refresh_from_db()
    assert investment.state == InvestmentState.EXITED and investment.proceeds == Decimal("1200000.00")
    assert balance(fund, "investment_income") == Decimal("200000.00")
    again = agency.post(f"/funds/guidance/{investment.pk}/exit/", {"proceeds": "1"})
    assert "不能再退出或回购" in again.content.decode()
    assert_ledger_sound(fund)


def test_a_buyback_on_the_concession_terms(agency, programme, fund, agency_user):
    investment = held(agency_user, fund, programme)
    page = agency.get(f"/funds/guidance/{investment.pk}/buyback/")
    assert page.status_code == 200 and "按让利条件今日回购价" in page.content.decode()
    missing = agency.post(
        f"/funds/guidance/{investment.pk}/buyback/", {"buyer": "", "closed_on": "2026-01-02"}
    )
    assert "buyer" in missing.context["form"].errors
    response = agency.post(
        f"/funds/guidance/{investment.pk}/buyback/",
        {"buyer": "临沂产业投资有限公司", "closed_on": "2026-01-02"},
    )
    assert response.status_code == 302
    investment.refresh_from_db()
    assert investment.state == InvestmentState.BOUGHT_BACK and investment.proceeds == Decimal("1000000.00")
    assert investment.buyer == "临沂产业投资有限公司"


def test_a_capital_call_and_its_payment(agency, fund):
    over = agency.post("/funds/guidance/calls/new/", {"amount": "30000000.01"})
    assert "超过出资人尚未缴付的认缴额合计" in over.content.decode()
    response = agency.post("/funds/guidance/calls/new/", {"amount": "1000000.00", "note": "二期缴款"})
    assert response.status_code == 302
    share = CapitalCallShare.objects.get(call__fund=fund)
    cash = balance(fund, "cash")
    paid = agency.post(
        f"/funds/guidance/calls/shares/{share.pk}/pay/", {"paid_on": "2025-03-01"}, follow=True
    )
    assert "实缴 1000000.00 元" in paid.content.decode()
    assert balance(fund, "cash") == cash + Decimal("1000000.00")
    twice = agency.post(f"/funds/guidance/calls/shares/{share.pk}/pay/", {}, follow=True)
    assert "已于 2025-03-01 缴付" in twice.content.decode()
    assert_ledger_sound(fund)


def test_a_distribution_by_ratio_and_an_overdraw_refused(agency, fund):
    cash = balance(fund, "cash")
    refused = agency.post("/funds/guidance/distributions/new/", {"amount": str(cash + 1)})
    assert refused.status_code == 200 and "余额不足" in refused.content.decode()
    response = agency.post("/funds/guidance/distributions/new/", {"amount": "1000000.01"})
    assert response.status_code == 302
    distribution = Distribution.objects.get(fund=fund)
    assert sorted(s.amount for s in distribution.shares.all()) == [Decimal("300000.00"), Decimal("700000.01")]
    assert balance(fund, "cash") == cash - Decimal("1000000.01")


def test_a_reader_who_is_not_the_agency_gets_403(client, programme, fund, agency_user):
    investment = held(agency_user, fund, programme)
    services.capital_call_create(actor=agency_user, fund=fund, amount=Decimal("100.00"))
    share = CapitalCallShare.objects.get(call__fund=fund)
    client.force_login(OfficeUserFactory())
    for url in (
        "/funds/guidance/new/",
        f"/funds/guidance/{investment.pk}/exit/",
        f"/funds/guidance/{investment.pk}/buyback/",
        "/funds/guidance/calls/new/",
        "/funds/guidance/distributions/new/",
    ):
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"amount": "1"}).status_code == 403, url
    assert client.post(f"/funds/guidance/calls/shares/{share.pk}/pay/").status_code == 403
    share.refresh_from_db()
    assert share.paid_on is None

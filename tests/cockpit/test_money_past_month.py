"""The money panel of a past month (June 2018, the programme's second year): every link carries the
month end, and the list it opens counts and sums what the panel shows at that day's end, although
the business moved on since (a loan repaid, guarantees released and compensated, later business)."""

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest

from cockpit.money import PANELS, refresh_fund_months
from funds.services import bridge as bridge_services
from funds.services import guarantees as services
from programs.models import Department
from tests.factories import DepartmentUserFactory
from tests.factories.funds import FundFactory, funded_sub_fund
from tests.funds.support import World
from tests.funds.support_guarantees import bank_user, pool_enterprise, set_params

from .support import AFTER

pytestmark = pytest.mark.django_db
JUNE = date(2018, 6, 30)
HREF = re.compile(r'href="([^"]+)"')
ZERO = Decimal("0")


def _guarantee(bank, fund, enterprise, principal: str, start: date):
    return services.guarantee_create(
        actor=bank,
        fund=fund,
        enterprise=enterprise,
        loan_contract=f"借字{enterprise.pk}",
        principal=Decimal(principal),
        loan_start=start,
        loan_end=start + timedelta(days=365),
        fee_rate=Decimal("0"),
        bank_share=Decimal("0.2"),
        fund_share=Decimal("0.8"),
    )


def _world(programme):
    """Both funds paid in on 2018-01-10. Bridge: A 100万 lent 03-01 and repaid 03-08; B 200万 lent
    06-15 for 10 days, 5 days overdue at June's end, repaid in July; C 50万 lent in September.
    Guarantees of 100万, 200万, 300万 and 400万 begun in February, March, April and August: the first
    released in May, the second compensated in September (in force at June's end)."""
    fund = FundFactory(programme=programme)
    paid_on = date(2018, 1, 10)
    bridge = funded_sub_fund(kind="bridge", cash="50000000.00", fund=fund, paid_on=paid_on)
    guarantee = funded_sub_fund(
        kind="guarantee", cash="10000000.00", fund=fund, name="融资担保基金", paid_on=paid_on
    )
    guarantee = set_params(guarantee, amplification_cap="10", single_borrower_share="1")
    a_world, b_world, c_world = World(bridge), World(bridge), World(bridge)
    a = a_world.to("disbursed", amount="1000000.00", term_days=10, on=date(2018, 3, 1))
    bridge_services.bridge_repay(actor=a_world.bank_user, loan=a, repaid_on=date(2018, 3, 8))
    b = b_world.to("disbursed", amount="2000000.00", term_days=10, on=date(2018, 6, 15))
    bridge_services.bridge_repay(actor=b_world.bank_user, loan=b, repaid_on=date(2018, 7, 10))
    c_world.to("disbursed", amount="500000.00", term_days=10, on=date(2018, 9, 1))
    bank = bank_user()
    agency = DepartmentUserFactory(username="fund_p", department=Department.objects.get(code="fund_manager"))
    made = []
    for principal, start in (
        ("1000000.00", date(2018, 2, 1)),
        ("2000000.00", date(2018, 3, 1)),
        ("3000000.00", date(2018, 4, 1)),
        ("4000000.00", date(2018, 8, 1)),
    ):
        submitted = _guarantee(bank, guarantee, pool_enterprise(programme), principal, start)
        made.append(services.guarantee_transition(actor=agency, guarantee=submitted, action="approve"))
    services.guarantee_transition(
        actor=bank, guarantee=made[0], action="release", released_on=date(2018, 5, 1)
    )
    services.guarantee_transition(
        actor=bank,
        guarantee=made[1],
        action="claim",
        default_on=date(2018, 8, 1),
        outstanding_principal=Decimal("2000000.00"),
    )
    services.guarantee_transition(actor=agency, guarantee=made[1], action="pay", paid_on=date(2018, 9, 10))
    refresh_fund_months(year=2018, today=AFTER)
    return made


def _panel_html(html: str) -> str:
    start = html.index('id="panel-money"')
    end = html.find('id="panel-', start + 1)
    return html[start : end if end > 0 else len(html)]


def _listed(client, url):
    return list(client.get(url).context["page"].paginator.object_list)


def test_every_link_of_a_past_month_carries_its_month_end_and_opens(programme, users, client_for):
    _world(programme)
    client = client_for(users["office"])
    html = client.get("/cockpit/?year=2018&month=6").content.decode()
    assert "数据截至 2018-06-30" in html
    links = {h.replace("&amp;", "&") for h in HREF.findall(_panel_html(html))}
    assert len(links) >= 8, links
    for href in sorted(links):
        assert "as_of=2018-06-30" in href or "until=2018-06-30" in href, href
        assert client.get(href).status_code == 200, href


def test_the_lists_of_a_past_month_count_and_sum_what_the_panel_shows(programme, users, client_for):
    guarantees = _world(programme)
    client = client_for(users["office"])
    data = PANELS[0].context(user=users["office"], year=2018, month=6)
    assert data["as_of"] == JUNE
    rows = {f["sub_fund"].code: f for f in data["funds"]}
    bridge, guarantee = rows["bridge"], rows["guarantee"]
    # bridge: A and B lent by then (C came later), B outstanding and 5 days overdue
    lent = _listed(client, bridge["lent_url"])
    assert len(lent) == 2 and sum((x.approved_amount for x in lent), ZERO) == bridge["deployed"]
    assert bridge["deployed"] == Decimal("3000000.00")
    outstanding = _listed(client, bridge["outstanding_url"])
    assert (
        sum((x.approved_amount for x in outstanding), ZERO) == bridge["outstanding"] == Decimal("2000000.00")
    )
    assert len(_listed(client, data["bridge"]["overdue_url"])) == data["bridge"]["n_overdue"] == 1
    for age in data["bridge"]["ages"]:
        listed = _listed(client, age["url"])
        assert (len(listed), sum((x.approved_amount for x in listed), ZERO)) == (age["n"], age["amount"])
    # guarantees: the second (compensated in September) and the third in force; 80% of 500万
    for url in (guarantee["lent_url"], data["guarantee"]["url"]):
        response = client.get(url)
        listed = list(response.context["page"].paginator.object_list)
        assert {g.pk for g in listed} == {guarantees[1].pk, guarantees[2].pk}
        exposure = sum((g.full_exposure for g in listed), ZERO)
        assert exposure == data["guarantee"]["exposure"] == guarantee["outstanding"] == Decimal("4000000.00")
        assert response.context["figures_at"]["exposure"] == exposure
    # the overview at that day: the panel's size, paid-in, deployed, outstanding and cash
    figures = {f.sub_fund.code: f for f in client.get(data["overview_url"]).context["figures"]}
    for code in ("bridge", "guarantee"):
        shown = figures[code]
        assert (shown.size, shown.paid_in, shown.available) == (
            rows[code]["size"],
            rows[code]["paid_in"],
            rows[code]["available"],
        ), code
    assert (figures["bridge"].deployed, figures["bridge"].outstanding) == (
        bridge["deployed"],
        bridge["outstanding"],
    )
    ledger = _listed(client, bridge["ledger_url"])
    assert ledger and all(entry.date <= JUNE for entry in ledger)


def test_the_guarantee_list_as_of_a_day_by_state(programme, users, client_for):
    made = _world(programme)
    client = client_for(users["office"])

    def pks(query):
        return {g.pk for g in _listed(client, f"/funds/guarantees/?{query}")}

    assert pks("as_of=2018-06-30") == {made[0].pk, made[1].pk, made[2].pk}  # begun by then
    assert pks("state=released&as_of=2018-06-30") == {made[0].pk}
    assert pks("state=compensated&as_of=2018-06-30") == set()
    assert pks("state=compensated&as_of=2018-09-30") == {made[1].pk}
    assert pks("state=active&as_of=2018-09-30") == {made[2].pk, made[3].pk}
    assert pks("state=active") == {made[2].pk, made[3].pk}  # today's state without a date

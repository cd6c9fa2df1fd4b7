"""The cockpit's money panel (资金): a hand-made fund's figures, overdue loans by age band, the paused
flag and the caps' alerts (appearing and clearing), who gets the panel, and its empty state."""

from datetime import date
from decimal import Decimal

import pytest

from cockpit.money import PANELS, refresh_fund_months
from funds.services import bridge as bridge_services
from funds.services.daily import run_daily
from programs.models import Department
from tests.factories import DepartmentUserFactory
from tests.ux.test_table_units import AMOUNT, problems_of

from .support import AFTER
from .support_panels import money_world

pytestmark = pytest.mark.django_db
PANEL = PANELS[0]


def _context(user, year=2019, month=12):
    refresh_fund_months(year=year, today=AFTER)
    return PANEL.context(user=user, year=year, month=month)


def _alerts(user, year=2019, month=12):
    refresh_fund_months(year=year, today=AFTER)
    return PANEL.alerts(user=user, year=year, month=month)


def test_the_panel_shows_the_funds_figures_and_the_overdue_by_age(programme, users, client_for):
    world = money_world(programme)
    data = _context(users["office"])
    bridge = next(f for f in data["funds"] if f["sub_fund"].code == "bridge")
    assert bridge["size"] == Decimal("100000000.00")
    assert bridge["paid_in"] == Decimal("80000000.00")
    assert bridge["deployed"] == Decimal("2000000.00")  # two loans of 1,000,000 lent
    assert bridge["outstanding"] == Decimal("2000000.00")
    assert bridge["available"] == Decimal("78000000.00")  # 80,000,000 paid in less the 2,000,000 lent
    assert bridge["paused"]  # both loans overdue: 100% of the loans outstanding, above the limit
    ages = {a["code"]: (a["n"], a["amount"]) for a in data["bridge"]["ages"]}
    assert ages == {
        "1-3": (1, Decimal("1000000.00")),
        "4-10": (1, Decimal("1000000.00")),
        ">10": (0, Decimal("0")),
    }
    assert data["bridge"]["overdue"] == Decimal("2000000.00") and data["bridge"]["share"] == 1
    guarantee = next(f for f in data["funds"] if f["sub_fund"].code == "guarantee")
    assert guarantee["available"] == Decimal("10000000.00")
    assert data["guarantee"]["net_capital"] == Decimal("10000000.00")
    assert data["guarantee"]["leverage"] == 0
    assert data["stamp"] is not None
    html = client_for(users["office"]).get("/cockpit/?year=2019").content.decode()
    assert 'id="panel-money"' in html and 'data-testid="cockpit-money"' in html
    # the unit is said once, in the header or the label; the cells hold numbers with two decimals
    assert "规模（亿元）" in html and "可用资金（万元）" in html and "过桥资金逾期（万元）" in html
    assert 'data-testid="bridge-overdue">200.00</a>' in html  # the overdue 2,000,000 元 in 万元
    assert '<a href="/funds/?as_of=2019-12-31">1.00</a>' in html  # the bridge fund's size in 亿元
    assert "万元</a>" not in html and "亿元</a>" not in html
    assert "/funds/bridge/?state=overdue&amp;as_of=2019-12-31" in html
    assert "/funds/bridge/?age=1-3&amp;as_of=2019-12-31" in html
    assert 'data-testid="paused-bridge"' in html
    assert world["loans"][0].enterprise.name not in html  # figures, not loan rows


@pytest.mark.parametrize(
    ("language", "yi", "wan"), [("zh-hans", "（亿元）", "（万元）"), ("en", "(100m yuan)", "(10k yuan)")]
)
def test_the_panel_names_each_columns_unit_once_and_its_cells_hold_numbers(
    programme, users, client_for, language, yi, wan
):
    from django.conf import settings

    money_world(programme)
    refresh_fund_months(year=2019, today=AFTER)
    client = client_for(users["office"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    html = client.get("/cockpit/?year=2019").content.decode()
    checked: list[str] = []
    assert problems_of("/cockpit/", html, checked) == []
    # size and paid-in in 亿元, deployed, outstanding and cash in 万元: five money columns a fund
    assert len([t for t in checked if AMOUNT.match(t)]) >= 10
    assert html.count(yi) >= 2 and html.count(wan) >= 4


def test_every_money_number_links_to_a_page_that_opens(programme, users, client_for):
    money_world(programme)
    client = client_for(users["office"])
    data = _context(users["office"])
    urls = {data["overview_url"], data["bridge"]["overdue_url"], data["guarantee"]["url"]}
    urls |= {a["url"] for a in data["bridge"]["ages"]}
    for f in data["funds"]:
        urls |= {f["overview_url"], f["ledger_url"], f["lent_url"]}
    for url in sorted(urls):
        assert client.get(url).status_code == 200, url
    overdue = client.get(data["bridge"]["overdue_url"])
    assert overdue.context["page"].paginator.count == data["bridge"]["n_overdue"] == 2
    for age in data["bridge"]["ages"]:
        assert client.get(age["url"]).context["page"].paginator.count == age["n"], age["code"]


def test_only_the_fund_overseers_get_the_panel(programme, users, client_for):
    money_world(programme)
    agency = DepartmentUserFactory(username="fund_x", department=Department.objects.get(code="fund_manager"))
    finance = DepartmentUserFactory(username="fin_x", department=Department.objects.get(code="finance"))
    for user in (users["office"], agency, finance):
        assert _context(user) is not None, user
    for user in (users["town"], users["department"]):  # a town and 区经信局
        assert _context(user) is None
        assert _alerts(user) == []
    html = client_for(users["town"]).get("/cockpit/?year=2019").content.decode()
    assert 'data-testid="cockpit-money"' not in html and "过桥资金逾期" not in html


def test_the_empty_state_without_a_fund(programme, users, client_for):
    assert _context(users["office"]) is None
    assert _alerts(users["office"]) == []
    response = client_for(users["office"]).get("/cockpit/?year=2019")
    panel = next(p for p in response.context["cockpit"].panels if p["code"] == "money")
    assert panel["context"] is None
    assert 'data-testid="cockpit-money"' not in response.content.decode()


def test_the_pause_and_the_overdue_share_alert_appear_and_clear(programme, users, client_for):
    world = money_world(programme)
    office = users["office"]
    kinds = {a["kind"] for a in _alerts(office)}
    assert kinds == {"fund_paused", "bridge_overdue_share"}
    messages = [a["message"] for a in client_for(office).get("/cockpit/?year=2019").context["cockpit"].alerts]
    assert any("已暂停新增" in m for m in messages)
    # both loans overdue: the share with one decimal, as percentages are everywhere
    assert any(m.startswith("过桥资金逾期余额占在贷余额100.0%，") for m in messages), messages
    for w, loan in zip(world["worlds"], world["loans"], strict=True):
        bridge_services.bridge_repay(actor=w.bank_user, loan=loan, repaid_on=date(2019, 12, 31))
    run_daily(date(2020, 1, 1))  # nothing overdue: the rule resumes the fund
    assert _alerts(office) == []
    assert not any(f["paused"] for f in _context(office)["funds"])


def test_the_guarantee_amplification_alert_appears_near_the_cap_and_clears(programme, users):
    from funds.services import guarantees as services
    from tests.funds.support_guarantees import apply, bank_user, pool_enterprise, set_params

    world = money_world(programme)
    guarantee = set_params(world["guarantee"], amplification_cap="0.25", single_borrower_share="1")
    agency = DepartmentUserFactory(username="fund_y", department=Department.objects.get(code="fund_manager"))
    submitted = apply(bank_user(), guarantee, pool_enterprise(programme), "3000000.00", fee_rate="0")
    services.guarantee_transition(actor=agency, guarantee=submitted, action="approve")
    # the guarantee's loan runs from 2025-01-01: in force at the end of (the refresh day of) 2026-12
    data = _context(users["office"], 2026, 12)
    # exposure 3,000,000 × 80% = 2,400,000 over net capital 10,000,000: 0.24, above 90% of the 0.25 cap
    assert data["guarantee"]["exposure"] == Decimal("2400000.00")
    assert data["guarantee"]["leverage"] == Decimal("0.24")
    alert = next(a for a in _alerts(users["office"], 2026, 12) if a["kind"] == "guarantee_cap")
    assert "0.24" in alert["message"]
    assert alert["url"] == f"/funds/guarantees/?state=active&as_of={data['as_of'].isoformat()}"
    set_params(guarantee, amplification_cap="10")
    assert "guarantee_cap" not in {a["kind"] for a in _alerts(users["office"], 2026, 12)}

"""The money panel at a month's end: a hand-computed bridge ledger across January to March 2019, the
rows rewritten idempotently in a fixed number of queries, and the links landing on the same count."""

from datetime import date
from decimal import Decimal

import pytest

from cockpit.models import FundMonth
from cockpit.money import PANELS, refresh_fund_months
from funds.services import bridge as bridge_services
from tests.factories.funds import FundFactory, funded_sub_fund
from tests.funds.support import World

from .support import AFTER

pytestmark = pytest.mark.django_db
PANEL = PANELS[0]
ZERO = Decimal("0")


def _ledger(programme):
    """50,000,000 paid in on 02-10. Loan A, 1,000,000 for 5 days from 02-20 (due 02-25), repaid on
    03-05; loan B, 2,000,000 for 10 days from 03-10 (due 03-20), never repaid."""
    bridge = funded_sub_fund(
        kind="bridge", cash="50000000.00", fund=FundFactory(programme=programme), paid_on=date(2019, 2, 10)
    )
    a_world, b_world = World(bridge), World(bridge)
    a = a_world.to("disbursed", amount="1000000.00", term_days=5, on=date(2019, 2, 20))
    b = b_world.to("disbursed", amount="2000000.00", term_days=10, on=date(2019, 3, 10))
    a = bridge_services.bridge_repay(actor=a_world.bank_user, loan=a, repaid_on=date(2019, 3, 5))
    return bridge, a, b


def _panel(user, month):
    return PANEL.context(user=user, year=2019, month=month)


def _bridge(data):
    return next(f for f in data["funds"] if f["sub_fund"].code == "bridge")


def test_a_month_before_any_entry_shows_zero_and_says_so(programme, users, client_for):
    _ledger(programme)
    refresh_fund_months(year=2019, today=AFTER)
    data = _panel(users["office"], 1)
    row = _bridge(data)
    assert data["as_of"] == date(2019, 1, 31)
    assert (row["paid_in"], row["deployed"], row["outstanding"], row["available"]) == (ZERO,) * 4
    assert row["leverage"] is None and not row["has_entries"]
    assert data["bridge"]["n_overdue"] == 0 and data["bridge"]["overdue"] == ZERO
    html = client_for(users["office"]).get("/cockpit/?year=2019&month=1").content.decode()
    assert 'data-testid="no-entries-bridge"' in html and "数据截至 2019-01-31" in html
    assert "当前余额" not in html


def test_february_and_march_from_the_ledger_by_hand(programme, users, client_for):
    _bridge_fund, a, _b = _ledger(programme)
    refresh_fund_months(year=2019, today=AFTER)
    feb = _panel(users["office"], 2)
    row = _bridge(feb)
    assert feb["as_of"] == date(2019, 2, 28) and row["has_entries"]
    assert row["paid_in"] == Decimal("50000000.00")
    assert row["deployed"] == Decimal("1000000.00") == row["outstanding"]
    assert row["available"] == Decimal("49000000.00")
    assert row["leverage"] == Decimal("0.02")  # 1,000,000 / 50,000,000
    # loan A: due 02-25, 3 days overdue at 02-28
    ages = {x["code"]: (x["n"], x["amount"]) for x in feb["bridge"]["ages"]}
    assert ages == {"1-3": (1, Decimal("1000000.00")), "4-10": (0, ZERO), ">10": (0, ZERO)}
    assert feb["bridge"]["share"] == 1
    mar = _panel(users["office"], 3)
    row = _bridge(mar)
    assert mar["as_of"] == date(2019, 3, 31)
    assert row["deployed"] == Decimal("3000000.00")  # A and B lent since the start
    assert row["outstanding"] == Decimal("2000000.00")  # A came back on 03-05
    # plus what A paid back beyond its principal: its fee and the penalty for its 8 days overdue
    assert a.fee + a.penalty_accrued == Decimal("8200.00")
    assert row["available"] == Decimal("48008200.00")
    # loan B: due 03-20, 11 days overdue at 03-31; A repaid
    ages = {x["code"]: (x["n"], x["amount"]) for x in mar["bridge"]["ages"]}
    assert ages == {"1-3": (0, ZERO), "4-10": (0, ZERO), ">10": (1, Decimal("2000000.00"))}
    html = client_for(users["office"]).get("/cockpit/?year=2019&month=3").content.decode()
    assert "数据截至 2019-03-31" in html
    assert "/funds/bridge/?age=%3E10&amp;as_of=2019-03-31" in html


def test_the_links_land_on_the_same_count_and_amount(programme, users, client_for):
    _ledger(programme)
    refresh_fund_months(year=2019, today=AFTER)
    client = client_for(users["office"])
    for month in (1, 2, 3):
        data = _panel(users["office"], month)
        bridge = data["bridge"]
        for url, n in [(bridge["overdue_url"], bridge["n_overdue"])] + [
            (x["url"], x["n"]) for x in bridge["ages"]
        ]:
            page = client.get(url).context["page"]
            assert page.paginator.count == n, (month, url)
        listed = client.get(_bridge(data)["outstanding_url"]).context["page"]
        assert (
            sum((loan.approved_amount for loan in listed.object_list), ZERO) == _bridge(data)["outstanding"]
        )
        assert client.get(_bridge(data)["ledger_url"]).status_code == 200


def test_the_refresh_is_idempotent_and_reads_a_fixed_number_of_queries(programme, django_assert_num_queries):
    bridge, _a, _b = _ledger(programme)
    refresh_fund_months(year=2019, today=AFTER)
    first = list(FundMonth.objects.order_by("month").values_list("month", "outstanding", "n_overdue_11"))
    assert len(first) == 12  # one row per month of 2019 for the one sub-fund
    with django_assert_num_queries(7) as small:
        refresh_fund_months(year=2019, today=AFTER)
    assert (
        list(FundMonth.objects.order_by("month").values_list("month", "outstanding", "n_overdue_11")) == first
    )
    for _i in range(3):  # more loans and entries: the same queries
        World(bridge).to("disbursed", amount="100000.00", term_days=3, on=date(2019, 5, 2))
    with django_assert_num_queries(len(small.captured_queries)):
        refresh_fund_months(year=2019, today=AFTER)
    may = FundMonth.objects.get(month=date(2019, 5, 1))
    # B (due 03-20) and the three due 05-05, 26 days overdue at 05-31
    assert (may.n_overdue_1, may.n_overdue_4, may.n_overdue_11) == (0, 0, 4)
    assert may.overdue_11 == Decimal("2300000.00")
    april = FundMonth.objects.get(month=date(2019, 4, 1))
    assert (april.n_overdue_11, april.overdue_11) == (1, Decimal("2000000.00"))
    dec = FundMonth.objects.get(month=date(2019, 12, 1))
    assert dec.n_overdue_11 == 4 and dec.overdue_11 == Decimal("2300000.00")

"""figures_for and growth_rates: official over self, 同比 at year boundaries, unknown growth, prefill."""

from decimal import Decimal

import pytest

from reporting.figures import FigureCode
from reporting.models import FigureSource
from reporting.selectors import (
    criteria_values,
    figures_for,
    growth_rates,
    latest_full_year,
    prefill_from_figures,
)
from tests.factories import EnterpriseFactory, FigureFactory

D = Decimal
OFFICIAL, SELF = FigureSource.OFFICIAL, FigureSource.SELF
pytestmark = pytest.mark.django_db


def test_official_wins_over_self_and_both_are_kept(enterprise):
    # given both sources for 2018's output
    FigureFactory(enterprise=enterprise, year=2018, metric="output", source=SELF, value=D("1200.00"))
    FigureFactory(enterprise=enterprise, year=2018, metric="output", source=OFFICIAL, value=D("1000.00"))
    # when the sheet is resolved
    output = figures_for(enterprise, 2018).annual("output")
    # then the official figure is used, and the gap is visible
    assert (output.amount, output.source) == (D("1000.00"), "official")
    assert (output.official_amount, output.self_amount) == (D("1000.00"), D("1200.00"))
    assert output.gap == D("20.00") and output.large_gap(D("10"))


def test_self_report_is_used_where_no_official_figure_exists(enterprise):
    FigureFactory(enterprise=enterprise, year=2018, metric="tax", source=SELF, value=D("50.00"))
    tax = figures_for(enterprise, 2018).annual("tax")
    assert (tax.amount, tax.source, tax.official_amount) == (D("50.00"), "self", None)


def test_annual_growth_uses_last_year_and_shows_how(enterprise):
    FigureFactory(enterprise=enterprise, year=2017, metric="main_revenue", value=D("800.00"))
    FigureFactory(enterprise=enterprise, year=2018, metric="main_revenue", value=D("1000.00"))
    growth = figures_for(enterprise, 2018).annual_growth("main_revenue")
    assert growth.rate == D("25.00")
    assert "（1000.00 − 800.00）÷ 800.00 × 100 = 25.00%" in growth.explanation


def test_missing_previous_year_gives_unknown_growth_not_zero(enterprise):
    FigureFactory(enterprise=enterprise, year=2018, metric="tax", value=D("60.00"))
    growth = figures_for(enterprise, 2018).annual_growth("tax")
    assert growth.rate is None
    assert "无数据，增幅未知" in growth.explanation


def test_previous_year_zero_gives_unknown_growth(enterprise):
    FigureFactory(enterprise=enterprise, year=2017, metric="custom_order_value", value=D("0.00"))
    FigureFactory(enterprise=enterprise, year=2018, metric="custom_order_value", value=D("30.00"))
    assert figures_for(enterprise, 2018).annual_growth("custom_order_value").rate is None


def test_year_without_annual_row_falls_back_to_december_year_to_date(enterprise):
    # given 2017's annual statistics and 2018 only as monthly self-reports up to December
    FigureFactory(enterprise=enterprise, year=2017, metric="output", value=D("1000.00"))
    FigureFactory(
        enterprise=enterprise,
        year=2018,
        month=11,
        metric="output",
        source=SELF,
        value=D("100"),
        ytd=D("1100"),
    )
    FigureFactory(
        enterprise=enterprise,
        year=2018,
        month=12,
        metric="output",
        source=SELF,
        value=D("100"),
        ytd=D("1200"),
    )
    sheet = figures_for(enterprise, 2018)
    annual = sheet.annual("output")
    # then the year is December's year-to-date, said so, and its growth is computed against 2017
    assert (annual.amount, annual.source, annual.note) == (D("1200"), "self", "按12月本年累计")
    assert sheet.annual_growth("output").rate == D("20.00")
    assert "12月本年累计" in sheet.annual_growth("output").explanation


def test_january_growth_compares_with_last_january_not_december(enterprise):
    # given January 2019 and both January and December 2018
    FigureFactory(enterprise=enterprise, year=2018, month=1, metric="output", value=D("90"), ytd=D("90"))
    FigureFactory(enterprise=enterprise, year=2018, month=12, metric="output", value=D("150"), ytd=D("1500"))
    FigureFactory(enterprise=enterprise, year=2019, month=1, metric="output", value=D("99"), ytd=D("99"))
    growth = figures_for(enterprise, 2019).monthly_growth("output", 1)
    # then the year boundary is crossed to the same month a year before
    assert growth.previous.month == 1 and growth.previous.year == 2018
    assert growth.rate == D("10.00")


def test_monthly_growth_is_on_year_to_date(enterprise):
    FigureFactory(enterprise=enterprise, year=2018, month=6, metric="output", value=D("200"), ytd=D("1000"))
    FigureFactory(enterprise=enterprise, year=2019, month=6, metric="output", value=D("100"), ytd=D("1100"))
    assert figures_for(enterprise, 2019).monthly_growth("output", 6).rate == D("10.00")


def test_growth_rates_in_bulk_match_the_sheet(enterprise, other_enterprise):
    # given two enterprises, one with official and self figures, one with December only for 2018
    FigureFactory(enterprise=enterprise, year=2017, metric="output", value=D("100"))
    FigureFactory(enterprise=enterprise, year=2018, metric="output", value=D("130"))
    FigureFactory(enterprise=enterprise, year=2018, metric="output", source=SELF, value=D("999"))
    FigureFactory(enterprise=other_enterprise, year=2017, metric="output", value=D("200"))
    FigureFactory(
        enterprise=other_enterprise,
        year=2018,
        month=12,
        metric="output",
        source=SELF,
        value=D("20"),
        ytd=D("150"),
    )
    lonely = EnterpriseFactory()
    FigureFactory(enterprise=lonely, year=2018, metric="output", value=D("10"))
    # when derived for everybody at once
    rates = growth_rates(year=2018)
    # then the same rules apply as for one enterprise
    assert rates[enterprise.pk]["output"] == (D("130"), D("100"), D("30.00"), "official")
    assert rates[other_enterprise.pk]["output"] == (D("150"), D("200"), D("-25.00"), "self")
    assert rates[lonely.pk]["output"][2] is None
    for e in (enterprise, other_enterprise, lonely):
        assert rates[e.pk]["output"][2] == figures_for(e, 2018).annual_growth("output").rate


def test_growth_rates_for_a_month(enterprise):
    FigureFactory(enterprise=enterprise, year=2018, month=3, metric="tax", value=D("5"), ytd=D("20"))
    FigureFactory(enterprise=enterprise, year=2019, month=3, metric="tax", value=D("6"), ytd=D("25"))
    assert growth_rates(year=2019, month=3)[enterprise.pk]["tax"][2] == D("25.00")


def test_growth_rates_query_count(enterprise, django_assert_num_queries):
    FigureFactory(enterprise=enterprise, year=2018, metric="output", value=D("1"))
    with django_assert_num_queries(1):
        growth_rates(year=2018)


def test_criteria_values_for_the_pools(enterprise):
    for code, (v17, v18) in {
        "output": ("400000", "520000"),
        "main_revenue": ("400000", "480000"),
        "tax": ("20000", "23500"),
        "fixed_asset_investment": ("2000", "2600"),
        "rd_spending": ("6000", "9600"),
        "high_end_revenue": ("150000", "200000"),
        "custom_order_value": ("100", "120"),
    }.items():
        FigureFactory(enterprise=enterprise, year=2017, metric=code, value=D(v17))
        FigureFactory(enterprise=enterprise, year=2018, metric=code, value=D(v18))
    values = criteria_values(figures_for(enterprise, 2018))
    assert values["output_value"][0] == D("520000")
    assert values["main_revenue_growth"][0] == D("20.00")
    assert values["tax_growth"][0] == D("17.50")
    assert values["project_investment"][0] == D("2600")
    assert values["investment_growth"][0] == D("30.00")
    assert values["high_end_revenue_share"][0] == D("41.67")
    assert values["rd_ratio"][0] == D("2.00")
    assert values["custom_order_growth"][0] == D("20.00")
    assert values["main_revenue_growth"][1]["period"] == "2018年同比"


def test_prefill_takes_the_latest_full_year_before_the_nomination_year(enterprise):
    # given 2016 and 2017 statistics, and an incomplete 2018 (only March)
    FigureFactory(enterprise=enterprise, year=2016, metric="output", value=D("300000"))
    FigureFactory(enterprise=enterprise, year=2017, metric="output", value=D("330000"))
    FigureFactory(enterprise=enterprise, year=2016, metric="main_revenue", value=D("200000"))
    FigureFactory(enterprise=enterprise, year=2017, metric="main_revenue", value=D("260000"), source=SELF)
    FigureFactory(
        enterprise=enterprise, year=2018, month=3, metric="output", source=SELF, value=D("1"), ytd=D("3")
    )
    assert latest_full_year(enterprise.pk, 2019) == 2017
    # when a 2019 nomination prefills output, revenue growth and tax growth
    metrics, sources = prefill_from_figures(
        enterprise=enterprise, year=2019, wanted={"output_value", "main_revenue_growth", "tax_growth"}
    )
    # then 2017's figures are used with their source and period; tax growth is unknown, so not prefilled
    assert metrics == {"output_value": "330000.00", "main_revenue_growth": "30.00"}
    assert sources["output_value"]["source"] == "统计数据" and sources["output_value"]["period"] == "2017年"
    assert sources["main_revenue_growth"]["source"] == "企业自报、统计数据"
    assert "（260000.00 − 200000.00）" in sources["main_revenue_growth"]["detail"]


def test_prefill_without_figures_is_empty(enterprise):
    assert prefill_from_figures(enterprise=enterprise, year=2019, wanted={"output_value"}) == ({}, {})
    assert FigureCode.OUTPUT == "output"

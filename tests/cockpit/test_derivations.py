"""Each derivation of the programme file against hand-computed figures, and a year without
statistics shown as unknown, never 0."""

from decimal import Decimal

import pytest

from cockpit.models import ActualEntry, ActualSource
from cockpit.services import refresh_cockpit
from programs.loader import ProgrammeFileError, _derivation
from programs.models import DistrictIndicator
from reporting.models import FigureSource
from tests.factories.reporting import FigureFactory

from .support import AFTER, actual, statistics_world

pytestmark = pytest.mark.django_db


def test_the_programme_file_gives_every_indicator_its_rule(programme):
    rules = {i.code: i.derivation for i in DistrictIndicator.objects.filter(programme=programme)}
    assert rules["above_scale_output"]["kind"] == "figure_sum"
    assert rules["above_scale_output"]["enterprises"] == {"is_above_scale": True}
    assert rules["leading_industry_share"]["kind"] == "figure_ratio"
    assert rules["traditional_upgraded_share"]["numerator"] == {"is_traditional": True, "is_upgraded": True}
    assert rules["backward_capacity_eliminated"]["kind"] == "entered"
    assert rules["industrial_parks"]["parks"] == {"kind": "industrial_park"}


def test_a_rule_of_an_unknown_kind_is_refused_with_its_place():
    with pytest.raises(ProgrammeFileError, match="indicators\\[0\\].derivation"):
        _derivation({"derivation": {"kind": "guess"}}, "indicators[0]")
    assert _derivation({}, "indicators[0]") == {}
    assert _derivation({"derivation": {"kind": "entered"}}, "x")["progress"] == "cumulative"


def test_above_scale_output_sums_the_official_output_of_above_scale_enterprises(programme, town, other_town):
    statistics_world(town, other_town)
    refresh_cockpit(today=AFTER)
    # the year's end: the annual report, 规下 D left out: 700 + 300 + 500
    year_end = actual("above_scale_output", 2019, 12)
    assert year_end.actual == Decimal("1500.00")
    assert year_end.source == ActualSource.DERIVED
    assert "年报" in year_end.period
    assert actual("above_scale_output", 2019, 12, town).actual == Decimal("1000.00")
    assert actual("above_scale_output", 2019, 12, other_town).actual == Decimal("500.00")
    # June's year to date, and the months after June until the annual report: 300 + 100 + 200
    assert actual("above_scale_output", 2019, 6).actual == Decimal("600.00")
    assert actual("above_scale_output", 2019, 9).actual == Decimal("600.00")
    assert actual("above_scale_output", 2019, 9).period == "2019年1—6月"
    # before any statistics of the year: unknown
    assert actual("above_scale_output", 2019, 5).actual is None
    # the completion against 800亿元 (8,000,000 万元) and the year's time progress
    assert year_end.target == Decimal("8000000.00")
    assert year_end.completion == Decimal("0.0")
    assert year_end.time_progress == Decimal("100.0")
    assert year_end.behind is True


def test_a_year_without_statistics_is_unknown_never_zero(programme, town, other_town):
    company = statistics_world(town, other_town)["a"]
    # a self-report of 2017 does not stand in for the official statistics the rule names
    FigureFactory(enterprise=company, year=2017, month=0, source=FigureSource.SELF, value=999)
    refresh_cockpit(today=AFTER)
    for month in (1, 6, 12):
        row = actual("above_scale_output", 2017, month)
        assert row.actual is None
        assert row.source == ActualSource.UNKNOWN
        assert row.completion is None
        assert row.behind is False
    assert actual("leading_industry_share", 2017, 12).actual is None
    assert actual("industrial_investment", 2019, 12).actual is None


def test_leading_industry_share_is_leading_output_over_above_scale_output(programme, town, other_town):
    statistics_world(town, other_town)
    refresh_cockpit(today=AFTER)
    year_end = actual("leading_industry_share", 2019, 12)
    # (A 700 + C 500) / 1500 = 80%
    assert (year_end.numerator, year_end.denominator) == (Decimal("1200.00"), Decimal("1500.00"))
    assert year_end.actual == Decimal("80.0")
    assert actual("leading_industry_share", 2019, 12, town).actual == Decimal("70.0")  # 700 / 1000
    assert actual("leading_industry_share", 2019, 6).actual == Decimal("83.3")  # 500 / 600


def test_industrial_investment_sums_every_enterprises_fixed_asset_investment(programme, town, other_town):
    statistics_world(town, other_town)
    refresh_cockpit(today=AFTER)
    # 规下 D counts too: 50 + 30
    assert actual("industrial_investment", 2018, 12).actual == Decimal("80.00")
    assert actual("industrial_investment", 2018, 11).actual is None  # an annual figure: known at the end


def test_shares_from_the_enterprise_flags_speak_for_the_year_in_force(programme, town, other_town):
    world = statistics_world(town, other_town)
    for key, upgraded in (("a", True), ("b", False), ("c", True)):
        world[key].is_traditional, world[key].is_upgraded = True, upgraded
        world[key].save()
    refresh_cockpit(today=AFTER)
    # 2 of 3 traditional enterprises upgraded; the town 1 of 2
    assert actual("traditional_upgraded_share", 2019, 12).actual == Decimal("66.7")
    assert actual("traditional_upgraded_share", 2019, 12, town).actual == Decimal("50.0")
    # flags are today's state: an earlier year has no value from them
    assert actual("traditional_upgraded_share", 2018, 12).actual is None
    # no low-efficiency enterprise flagged: no denominator, unknown rather than 0%
    assert actual("low_efficiency_revitalized", 2019, 12).actual is None


def test_parks_are_counted_from_the_registry(programme, town, other_town):
    refresh_cockpit(today=AFTER)
    assert actual("industrial_parks", 2019, 12).actual == Decimal("3")  # the three parks of item 11
    assert actual("characteristic_towns", 2019, 12).actual == Decimal("0")


def test_an_entered_actual_counts_from_its_month_with_its_source(programme, office_user):
    indicator = DistrictIndicator.objects.get(code="backward_capacity_eliminated")
    ActualEntry.objects.create(
        indicator=indicator,
        year=2019,
        month=10,
        value=100,
        source_note="区经信局报送",
        entered_by=office_user,
    )
    refresh_cockpit(today=AFTER)
    row = actual("backward_capacity_eliminated", 2019, 11)
    assert (row.actual, row.source, row.source_note) == (
        Decimal("100.00"),
        ActualSource.ENTERED,
        "区经信局报送",
    )
    assert row.completion == Decimal("100.0")
    assert actual("backward_capacity_eliminated", 2019, 9).actual is None

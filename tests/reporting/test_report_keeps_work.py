"""A monthly report keeps its work and reads last month: a failed 保存并提交 says the draft was saved
and why it was not submitted; 上月本年累计 comes from last month's report when it is not confirmed yet;
本年累计 left blank is derived; 同比 in December uses last year's annual statistics."""

from decimal import Decimal

import pytest
from django.urls import reverse

from reporting import services
from reporting.models import FigureSource, ReportState
from reporting.selectors import figures_for, previous_month_ytd
from tests.factories import FigureFactory, report_figures

pytestmark = pytest.mark.django_db
YEAR = 2018


def _submitted(actor, month, ytd="300.00", value="100.00"):
    report = services.report_start(actor=actor, year=YEAR, month=month)
    entries = {str(e.nomination_id): {"progress": "按计划推进。"} for e in report.entries.all()}
    services.report_update(
        actor=actor, report=report, figures=report_figures(value=value, ytd=ytd), entries=entries
    )
    return services.report_transition(actor=actor, report=report, action="submit")


def _form_data(report, **overrides) -> dict:
    data = {}
    for code, parts in report_figures().items():
        for part, value in parts.items():
            data[f"{code}_{part}"] = value
    for entry in report.entries.all():
        data[f"entry_{entry.nomination_id}_progress"] = "按计划推进。"
    data.update(overrides)
    return data


def test_a_failed_submission_says_the_draft_was_saved_and_why(client_for, enterprise_user, entry):
    report = services.report_start(actor=enterprise_user, year=YEAR, month=3)
    # the year-to-date below the month: the report cannot be submitted
    data = {**_form_data(report, output_ytd="50.00"), "submit": "1"}
    response = client_for(enterprise_user).post(reverse("reporting:report_edit", args=[report.pk]), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "已保存为草稿，但未能提交" in page
    assert "不能小于当月值" in page
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT
    assert report.figure("output", "ytd") == Decimal("50.00")


def test_last_month_s_report_gives_last_month_s_year_to_date(enterprise_user, entry):
    _submitted(enterprise_user, 2, ytd="200.00")
    previous = previous_month_ytd(enterprise_user.enterprise_id, YEAR, 3)
    assert previous["output"][0] == Decimal("200.00")


def test_a_blank_year_to_date_is_derived_from_last_month(enterprise_user, entry):
    _submitted(enterprise_user, 2, ytd="200.00")
    report = services.report_start(actor=enterprise_user, year=YEAR, month=3)
    figures = report_figures(output={"value": "80.00", "ytd": ""})
    report = services.report_update(actor=enterprise_user, report=report, figures=figures)
    assert report.figure("output", "ytd") == Decimal("280.00")


def test_january_s_year_to_date_is_the_month(enterprise_user, entry):
    report = services.report_start(actor=enterprise_user, year=YEAR, month=1)
    figures = report_figures(output={"value": "80.00", "ytd": ""})
    report = services.report_update(actor=enterprise_user, report=report, figures=figures)
    assert report.figure("output", "ytd") == Decimal("80.00")


def test_december_growth_uses_last_year_s_annual_statistics(enterprise):
    FigureFactory(
        enterprise=enterprise,
        year=YEAR - 1,
        month=0,
        metric="output",
        value=Decimal("480000"),
        source=FigureSource.OFFICIAL,
    )
    FigureFactory(
        enterprise=enterprise,
        year=YEAR,
        month=12,
        metric="output",
        value=Decimal("52000"),
        ytd=Decimal("576000"),
        source=FigureSource.SELF,
    )
    growth = figures_for(enterprise, YEAR).monthly_growth("output", 12)
    assert growth.rate == Decimal("20.00")


def test_a_year_to_date_is_the_sum_of_the_months_when_all_are_known(enterprise):
    for month, value in [(1, "10"), (2, "20"), (3, "30")]:
        FigureFactory(
            enterprise=enterprise,
            year=YEAR - 1,
            month=month,
            metric="output",
            value=Decimal(value),
            ytd=None,
            source=FigureSource.OFFICIAL,
        )
    cumulative = figures_for(enterprise, YEAR).cumulative("output", 3, YEAR - 1)
    assert cumulative.ytd == Decimal("60")
    assert "合计" in cumulative.note


def test_too_many_digits_in_a_report_is_a_sentence_in_wan_yuan(client_for, enterprise_user, entry):
    report = services.report_start(actor=enterprise_user, year=YEAR, month=3)
    data = _form_data(report, output_value="99999999999999999")
    response = client_for(enterprise_user).post(reverse("reporting:report_edit", args=[report.pk]), data)
    errors = response.context["form"].errors["output_value"]
    assert errors == ["数值过大：最多为 999,999,999,999.99 万元，请确认单位为万元（不是元）。"]

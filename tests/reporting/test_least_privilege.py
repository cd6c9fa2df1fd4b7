"""Least privilege for figures: an enterprise's monthly self-reported numbers are as private as its
report (a department outside its pools gets 404 on the page and in the API), and the official vs
self-reported gap is shown by the API to exactly those the page shows it to."""

from decimal import Decimal

import pytest

from reporting.models import Figure, FigureSource
from tests.factories import FigureFactory, ReportFactory, SourceUserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def figures(entry, enterprise):
    """The enterprise (an entry of the department user's pool) reported 900 and the statistics say 1000."""
    FigureFactory(enterprise=enterprise, year=2018, source=FigureSource.SELF, value=Decimal("900.00"))
    FigureFactory(enterprise=enterprise, year=2018, source=FigureSource.OFFICIAL, value=Decimal("1000.00"))
    return enterprise


@pytest.fixture
def court_user(db):
    """区法院: a credit source department that leads no pool and is responsible for none."""
    return SourceUserFactory(username="dept_court", source="court")


def test_a_department_outside_the_pools_cannot_read_the_figures(client_for, figures, court_user):
    client = client_for(court_user)
    report = ReportFactory(enterprise=figures, year=2018, month=3, submitted=True)
    # the report of the same numbers was already not found
    assert client.get(f"/reporting/{report.pk}/").status_code == 404
    # when the court opens the enterprise's figures on the page and through the API
    # then they are not found either, and the lists leave the enterprise out
    assert client.get(f"/reporting/figures/{figures.pk}/?year=2018").status_code == 404
    assert client.get(f"/api/v1/indicators/{figures.pk}/?year=2018").status_code == 404
    listed = client.get("/api/v1/indicators/?year=2018").json()["results"]
    assert figures.pk not in [row["enterprise"] for row in listed]
    assert not Figure.objects.visible_to(court_user).exists()


def test_the_pool_department_reads_the_figures(client_for, figures, department_user):
    client = client_for(department_user)
    assert client.get(f"/reporting/figures/{figures.pk}/?year=2018").status_code == 200
    assert client.get(f"/api/v1/indicators/{figures.pk}/?year=2018").status_code == 200


def test_an_importing_department_sees_the_official_figures_it_imported(statistics_user, other_enterprise):
    # given 区统计局 imported an official figure of an enterprise in none of its pools
    imported = FigureFactory(
        enterprise=other_enterprise, source=FigureSource.OFFICIAL, department=statistics_user.department
    )
    reported = FigureFactory(enterprise=other_enterprise, source=FigureSource.SELF)
    # then it sees the figure it imported, not the enterprise's self-report
    visible = Figure.objects.visible_to(statistics_user)
    assert imported in visible
    assert reported not in visible


def _annual_output(response) -> dict:
    return next(row for row in response.json()["annual"] if row["metric"] == "output")["current"]


@pytest.mark.parametrize(
    ("role", "sees_gaps"),
    [("town", True), ("office", True), ("department", False), ("enterprise", False)],
)
def test_the_api_shows_the_gap_to_exactly_those_the_page_shows_it_to(
    client_for, users, figures, role, sees_gaps
):
    client = client_for(users[role])
    # when the caller opens the figures page and the indicators of the same enterprise and year
    page = client.get(f"/reporting/figures/{figures.pk}/?year=2018").content.decode()
    current = _annual_output(client.get(f"/api/v1/indicators/{figures.pk}/?year=2018"))
    # then the page's gap columns and the API's official/self-reported values come together
    assert ('<th class="num">企业自报</th>' in page) is sees_gaps
    assert ("official" in current and "self_reported" in current) is sees_gaps
    if sees_gaps:
        assert (current["official"], current["self_reported"]) == ("1000.00", "900.00")
    # and everyone sees the figure in force (official over self)
    assert current["value"] == "1000.00"


def test_the_export_leaves_out_figures_a_department_may_not_read(
    client_for, figures, court_user, department_user
):
    from io import BytesIO

    from openpyxl import load_workbook

    def cells(user) -> set:
        response = client_for(user).get("/reporting/export/?year=2018")
        assert response.status_code == 200
        workbook = load_workbook(BytesIO(response.content), read_only=True)
        return {
            cell for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True) for cell in row
        }

    # the court (no pool) exports no row of the enterprise; the pool's department does
    assert figures.uscc not in cells(court_user)
    assert figures.uscc in cells(department_user)

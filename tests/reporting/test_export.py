"""xlsx export of reports and figures by period, town and pool."""

from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook

from core.models import AuditLog
from tests.factories import FigureFactory, ReportFactory

pytestmark = pytest.mark.django_db


def _sheets(response):
    wb = load_workbook(BytesIO(response.content))
    return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}


def test_export_by_period_and_town(
    entry, other_entry, enterprise, other_enterprise, office_user, town_user, client_for, pool
):
    ReportFactory(enterprise=enterprise, year=2018, month=3, confirmed=True)
    ReportFactory(enterprise=other_enterprise, year=2018, month=3, submitted=True)
    ReportFactory(enterprise=enterprise, year=2018, month=4, confirmed=True)
    FigureFactory(
        enterprise=enterprise, year=2017, month=3, metric="output", value=Decimal("80"), ytd=Decimal("250")
    )
    FigureFactory(
        enterprise=enterprise,
        year=2018,
        month=3,
        metric="output",
        source="self",
        value=Decimal("100"),
        ytd=Decimal("300"),
    )
    response = client_for(office_user).get(f"/reporting/export/?year=2018&month=3&pool={pool.pk}")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheets = _sheets(response)
    reports, figures = sheets["月度报告"], sheets["企业数据"]
    assert len(reports) == 3 and {r[1] for r in reports[1:]} == {enterprise.name, other_enterprise.name}
    header = figures[0]
    row = next(r for r in figures[1:] if r[1] == enterprise.name)
    assert row[header.index("产值本年累计（万元）")] == 300 and row[header.index("产值来源")] == "企业自报"
    assert row[header.index("产值同比（%）")] == 20
    assert AuditLog.objects.filter(action="export", actor=office_user).exists()
    # the town exports only its own enterprises
    own = _sheets(client_for(town_user).get("/reporting/export/?year=2018&month=3"))
    assert {r[1] for r in own["企业数据"][1:] if r[0] != "合计"} == {enterprise.name}
    assert own["企业数据"][-1][0] == "合计"  # the figures are summed below the rows

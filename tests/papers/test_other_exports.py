"""The other exports go through the shared writer too: reporting (date-time and 万元 cells, a 合计 of
the figures), credit ratings (date cells), the registry (Chinese sheet name, 成立日期 a date, the file
re-imports) and the audit trail's xlsx (for whoever may read the trail, audited)."""

import datetime
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from core.models import AuditAction, AuditLog
from enterprises.resources import EnterpriseResource
from tests.factories import EnterpriseFactory, FigureFactory, ReportFactory

from .support import header_index, rows, workbook

pytestmark = pytest.mark.django_db


def test_the_reporting_export_types_times_and_money_and_sums_the_figures(
    client_for, programme, office_user, enterprise
):
    ReportFactory(enterprise=enterprise, year=2018, month=3, confirmed=True)
    FigureFactory(
        enterprise=enterprise,
        year=2018,
        month=3,
        metric="output",
        value=Decimal("100.25"),
        ytd=Decimal("300.50"),
    )
    book = workbook(client_for(office_user).get("/reporting/export/?year=2018&month=3"))
    reports, figures = book["月度报告"], book["企业数据"]
    at = header_index(reports, 1)
    assert reports.cell(row=2, column=at["提交时间"] + 1).is_date
    assert reports.cell(row=2, column=at["版本"] + 1).data_type == "n"
    at = header_index(figures, 1)
    column = at["产值本年累计（万元）"]
    assert figures.cell(row=2, column=column + 1).number_format == "#,##0.00"
    total = rows(figures)[-1]
    assert total[0] == "合计" and total[column] == 300.5
    assert total[at["产值同比（%）"]] is None
    assert figures.print_title_rows == "$1:$1" and figures.page_setup.orientation == "landscape"


def test_the_credit_export_writes_dates_as_dates(client_for, office_user, enterprise):
    from credit.models import CreditStatus

    CreditStatus.objects.update_or_create(
        enterprise=enterprise,
        defaults={
            "grade": "A",
            "score": Decimal("85.5"),
            "rated_at": datetime.datetime(2018, 3, 1, 8, tzinfo=datetime.UTC),
        },
    )
    ws = workbook(client_for(office_user).get("/credit/overview/export.xlsx")).worksheets[0]
    at = header_index(ws, 2)
    row = next(r for r in ws.iter_rows(min_row=3) if r[at["企业名称"]].value == enterprise.name)
    assert row[at["评级时间"]].is_date and row[at["得分"]].value == 85.5


def test_the_registry_export_has_a_chinese_sheet_typed_cells_and_imports_again(client_for, town_user, town):
    EnterpriseFactory(
        town=town,
        name="临沂戊包装有限公司",
        established_on=datetime.date(2015, 3, 1),
        contact_phone="05398000000",
    )
    client = client_for(town_user)
    response = client.get("/enterprises/export.xlsx")
    ws = workbook(response).worksheets[0]
    assert ws.title == "企业名录" and ws.freeze_panes == "A2"
    at = header_index(ws, 1)
    assert ws.cell(row=2, column=at["成立日期"] + 1).is_date
    assert ws.cell(row=2, column=at["联系电话"] + 1).data_type == "s"
    assert ws.cell(row=2, column=at["统一社会信用代码"] + 1).number_format == "@"
    # the exported file is a valid import file: it reads back with nothing to change
    upload = SimpleUploadedFile("registry.xlsx", response.content)
    page = client.post("/enterprises/import/", {"file": upload}, follow=True)
    assert page.status_code == 200 and page.redirect_chain  # back to the list: imported
    assert 'data-testid="import-errors"' not in page.content.decode()


def test_a_tablib_export_of_the_registry_is_named_in_chinese(town):
    EnterpriseFactory(town=town)
    dataset = EnterpriseResource().export()
    assert load_workbook(BytesIO(dataset.export("xlsx"))).worksheets[0].title == "企业名录"


def test_the_audit_trail_exports_as_xlsx_for_the_audit_administrator(client_for, audit_admin_user, town_user):
    client_for(town_user).get("/")
    client = client_for(audit_admin_user)
    ws = workbook(client.get("/audit/export.xlsx")).worksheets[0]
    assert ws.title == "审计日志" and ws.freeze_panes == "A3"
    at = header_index(ws, 2)
    assert ws.cell(row=3, column=at["时间"] + 1).is_date
    assert AuditLog.objects.filter(actor=audit_admin_user, action=AuditAction.EXPORT).exists()


def test_a_town_cannot_export_the_audit_trail(client_for, town_user):
    assert client_for(town_user).get("/audit/export.xlsx").status_code == 403

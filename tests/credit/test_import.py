"""A department's xlsx import of credit records, by USCC: all or nothing, every bad row listed with
its Excel row number and reason; on success the enterprises are re-rated and told."""

from datetime import timedelta
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from core.models import AuditLog, Notification
from credit.models import CreditRecord, CreditStatus, Rating
from credit.xlsx import headers
from enterprises.uscc import make_uscc

pytestmark = pytest.mark.django_db
URL = "/credit/records/import/"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DAY = f"{timezone.localdate() - timedelta(days=40):%Y-%m-%d}"


def xlsx(rows: list[dict], columns: list[str] | None = None) -> SimpleUploadedFile:
    columns = columns or headers()
    wb = Workbook()
    sheet = wb.active
    sheet.append(columns)
    for row in rows:
        sheet.append([row.get(c, "") for c in columns])
    buffer = BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile("法院记录.xlsx", buffer.getvalue(), content_type=XLSX)


def row(enterprise, **values) -> dict:
    base = {
        "统一社会信用代码": enterprise.uscc,
        "记录类别": "法院违法记录",
        "程度": "较重",
        "事由": "被列为被执行人",
        "发生日期": DAY,
        "文书编号": f"（2024）鲁1311执{enterprise.pk}号",
    }
    return {**base, **values}


def test_the_template_offers_the_departments_own_kinds(client_for, court_user):
    response = client_for(court_user).get("/credit/records/import/template.xlsx")
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    wb = load_workbook(BytesIO(response.content))
    assert [c.value for c in wb["信用记录"][1]] == headers()
    assert wb["信用记录"]["C2"].value == "法院违法记录"
    kinds = [r[0] for r in wb["填写说明"].iter_rows(values_only=True)]
    assert "法院违法记录" in kinds and "纳税记录" not in kinds


def test_a_good_file_imports_every_row_rates_and_tells(
    client_for, court_user, enterprise, other_enterprise, enterprise_user
):
    rows = [
        row(enterprise),
        row(
            enterprise,
            事由="失信被执行人",
            程度="严重",
            文书编号="（2024）鲁1311执99号",
            企业名称核对用="",
            有效期至=f"{timezone.localdate():%Y-%m-%d}",
        ),
        {},
        row(other_enterprise, 程度="轻微"),
    ]  # the blank row is skipped
    response = client_for(court_user).post(URL, {"file": xlsx(rows)})
    assert response.status_code == 302, response.context and response.context.get("errors")
    assert CreditRecord.objects.count() == 3
    assert set(CreditRecord.objects.values_list("source_department__code", flat=True)) == {"court"}
    assert (
        CreditRecord.objects.get(document_ref="（2024）鲁1311执99号").effective_until == timezone.localdate()
    )
    # 80 − 15 − 40 = 25: D; the other 80 − 5: BB
    assert CreditStatus.objects.get(enterprise=enterprise).grade == "D"
    assert CreditStatus.objects.get(enterprise=other_enterprise).grade == "BB"
    assert AuditLog.objects.filter(action="import", actor=court_user).count() == 3
    assert Notification.objects.filter(recipient=enterprise_user, message__contains="2 条").exists()


def test_any_bad_row_and_nothing_is_written_with_every_row_named(client_for, court_user, enterprise):
    tomorrow = f"{timezone.localdate() + timedelta(days=1):%Y-%m-%d}"
    rows = [
        row(enterprise),  # row 2: fine
        row(enterprise, 统一社会信用代码=make_uscc("371311", 777777), 文书编号="a"),  # row 3: not registered
        row(enterprise, 记录类别="纳税记录", 程度="轻微", 文书编号="b"),  # row 4: not the court's kind
        row(enterprise, 程度="良好", 文书编号="c"),  # row 5: a basic severity
        row(enterprise, 事由="", 文书编号="d"),  # row 6: no title
        row(enterprise, 发生日期=tomorrow, 文书编号="e"),  # row 7: in the future
        row(enterprise),  # row 8: same document as row 2
        row(enterprise, 文书编号="f", **{"企业名称（核对用）": "别的公司"}),  # row 9: name does not match
    ]
    response = client_for(court_user).post(URL, {"file": xlsx(rows)})
    assert response.status_code == 200
    errors = {e["row"]: " ".join(e["messages"]) for e in response.context["errors"]}
    assert sorted(errors) == [3, 4, 5, 6, 7, 8, 9]
    assert "未在企业名录中登记" in errors[3]
    assert "不是“纳税记录”的信息来源部门" in errors[4]
    assert "程度" in errors[5]
    assert "事由" in errors[6]
    assert "发生日期" in errors[7]
    assert "文书编号" in errors[8]
    assert "不符" in errors[9]
    assert "未导入任何数据" in response.content.decode() and "第 3 行" in response.content.decode()
    assert not CreditRecord.objects.exists() and not Rating.objects.exists()


def test_a_file_without_the_required_columns_is_refused(client_for, court_user, enterprise):
    response = client_for(court_user).post(
        URL, {"file": xlsx([row(enterprise)], columns=["统一社会信用代码", "事由"])}
    )
    assert response.status_code == 200
    assert "缺少列" in str(response.context["form"].errors["file"])
    assert not CreditRecord.objects.exists()


def test_optional_columns_may_be_left_out(client_for, court_user, enterprise):
    columns = ["统一社会信用代码", "记录类别", "程度", "事由", "发生日期"]
    response = client_for(court_user).post(URL, {"file": xlsx([row(enterprise)], columns=columns)})
    assert response.status_code == 302
    assert CreditRecord.objects.get().document_ref == ""


def test_a_kind_may_be_given_by_its_code(client_for, tax_user, enterprise):
    response = client_for(tax_user).post(URL, {"file": xlsx([row(enterprise, 记录类别="tax", 程度="minor")])})
    assert response.status_code == 302
    assert CreditRecord.objects.get().kind.code == "tax"

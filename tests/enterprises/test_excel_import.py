"""The registry's Excel import: the template, good files (created, updated by 统一社会信用代码, audited),
and bad files, all or nothing: nothing is written and every bad row is listed with its Excel row number."""

from io import BytesIO

import pytest
from openpyxl import load_workbook

from core.models import AuditAction, AuditLog
from enterprises.models import Enterprise
from enterprises.uscc import make_uscc
from tests.enterprises.registry_workbooks import (
    HEADERS,
    TEMPLATE_URL,
    flash_messages,
    import_rows,
    registry_row,
    template_headers,
    upload_registry,
    uscc_code,
    workbook_bytes,
)
from tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


# --- template -----------------------------------------------------------------------------------


def test_template_has_the_chinese_headers_an_example_and_the_allowed_values(client_for, town_user):
    client = client_for(town_user)

    response = client.get(TEMPLATE_URL)

    wb = load_workbook(BytesIO(response.content))
    assert wb.sheetnames == ["企业名录", "填写说明"]
    rows = list(wb["企业名录"].iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS
    assert rows[1][2] == "罗庄街道"  # the example uses the official's own town
    allowed = list(wb["填写说明"].iter_rows(values_only=True))
    assert any(row[0] == "罗庄街道" for row in allowed)
    assert any(row[1] == "30" and row[2] == "非金属矿物制品业" for row in allowed)


@pytest.mark.parametrize("role", ["department", "enterprise", "admin"])
def test_roles_that_cannot_register_cannot_import(client_for, users, role):
    client = client_for(users[role])

    assert client.get(TEMPLATE_URL).status_code == 403
    assert (
        upload_registry(client, workbook_bytes(HEADERS, [registry_row(uscc_code(1), "甲公司")])).status_code
        == 403
    )
    assert not Enterprise.objects.filter(uscc=uscc_code(1)).exists()


# --- good files ---------------------------------------------------------------------------------


def test_good_file_creates_every_row_with_an_import_audit_row(client_for, town_user):
    # given a town official's file of three enterprises (town left blank, given, or given with spaces in the code)
    client = client_for(town_user)
    rows = [
        registry_row(uscc_code(1), "临沂一号陶瓷有限公司"),
        registry_row(
            uscc_code(2), "临沂二号机械有限公司", 所属街镇="罗庄街道", 规模以上="否", 行业代码="C34"
        ),
        registry_row(uscc_code(3).lower(), "临沂三号医药有限公司", 行业代码="27 医药制造业", 经营状态="停产"),
    ]

    # when it is uploaded
    response = import_rows(client, rows)

    # then all three exist in the official's town, and each has an "import" audit row by the official
    assert response.status_code == 302
    assert response["Location"] == "/enterprises/"
    assert flash_messages(response) == ["导入成功：新增 3 家，更新 0 家，未变 0 家。"]
    created = {e.uscc: e for e in Enterprise.objects.all()}
    assert set(created) == {uscc_code(1), uscc_code(2), uscc_code(3)}
    assert all(e.town == town_user.town for e in created.values())
    assert created[uscc_code(2)].is_above_scale is False
    assert created[uscc_code(2)].industry.code == "34"
    assert created[uscc_code(3)].industry.code == "27"
    assert created[uscc_code(3)].status == Enterprise.Status.SUSPENDED
    assert str(created[uscc_code(1)].established_on) == "2010-05-18"
    audit = AuditLog.objects.filter(action=AuditAction.IMPORT)
    assert sorted(audit.values_list("object_id", flat=True)) == sorted(str(e.pk) for e in created.values())
    assert set(audit.values_list("actor_username", flat=True)) == {"town_a"}


def test_reimport_updates_existing_enterprises_by_uscc(client_for, town_user):
    client = client_for(town_user)
    rows = [
        registry_row(uscc_code(1), "临沂一号陶瓷有限公司"),
        registry_row(uscc_code(2), "临沂二号机械有限公司"),
    ]
    import_rows(client, rows)
    first_ids = set(Enterprise.objects.values_list("pk", flat=True))

    # when the same codes come again, one with a new name and scale
    rows[1] = registry_row(uscc_code(2), "临沂二号机械股份有限公司", 规模以上="否")
    response = import_rows(client, rows)

    # then the enterprise is updated in place, nothing is added, the unchanged row is left alone
    assert response.status_code == 302
    assert flash_messages(response)[-1] == "导入成功：新增 0 家，更新 1 家，未变 1 家。"
    assert set(Enterprise.objects.values_list("pk", flat=True)) == first_ids
    updated = Enterprise.objects.get(uscc=uscc_code(2))
    assert (updated.name, updated.is_above_scale) == ("临沂二号机械股份有限公司", False)
    assert AuditLog.objects.filter(action=AuditAction.IMPORT).count() == 3  # 2 created + 1 updated


def test_reimport_updates_an_enterprise_registered_by_hand(client_for, town_user, enterprise):
    client = client_for(town_user)

    response = import_rows(
        client, [registry_row(enterprise.uscc, "临沂甲陶瓷集团有限公司", 联系电话="0539-8222222")]
    )

    assert response.status_code == 302
    enterprise.refresh_from_db()
    assert (enterprise.name, enterprise.contact_phone) == ("临沂甲陶瓷集团有限公司", "0539-8222222")
    assert Enterprise.objects.count() == 1


def test_office_imports_into_the_towns_the_file_names(client_for, office_user, town, other_town):
    client = client_for(office_user)

    response = upload_registry(
        client,
        workbook_bytes(
            HEADERS,
            [
                registry_row(uscc_code(1), "罗庄一号有限公司", 所属街镇=town.name),
                registry_row(uscc_code(2), "傅庄二号有限公司", 所属街镇=other_town.name),
            ],
        ),
    )

    assert response.status_code == 302
    assert Enterprise.objects.get(uscc=uscc_code(1)).town == town
    assert Enterprise.objects.get(uscc=uscc_code(2)).town == other_town


def test_office_row_without_a_town_is_refused(client_for, office_user, town):
    client = client_for(office_user)

    response = upload_registry(
        client, workbook_bytes(HEADERS, [registry_row(uscc_code(1), "无街镇有限公司")])
    )

    assert response.status_code == 200
    errors = response.context["errors"]
    assert [e["row"] for e in errors] == [2]
    assert errors[0]["messages"][0].startswith("所属街镇：")
    assert not Enterprise.objects.exists()


# --- bad files: nothing is written, every bad row is listed ----------------------------------------


def test_file_with_bad_rows_imports_nothing_and_lists_every_bad_row(client_for, town_user, other_enterprise):
    # given an enterprise already registered in this town and a file with 3 good rows among bad ones
    client = client_for(town_user)
    existing = EnterpriseFactory(town=town_user.town, name="已登记有限公司")
    bad_check = uscc_code(10)[:-1] + ("0" if uscc_code(10)[-1] != "0" else "1")
    rows = [
        registry_row(uscc_code(1), "好一有限公司"),  # row 2
        registry_row(bad_check, "校验位错有限公司"),  # row 3
        registry_row(uscc_code(2), "好二有限公司", 所属街镇="罗庄街道"),  # row 4
        registry_row(uscc_code(11), "街镇不存在有限公司", 所属街镇="不存在街道"),  # row 5
        registry_row(uscc_code(12), "行业不存在有限公司", 行业代码="99"),  # row 6
        registry_row(uscc_code(13), "规上不明有限公司", 规模以上="也许"),  # row 7
        registry_row(uscc_code(14), "外街镇有限公司", 所属街镇="傅庄街道"),  # row 8
        registry_row(uscc_code(1), "好一重复有限公司"),  # row 9
        registry_row(other_enterprise.uscc, "别处已登记有限公司"),  # row 10
        registry_row(existing.uscc, "好三（更新）有限公司"),  # row 11
    ]

    # when it is uploaded
    response = import_rows(client, rows)

    # then the page lists each bad row by its Excel row number with the reason ...
    assert response.status_code == 200
    errors = {e["row"]: e["messages"] for e in response.context["errors"]}
    assert sorted(errors) == [3, 5, 6, 7, 8, 9, 10]
    expected_check = make_uscc("371311", 800010)[-1]
    assert errors[3] == [
        f"统一社会信用代码：统一社会信用代码校验码错误：第18位应为“{expected_check}”，"
        f"实为“{bad_check[-1]}”，请核对是否抄错。"
    ]
    assert errors[5] == ["所属街镇：街镇“不存在街道”不存在。"]
    assert errors[6] == ["行业代码：行业代码“99”不是国民经济行业分类大类代码。"]
    assert errors[7] == ["规模以上：应填写“是”或“否”，而不是“也许”。"]
    assert errors[8] == ["所属街镇：只能导入本街镇（罗庄街道）的企业。"]
    assert errors[9] == ["统一社会信用代码：与第 2 行的统一社会信用代码重复。"]
    already_registered = Enterprise().unique_error_message(Enterprise, ("uscc",)).messages[0]
    assert errors[10] == [f"统一社会信用代码：{already_registered}"]
    assert response.context["summary"] == "文件共 10 行，其中 7 行有误，未导入任何数据。请修改后重新上传。"
    page = response.content.decode()
    for number in (3, 5, 6, 7, 8, 9, 10):
        assert f"第 {number} 行</td>" in page
    assert "第 2 行</td>" not in page and "第 11 行" not in page
    assert "不存在街道" in page and "也许" in page

    # ... and nothing at all was written: no new rows, no update, no audit
    assert set(Enterprise.objects.values_list("uscc", flat=True)) == {existing.uscc, other_enterprise.uscc}
    existing.refresh_from_db()
    assert existing.name == "已登记有限公司"
    other_enterprise.refresh_from_db()
    assert other_enterprise.name == "临沂乙机械有限公司"
    assert other_enterprise.town != town_user.town
    assert not AuditLog.objects.filter(action=AuditAction.IMPORT).exists()


def test_duplicate_code_written_differently_is_still_a_duplicate(client_for, town_user):
    client = client_for(town_user)

    response = import_rows(
        client,
        [registry_row(uscc_code(1), "甲有限公司"), registry_row(f" {uscc_code(1).lower()} ", "乙有限公司")],
    )

    assert response.status_code == 200
    assert response.context["errors"] == [
        {"row": 3, "messages": ["统一社会信用代码：与第 2 行的统一社会信用代码重复。"]}
    ]
    assert not Enterprise.objects.exists()


def test_one_bad_row_at_the_end_rolls_back_the_good_rows_before_it(client_for, town_user):
    client = client_for(town_user)
    rows = [registry_row(uscc_code(i), f"好{i}有限公司") for i in range(1, 6)] + [
        registry_row(uscc_code(9), "坏有限公司", 行业代码="AB")
    ]

    response = import_rows(client, rows)

    assert [e["row"] for e in response.context["errors"]] == [7]
    assert not Enterprise.objects.exists()
    assert not AuditLog.objects.filter(action=AuditAction.IMPORT).exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "企业名录.csv",
            "统一社会信用代码,企业名称\n".encode(),
            "请上传 .xlsx 格式的 Excel 文件（可先下载模板）。",
        ),
        ("企业名录.xls", b"\xd0\xcf\x11\xe0 old excel", "请上传 .xlsx 格式的 Excel 文件（可先下载模板）。"),
        (
            "企业名录.xlsx",
            b"this is not a spreadsheet",
            "无法读取该 Excel 文件，请使用模板另存为 .xlsx 后重试。",
        ),
        ("企业名录.xlsx", b"", "提交的是空文件。"),
    ],
)
def test_unreadable_uploads_get_a_clear_error(client_for, town_user, name, content, message):
    client = client_for(town_user)

    response = upload_registry(client, content, name=name)

    assert response.status_code == 200
    assert response.context["form"].errors == {"file": [message]}
    assert message in response.content.decode()
    assert not Enterprise.objects.exists()


def test_file_with_headers_but_no_rows_is_refused(client_for, town_user):
    client = client_for(town_user)
    headers = template_headers(client)

    response = upload_registry(client, workbook_bytes(headers, [{}, {}]))  # blank rows do not count

    assert response.context["form"].errors == {"file": ["文件中没有数据行。"]}


def test_empty_workbook_is_refused_naming_the_missing_columns(client_for, town_user):
    client = client_for(town_user)

    response = upload_registry(client, workbook_bytes([], []))

    assert response.context["form"].errors == {
        "file": ["缺少列：统一社会信用代码、企业名称、所属街镇、行业代码。请使用下载的模板。"]
    }


def test_file_not_of_the_template_shape_names_the_missing_columns(client_for, town_user):
    client = client_for(town_user)

    response = upload_registry(
        client, workbook_bytes(["名称", "代码"], [{"名称": "甲", "代码": uscc_code(1)}])
    )

    assert response.context["form"].errors == {
        "file": ["缺少列：统一社会信用代码、企业名称、所属街镇、行业代码。请使用下载的模板。"]
    }
    assert not Enterprise.objects.exists()

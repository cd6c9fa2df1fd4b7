"""The registry import reads dates as officials type them, skips the template's example row (the
template says so), and a wrong check character in either bulk upload says it is the 校验码 and
which character was expected."""

import datetime
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from core.dates import parse_typed_date
from enterprises.models import Enterprise
from enterprises.uscc import check_character, make_uscc
from tests.enterprises.registry_workbooks import HEADERS, registry_row, upload_registry, workbook_bytes
from tests.pools.test_bulk_upload import _fill, _template
from tests.pools.test_bulk_upload import _row as nomination_row
from tests.pools.test_bulk_upload import _upload as nomination_upload

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "typed",
    [
        "2015/3/1",
        "2015-03-01",
        "2015年3月1日",
        "2015.3.1",
        "2015 年 3 月 1 日",
        "20150301",
        42064,
        42064.0,
        datetime.datetime(2015, 3, 1),
        datetime.date(2015, 3, 1),
    ],
)
def test_every_date_form_officials_type_reads_as_the_date(typed):
    assert parse_typed_date(typed) == datetime.date(2015, 3, 1)


@pytest.mark.parametrize("typed", ["2015/13/1", "2015/2/30", "三月一日", 42064.5, -3])
def test_what_is_not_a_date_says_so_in_chinese(typed):
    with pytest.raises(ValueError, match="日期"):
        parse_typed_date(typed)


def test_the_registry_import_reads_typed_dates_and_excel_date_cells(client_for, town_user, town):
    rows = [
        registry_row(
            make_uscc("371311", 900001), "临沂日期一有限公司", 所属街镇=town.name, 成立日期="2015/3/1"
        ),
        registry_row(
            make_uscc("371311", 900002), "临沂日期二有限公司", 所属街镇=town.name, 成立日期="2015年3月1日"
        ),
        registry_row(
            make_uscc("371311", 900003), "临沂日期三有限公司", 所属街镇=town.name, 成立日期="2015.3.1"
        ),
        registry_row(
            make_uscc("371311", 900004),
            "临沂日期四有限公司",
            所属街镇=town.name,
            成立日期=datetime.date(2015, 3, 1),
        ),
        registry_row(make_uscc("371311", 900005), "临沂日期五有限公司", 所属街镇=town.name, 成立日期=42064),
    ]
    response = upload_registry(client_for(town_user), workbook_bytes(HEADERS, rows))
    assert response.status_code == 302, response.content.decode()[:2000]
    dates = set(
        Enterprise.objects.filter(name__startswith="临沂日期").values_list("established_on", flat=True)
    )
    assert dates == {datetime.date(2015, 3, 1)}
    assert Enterprise.objects.filter(name__startswith="临沂日期").count() == 5


def test_the_templates_example_row_is_skipped_and_the_template_says_so(client_for, town_user, town):
    client = client_for(town_user)
    template = client.get("/enterprises/import/template.xlsx").content
    book = load_workbook(BytesIO(template))
    notes = " ".join(str(c.value) for row in book["填写说明"].iter_rows() for c in row if c.value)
    assert "示例" in notes and "自动跳过" in notes
    assert str(book.worksheets[0]["B2"].value).startswith("示例")
    # the template uploaded as downloaded registers nothing
    before = Enterprise.objects.count()
    response = client.post("/enterprises/import/", {"file": SimpleUploadedFile("t.xlsx", template)})
    assert response.status_code in (200, 302)
    assert Enterprise.objects.count() == before
    # and the example row beside a real one: only the real one is registered
    wb = load_workbook(BytesIO(template))
    ws = wb.worksheets[0]
    real = registry_row(make_uscc("371311", 900010), "临沂真实有限公司", 所属街镇=town.name)
    ws.append([real.get(h, "") for h in HEADERS])
    buffer = BytesIO()
    wb.save(buffer)
    assert (
        client.post(
            "/enterprises/import/", {"file": SimpleUploadedFile("t.xlsx", buffer.getvalue())}
        ).status_code
        == 302
    )
    assert Enterprise.objects.count() == before + 1
    assert not Enterprise.objects.filter(name__startswith="示例").exists()


def _wrong_check(code: str) -> tuple[str, str]:
    expected = check_character(code[:17])
    wrong = "1" if expected != "1" else "2"
    return code[:17] + wrong, expected


def test_a_wrong_check_character_in_the_registry_upload_names_the_expected_one(client_for, town_user, town):
    bad, expected = _wrong_check(make_uscc("371311", 900020))
    response = upload_registry(
        client_for(town_user),
        workbook_bytes(HEADERS, [registry_row(bad, "临沂校验有限公司", 所属街镇=town.name)]),
    )
    text = response.content.decode()
    assert "校验码错误" in text and f"第18位应为“{expected}”" in text


def test_a_wrong_check_character_in_the_nomination_upload_names_the_expected_one(
    backbone, town_user, client_for, enterprise, django_capture_on_commit_callbacks
):
    client = client_for(town_user)
    bad, expected = _wrong_check(enterprise.uscc)
    content = _fill(_template(client), [nomination_row(enterprise, uscc=bad)])
    _job, page = nomination_upload(client, backbone, content, django_capture_on_commit_callbacks)
    assert "校验码错误" in page and f"第18位应为“{expected}”" in page
    assert "不是本街镇登记的企业" not in page


def test_a_valid_code_of_no_enterprise_here_still_says_it_is_not_registered(
    backbone, town_user, client_for, django_capture_on_commit_callbacks
):
    client = client_for(town_user)
    content = _fill(_template(client), [nomination_row(None, uscc=make_uscc("371311", 900030))])
    _job, page = nomination_upload(client, backbone, content, django_capture_on_commit_callbacks)
    assert "不是本街镇登记的企业" in page

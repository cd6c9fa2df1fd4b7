"""Invisible control characters (a bell, a NUL) and direction overrides (U+202E) are refused in every
text input with one sentence: in forms (core.forms.BootstrapFormMixin) and in the API (core.parsers).
and in the Excel reader (core.xlsx.read_xlsx), which names the cell and imports nothing."""

import json

import pytest
from django.core.exceptions import ValidationError

from core.text import CONTROL_CHARS_MESSAGE, reject_control_chars
from enterprises.forms import EnterpriseForm
from pools.forms import CommentForm

pytestmark = pytest.mark.django_db
MESSAGE = str(CONTROL_CHARS_MESSAGE)
SPOOFED = "a\u202eb\u0007c"


@pytest.mark.parametrize("text", ["a\u202eb", "a\u0007b", "a\x00b", "a\x85b", "a\u2066b", "a\u200fb", "a\tb"])
def test_the_rule_refuses_controls_and_direction_marks(text):
    with pytest.raises(ValidationError) as caught:
        reject_control_chars(text)
    assert caught.value.messages == [MESSAGE]


def test_the_rule_keeps_ordinary_text_and_line_breaks_in_multi_line_text():
    assert reject_control_chars("临沂甲陶瓷有限公司 (A-1)") == "临沂甲陶瓷有限公司 (A-1)"
    assert reject_control_chars("第一行\r\n第二行\t说明", multiline=True) == "第一行\r\n第二行\t说明"


def test_a_form_refuses_a_spoofed_enterprise_name(enterprise, office_user):
    # given the registry form with a name holding an override and a bell
    data = {
        "uscc": enterprise.uscc,
        "name": SPOOFED,
        "town": enterprise.town_id,
        "industry": enterprise.industry_id,
        "status": enterprise.status,
        "contact_name": "李四",
        "contact_phone": "0539-8000000",
    }
    form = EnterpriseForm(data, instance=enterprise, user=office_user)
    # then it is invalid, with the sentence beside the name
    assert not form.is_valid()
    assert form.errors["name"] == [MESSAGE]


def test_a_textarea_keeps_line_breaks_but_refuses_an_override():
    assert CommentForm({"comment": "材料齐全。\r\n同意。"}).is_valid()
    form = CommentForm({"comment": "同意\u202e。"})
    assert not form.is_valid()
    assert form.errors["comment"] == [MESSAGE]


def test_the_api_refuses_a_spoofed_enterprise_name(client_for, enterprise, office_user):
    # when the office patches an enterprise's name with an override and a bell
    response = client_for(office_user).patch(
        f"/api/v1/enterprises/{enterprise.pk}/",
        json.dumps({"name": SPOOFED}),
        content_type="application/json",
    )
    # then it is refused, the field named, and nothing stored
    assert response.status_code == 400
    assert response.json() == {"name": [MESSAGE]}
    enterprise.refresh_from_db()
    assert enterprise.name == "临沂甲陶瓷有限公司"


def test_the_api_refuses_controls_in_nested_values_and_form_bodies(client_for, enterprise, office_user):
    client = client_for(office_user)
    nested = client.post(
        "/api/v1/pools/backbone/check/",
        json.dumps({"metrics": {"output\u0000value": "1"}}),
        content_type="application/json",
    )
    assert nested.status_code == 400
    assert nested.json() == {"metrics": [MESSAGE]}
    form_body = client.patch(
        f"/api/v1/enterprises/{enterprise.pk}/",
        "name=a%E2%80%AEb",
        content_type="application/x-www-form-urlencoded",
    )
    assert form_body.status_code == 400
    assert form_body.json() == {"name": [MESSAGE]}


def test_the_excel_reader_refuses_a_direction_override_by_its_cell():
    from io import BytesIO

    from django.core.files.uploadedfile import SimpleUploadedFile
    from openpyxl import Workbook

    from core.xlsx import WorkbookError, read_xlsx

    # given a registry sheet whose second data row names an enterprise with U+202E inside
    wb = Workbook()
    wb.active.append(["统一社会信用代码", "企业名称"])
    wb.active.append(["91371311MA3C000001", "临沂甲陶瓷有限公司"])
    wb.active.append(["91371311MA3C000002", "临沂\u202e乙机械有限公司"])
    buffer = BytesIO()
    wb.save(buffer)
    # when it is read, then the file is refused naming row 3, column B, and the text is not echoed
    with pytest.raises(WorkbookError) as caught:
        read_xlsx(SimpleUploadedFile("名录.xlsx", buffer.getvalue()), max_rows=10)
    assert "第 3 行第 B 列含有不可见的控制字符" in str(caught.value)
    assert "乙机械" not in str(caught.value)


def test_the_excel_reader_keeps_line_breaks_inside_a_cell():
    from io import BytesIO

    from django.core.files.uploadedfile import SimpleUploadedFile
    from openpyxl import Workbook

    from core.xlsx import read_xlsx

    wb = Workbook()
    wb.active.append(["说明"])
    wb.active.append(["第一行\n第二行"])
    buffer = BytesIO()
    wb.save(buffer)
    dataset = read_xlsx(SimpleUploadedFile("说明.xlsx", buffer.getvalue()), max_rows=10)
    assert dataset[0][0] == "第一行\n第二行"

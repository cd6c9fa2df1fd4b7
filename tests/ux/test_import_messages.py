"""Excel imports speak the portal's words: a date the library cannot read, a phone "abc" and a name over
its length each get a Chinese sentence on their row, never the library's English or a silent cut."""

import pytest

from tests.enterprises.registry_workbooks import import_rows, registry_row, uscc_code

pytestmark = pytest.mark.django_db


def test_bad_cells_are_chinese_sentences_on_their_rows(client_for, town_user):
    response = import_rows(
        client_for(town_user),
        [
            registry_row(uscc_code(31), "日期错有限公司", 成立日期="某年某月"),  # row 2
            registry_row(uscc_code(32), "电话错有限公司", 联系电话="abc"),  # row 3
            registry_row(uscc_code(33), "临" * 120),  # row 4
        ],
    )
    errors = {e["row"]: e["messages"] for e in response.context["errors"]}
    text = str(errors)
    assert "Value could not be parsed" not in text
    assert errors[2] == ["成立日期：“某年某月”不是日期，请填写如 2015-03-01、2015/3/1 或 2015年3月1日。"]
    assert "请填写有效的电话号码" in errors[3][0] and errors[3][0].startswith("联系电话：")
    assert errors[4] == ["企业名称：最多 100 个字（现为 120 个），请删减后再保存。"]

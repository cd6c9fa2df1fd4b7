"""core.messages: the one mapping from rules', libraries' and Django's wording to the portal's sentences."""

from decimal import Decimal

import pytest
from django import forms
from django.utils import translation

from core.forms import BootstrapFormMixin
from core.messages import field_messages, number_limit, plain, plain_tree, too_large


class MoneyForm(BootstrapFormMixin, forms.Form):
    amount = forms.DecimalField(label="总投资（万元）", max_digits=14, decimal_places=2, min_value=0)
    score = forms.DecimalField(label="得分", max_digits=6, decimal_places=2, required=False)
    note = forms.CharField(label="说明", max_length=10, required=False)
    count = forms.IntegerField(label="人数", max_value=100, required=False)
    day = forms.DateField(label="日期", required=False)


def _errors(data) -> dict:
    form = MoneyForm(data)
    assert not form.is_valid()
    return form.errors


@pytest.mark.parametrize(
    "library, ours",
    [
        ("Value could not be parsed using defined formats.", "日期无法识别"),
        ("Value could not be parsed.", "无法识别该值"),
        ("[<class 'decimal.ConversionSyntax'>]", "须为数字"),
        ("the value's magnitude exceeds the maximum of 4300 digits allowed", "数值过大"),
        ("确保该变量包含不超过 100 字符 (目前字符数 120)。", "最多 100 个字（现为 120 个）"),
        ("Ensure this value has at most 100 characters (it has 120).", "最多 100 个字（现为 120 个）"),
        ("确保该值小于或等于2147483647。", "不能大于 2147483647。"),
        ("确认总共不超过 16 个数字.", "数值过大：最多 16 位数字。"),
        ("确认小数不超过 2 位.", "最多保留 2 位小数。"),
    ],
)
def test_library_messages_become_sentences(library, ours):
    assert ours in plain(library)
    assert plain(library).endswith("。")


def test_our_own_sentences_pass_unchanged():
    assert plain("截止日期不能早于开始日期。") == "截止日期不能早于开始日期。"


def test_error_structures_are_mapped_throughout():
    data = {"file": ["Value could not be parsed."], "rows": [{"date": "Enter a valid date."}], "n": 3}
    assert plain_tree(data) == {
        "file": ["无法识别该值，请按模板的格式填写。"],
        "rows": [{"date": "请输入有效的日期。"}],
        "n": 3,
    }


def test_the_largest_value_of_a_decimal_field():
    assert number_limit(14, 2) == Decimal("999999999999.99")
    assert number_limit(6, 2) == Decimal("9999.99")


def test_too_many_digits_states_the_limit_in_wan_yuan():
    message = _errors({"amount": "99999999999999999"})["amount"][0]
    assert message == "数值过大：最多为 999,999,999,999.99 万元，请确认单位为万元（不是元）。"
    assert "确认总共不超过" not in message
    assert too_large(6, 2) == "数值过大：最多为 9,999.99。"


def test_a_negative_amount_and_too_many_decimals_are_sentences():
    assert _errors({"amount": "-5"})["amount"] == ["不能为负数。"]
    assert _errors({"amount": "1.234"})["amount"] == ["最多保留 2 位小数。"]
    assert _errors({"amount": "abc"})["amount"] == ["须为数字。"]


def test_text_over_its_length_says_the_limit_and_the_count():
    errors = _errors({"amount": "1", "note": "一二三四五六七八九十十一"})
    assert errors["note"] == ["最多 10 个字（现为 12 个），请删减后再保存。"]


def test_integer_bounds_and_dates_are_sentences():
    errors = _errors({"amount": "1", "count": "101", "day": "2015/13/45"})
    assert errors["count"] == ["不能大于 100。"]
    assert errors["day"] == ["请输入有效的日期，如 2015-03-01。"]


def test_a_form_s_own_message_is_kept():
    field = forms.CharField(max_length=5, error_messages={"max_length": "名称太长。"})
    assert field_messages(field)["max_length"] != "名称太长。"

    class Own(BootstrapFormMixin, forms.Form):
        name = forms.CharField(max_length=5, error_messages={"max_length": "名称太长。"})

    form = Own({"name": "一二三四五六"})
    assert form.errors["name"] == ["名称太长。"]


def test_messages_are_english_when_english_is_chosen():
    with translation.override("en"):
        form = MoneyForm({"amount": "-1"})
        assert form.errors["amount"] == ["Cannot be negative."]
        assert (
            plain("Value could not be parsed.")
            == "The value could not be read; fill it in as the template shows."
        )

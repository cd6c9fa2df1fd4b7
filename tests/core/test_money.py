"""Money is stored in 万元 and shown as officials write it: 1,234.50 万元, 150 亿元, — for no value."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from core.money import format_measure, format_money, format_wan, to_decimal


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("1234.5"), "1,234.50 万元"),
        (Decimal("1234567.891"), "1,234,567.89 万元"),  # thousands separators, 2 places
        (Decimal("0"), "0.00 万元"),
        (0, "0.00 万元"),
        (Decimal("0.005"), "0.01 万元"),  # half up, as accountants round
        (Decimal("9999.994"), "9,999.99 万元"),
        ("12.3", "12.30 万元"),  # from a form or a file
        (1.1, "1.10 万元"),  # floats go through str(), no binary noise
        (Decimal("-0.005"), "-0.01 万元"),
    ],
)
def test_format_wan_two_places_with_grouping(value, expected):
    assert format_wan(value) == expected


def test_format_wan_other_precision():
    assert format_wan(Decimal("1234.5678"), places=4) == "1,234.5678 万元"
    assert format_wan(Decimal("1234.5"), places=0) == "1,235 万元"


@pytest.mark.parametrize("empty", [None, ""])
def test_no_value_is_a_dash(empty):
    assert format_wan(empty) == "—"
    assert format_money(empty) == "—"
    assert format_measure(empty, "万元") == "—"
    assert format_measure(empty, "%") == "—"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("2000"), "2,000.00 万元"),  # below 1亿: 万元
        (Decimal("9999.99"), "9,999.99 万元"),
        (Decimal("10000"), "1 亿元"),  # 1亿 and more: 亿元, without trailing zeros
        (Decimal("15000"), "1.5 亿元"),
        (Decimal("12345"), "1.23 亿元"),  # two places at most
        (Decimal("10000.4"), "1 亿元"),
        (Decimal("100000"), "10 亿元"),
        (Decimal("500000"), "50 亿元"),  # 产值50亿元以上
        (Decimal("1500000"), "150 亿元"),
        (Decimal("8000000"), "800 亿元"),  # the 2019 above-scale output target
        (Decimal("10000000"), "1,000 亿元"),  # grouping in 亿元 too
        (Decimal("123456789"), "12,345.68 亿元"),
        (Decimal("-15000"), "-1.5 亿元"),  # a fall of 1.5亿
    ],
)
def test_format_money_switches_to_yi_from_one_yi(value, expected):
    assert format_money(value) == expected


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (Decimal("15"), "%", "15%"),  # 增长15%以上
        (Decimal("1.50"), "%", "1.5%"),  # 超1.5%: trailing zeros dropped
        (Decimal("100"), "%", "100%"),  # not 1E+2%
        (Decimal("500000"), "万元", "50 亿元"),  # money units go through format_money
        (Decimal("2000"), "万元", "2,000.00 万元"),
        (Decimal("1000"), "家", "1,000 家"),
        (Decimal("1234.500"), "吨", "1,234.5 吨"),
        (Decimal("20"), "", "20"),
        (Decimal("1E+3"), "", "1,000"),
    ],
)
def test_format_measure_units(value, unit, expected):
    assert format_measure(value, unit) == expected


def test_to_decimal():
    assert to_decimal(None) is None
    assert to_decimal("") is None
    assert to_decimal(Decimal("1.10")) == Decimal("1.10")
    assert to_decimal(0.1) == Decimal("0.1")
    assert to_decimal(3) == Decimal(3)


def test_template_filters_use_the_same_formatting():
    rendered = Template("{% load portal %}{{ v|wan }}|{{ v|yuan }}|{{ p|measure:'%' }}|{{ n|wan }}").render(
        Context({"v": Decimal("150000"), "p": Decimal("15.0"), "n": None})
    )

    assert rendered == "150,000.00 万元|15 亿元|15%|—"

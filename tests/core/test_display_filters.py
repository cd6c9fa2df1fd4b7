"""The portal's one set of display filters (core/templatetags/portal.py): a table's money column names
its unit in the header and holds numbers with two decimals; percentages have one decimal, counts none;
dates are 2026-12-01 in tables, 2026-12-01 09:30 (Beijing time) for points in time, and 2026年12月1日 /
1 Dec 2026 in headings and papers."""

import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from core.money import amount_cell, count_cell, measure_cell, percent_cell, unit_suffix

UTC = datetime.UTC


def render(source: str, **context) -> str:
    return Template("{% load portal %}" + source).render(Context(context))


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (Decimal("824.244"), "万元", "824.24"),
        (Decimal("12100"), "万元", "12,100.00"),  # 1.21亿 stays in the column's 万元
        (Decimal("12100"), "亿元", "1.21"),
        (Decimal("8000000"), "亿元", "800.00"),
        (Decimal("0"), "万元", "0.00"),
        (Decimal("-0.005"), "万元", "-0.01"),
        (None, "万元", "—"),
        ("", "亿元", "—"),
    ],
)
def test_an_amount_cell_is_a_number_in_the_columns_unit(value, unit, expected):
    assert amount_cell(value, unit) == expected


def test_an_amount_kept_in_yuan_is_shown_in_wan_yi_or_yuan_to_the_cent():
    assert amount_cell(Decimal("5000000"), "万元", from_yuan=True) == "500.00"
    assert amount_cell(Decimal("100000000"), "亿元", from_yuan=True) == "1.00"
    assert amount_cell(Decimal("1234567.89"), "元", from_yuan=True) == "1,234,567.89"


def test_percentages_have_one_decimal_and_counts_none():
    assert percent_cell(Decimal("66.66")) == "66.7%"
    assert percent_cell(Decimal("100")) == "100.0%"
    assert percent_cell(Decimal("0.1234"), ratio=True) == "12.3%"
    assert percent_cell(None) == "—"
    assert count_cell(1234) == "1,234"
    assert count_cell(Decimal("3.0")) == "3"


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (Decimal("500000"), "万元", "500,000.00"),  # never "50 亿元" in one row and "万元" in the next
        (Decimal("500000"), "亿元", "50.00"),
        (Decimal("15"), "%", "15.0%"),
        (Decimal("1200"), "人", "1,200"),
        (Decimal("1234.500"), "吨", "1,234.5"),
    ],
)
def test_an_indicator_cell_follows_its_unit(value, unit, expected):
    assert measure_cell(value, unit) == expected


def test_the_header_unit_reads_in_the_language_of_the_page():
    with translation.override("zh-hans"):
        assert unit_suffix("万元") == "（万元）" and unit_suffix("亿元") == "（亿元）"
        assert render('{% unit "元" %}') == "（元）"
    with translation.override("en"):
        assert unit_suffix("万元") == " (10k yuan)"
        assert unit_suffix("亿元") == " (100m yuan)"
        assert render('{% unit "元" %}') == " (yuan)"
    assert unit_suffix("%") == "" and unit_suffix("") == ""  # the cells carry the sign


def test_template_filters_give_the_same_cells():
    rendered = render(
        "{{ v|amount }}|{{ v|amount:'亿元' }}|{{ y|amount_yuan }}|{{ p|pct }}|{{ r|ratio_pct }}|{{ n|count }}"
        "|{{ v|measure_cell:u }}|{{ u|yi_unit }}",
        v=Decimal("12100"),
        y=Decimal("1500000"),
        p=Decimal("12.35"),
        r=Decimal("0.5"),
        n=12000,
        u="万元",
    )
    assert rendered == "12,100.00|1.21|150.00|12.4%|50.0%|12,000|12,100.00|亿元"


def test_dates_have_one_style_per_context_in_beijing_time():
    moment = datetime.datetime(2026, 11, 30, 17, 5, tzinfo=UTC)  # 2026-12-01 01:05 in Beijing
    source = "{{ t|day }}|{{ t|moment }}|{{ t|longdate }}|{{ d|longdate }}|{{ none|day }}"
    with translation.override("zh-hans"):
        zh = render(source, t=moment, d=datetime.date(2026, 3, 9), none=None)
    with translation.override("en"):
        en = render(source, t=moment, d=datetime.date(2026, 3, 9), none=None)
    assert zh == "2026-12-01|2026-12-01 01:05|2026年12月1日|2026年3月9日|"
    assert en == "2026-12-01|2026-12-01 01:05|1 Dec 2026|9 Mar 2026|"

"""The figure rules without a database: 同比, unknown growth, shares, entry validation, gaps."""

from decimal import Decimal

import pytest

from reporting.figures import (
    Resolved,
    explain_growth,
    gap_percent,
    growth_rate,
    is_large_gap,
    parse_amount,
    share,
)

D = Decimal


@pytest.mark.parametrize(
    ("current", "previous", "expected"),
    [
        (D("115"), D("100"), D("15.00")),
        (D("80"), D("100"), D("-20.00")),
        (D("100"), D("100"), D("0.00")),
        (D("1"), D("3"), D("-66.67")),  # rounded half up to two places
        (D("2"), D("3"), D("-33.33")),
        (D("0"), D("50"), D("-100.00")),
    ],
)
def test_growth_is_this_minus_last_over_last(current, previous, expected):
    assert growth_rate(current, previous) == expected


@pytest.mark.parametrize(
    ("current", "previous"),
    [
        (D("100"), None),  # last year missing
        (D("100"), D("0")),  # last year zero: no rate, not infinity
        (None, D("100")),  # this year missing
        (None, None),
    ],
)
def test_growth_is_unknown_not_zero(current, previous):
    assert growth_rate(current, previous) is None


def test_explanation_shows_the_working_and_the_sources():
    current = Resolved(code="output", year=2018, month=0, value=D("115.00"), source="official")
    previous = Resolved(code="output", year=2017, month=0, value=D("100.00"), source="self")
    growth = explain_growth("output", current, previous)
    assert growth.rate == D("15.00")
    assert "（115.00 − 100.00）÷ 100.00 × 100 = 15.00%" in growth.explanation
    assert "2018年统计数据" in growth.explanation and "2017年企业自报" in growth.explanation
    assert growth.source_label == "统计数据、企业自报"


def test_explanation_says_why_growth_is_unknown():
    current = Resolved(code="tax", year=2018, month=0, value=D("5.00"), source="self")
    missing = explain_growth("tax", current, Resolved(code="tax", year=2017, month=0))
    assert missing.rate is None and "上年同期（2017年）无数据，增幅未知" in missing.explanation
    zero = explain_growth(
        "tax", current, Resolved(code="tax", year=2017, month=0, value=D("0"), source="official")
    )
    assert zero.rate is None and "为0，增幅无法计算" in zero.explanation


def test_monthly_amount_is_the_year_to_date():
    january = Resolved(code="output", year=2019, month=1, value=D("10"), ytd=D("10"))
    march = Resolved(code="output", year=2019, month=3, value=D("12"), ytd=D("35"))
    assert (january.amount, march.amount) == (D("10"), D("35"))
    assert Resolved(code="employees", year=2019, month=3, value=D("120")).amount == D("120")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1234.5", D("1234.50")),
        ("1,234.56", D("1234.56")),
        (" 0 ", D("0.00")),
        (12, D("12.00")),
        ("", None),
        (None, None),
    ],
)
def test_money_is_parsed_to_two_decimals(raw, expected):
    assert parse_amount(raw, code="output") == expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("-1", "不能为负数"),
        ("1.234", "最多保留两位小数"),
        ("abc", "不是数字"),
        ("1e400", "数值过大"),
        ("NaN", "不是数字"),
        (True, "须为数字"),
    ],
)
def test_bad_money_is_refused_with_a_reason(raw, message):
    with pytest.raises(ValueError, match=message):
        parse_amount(raw, code="output")


def test_head_count_is_a_whole_number():
    assert parse_amount("120", code="employees") == D("120")
    with pytest.raises(ValueError, match="整数"):
        parse_amount("120.5", code="employees")


def test_share_and_gap():
    assert share(D("15"), D("1000")) == D("1.50")
    assert share(D("15"), D("0")) is None and share(None, D("1")) is None
    assert gap_percent(D("100"), D("112")) == D("12.00")
    assert is_large_gap(D("100"), D("112"), D("10")) and not is_large_gap(D("100"), D("110"), D("10"))
    assert is_large_gap(D("0"), D("5"), D("10")) and not is_large_gap(D("0"), D("0"), D("10"))
    assert not is_large_gap(None, D("5"), D("10"))

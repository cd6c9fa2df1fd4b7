"""The portal's one set of display filters (load with `{% load portal %}`).

Tables: the column header names the unit and the cells hold numbers only —
`{{ v|amount }}` (万元, two decimals, grouped), `{{ v|amount:"亿元" }}`, `{{ v|amount_yuan }}` for a figure
kept in 元 (the funds' ledger), `{{ p|pct }}` (one decimal), `{{ r|ratio_pct }}` (0.123 → 12.3%),
`{{ n|count }}`, `{{ v|measure_cell:unit }}` with `{{ unit|unit_label }}` in the row label.
Prose and stat cards carry the unit: `{{ v|wan }}`, `{{ v|yuan }}` (亿元 from 1亿), `{{ v|measure:unit }}`.
Dates: `{{ d|day }}` 2026-12-01 (tables), `{{ t|moment }}` 2026-12-01 09:30 (Beijing time),
`{{ d|longdate }}` 2026年12月1日 / 1 Dec 2026 (headings, prose, papers).
"""

from django import template
from django.utils.http import urlencode

from core import dates, money

register = template.Library()


@register.filter
def wan(value):
    return money.format_wan(value)


@register.filter
def yuan(value):
    return money.format_money(value)


@register.filter
def rmb(value):
    """An amount in 元 (the ledger's unit) in prose: 万元, or 亿元 from 1亿."""
    amount = money.to_decimal(value)
    if amount is None:
        return "—"
    return money.format_money(amount / money.TEN_THOUSAND)


@register.filter
def measure(value, unit):
    return money.format_measure(value, unit)


@register.filter
def amount(value, unit="万元"):
    return money.amount_cell(value, unit)


@register.filter
def amount_yuan(value, unit="万元"):
    return money.amount_cell(value, unit, from_yuan=True)


@register.filter
def pct(value):
    return money.percent_cell(value)


@register.filter
def ratio_pct(value):
    return money.percent_cell(value, ratio=True)


# The funds' pages called it so; the same one-decimal percentage of a ratio.
register.filter("percent", ratio_pct)


@register.filter
def count(value):
    return money.count_cell(value)


@register.filter
def measure_cell(value, unit):
    return money.measure_cell(value, unit)


@register.filter
def yi_unit(unit):
    """The unit a district-scale figure is shown in: money in 亿元 (as the programme's targets are
    written: 800亿元), other units unchanged. Use with `measure_cell` and `{% unit %}`."""
    return "亿元" if unit == "万元" else unit


@register.filter
def unit_label(unit):
    return money.unit_label(unit or "")


@register.simple_tag
def unit(name):
    """A column header's unit: "（万元）" in Chinese, " (10k yuan)" in English."""
    return money.unit_suffix(name)


# Dates, one style per context (core/dates.py): `day` 2026-12-01 in a table, `moment` 2026-12-01 09:30
# (Beijing time), `longdate` 2026年12月1日 / 1 Dec 2026 in a heading, a sentence or a paper.
for _name, _format in (
    ("day", dates.table_date),
    ("moment", dates.table_datetime),
    ("longdate", dates.long_date),
):
    register.filter(_name, _format, expects_localtime=True)


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters replaced (pagination keeps filters)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    return "?" + urlencode(sorted(params.lists()), doseq=True)


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None

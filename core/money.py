"""Money is Decimal in 万元; pages show 亿元 where the text does (values of 1亿 and more)."""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

TEN_THOUSAND = Decimal(10000)


def to_decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    return value if isinstance(value, Decimal) else Decimal(str(value))


def format_wan(value, places: int = 2) -> str:
    amount = to_decimal(value)
    if amount is None:
        return "—"
    quantum = Decimal(1).scaleb(-places)
    unit = _("万元")
    return f"{number_format(amount.quantize(quantum, ROUND_HALF_UP), places, force_grouping=True)} {unit}"


def format_money(value) -> str:
    """1,500,000 万元 → "150 亿元"; 2,000 万元 → "2,000.00 万元"."""
    amount = to_decimal(value)
    if amount is None:
        return "—"
    if abs(amount) >= TEN_THOUSAND:
        yi = (amount / TEN_THOUSAND).quantize(Decimal("0.01"), ROUND_HALF_UP).normalize()
        places = max(0, -yi.as_tuple().exponent)
        unit = _("亿元")
        return f"{number_format(yi, places, force_grouping=True)} {unit}"
    return format_wan(amount)


# Units shown after a number; listed so that their translations are extracted.
UNIT_LABELS = {"个": gettext_lazy("个"), "人": gettext_lazy("人"), "家": gettext_lazy("家")}


def format_measure(value, unit: str) -> str:
    amount = to_decimal(value)
    if amount is None:
        return "—"
    if unit == "万元":
        return format_money(amount)
    normal = amount.normalize()
    places = max(0, -normal.as_tuple().exponent)
    text = number_format(normal, places, force_grouping=True)
    label = UNIT_LABELS.get(unit, unit)
    return f"{text}%" if unit == "%" else f"{text} {label}".strip()


# --- Table cells: the unit is in the column header, the cell holds the number only -----------------
# One unit per column: a column says （万元） or （亿元） and every cell of it is in that unit, with two
# decimals and thousands separators; percentages have one decimal and counts none.

MONEY_UNITS = {"元": Decimal("0.0001"), "万元": Decimal(1), "亿元": TEN_THOUSAND}
MONEY_UNIT_LABELS = {"万元": gettext_lazy("万元"), "亿元": gettext_lazy("亿元"), "元": gettext_lazy("元")}


def _grouped(amount: Decimal, places: int) -> str:
    quantum = Decimal(1).scaleb(-places)
    return number_format(amount.quantize(quantum, ROUND_HALF_UP), places, force_grouping=True)


def amount_cell(value, unit: str = "万元", *, from_yuan: bool = False) -> str:
    """A money cell: `value` in 万元 (in 元 when `from_yuan`), shown in `unit` (万元, 亿元, or 元 for the
    funds' books, which are kept to the cent) with two decimals: 123456.7 → "123,456.70"; as 亿元 →
    "12.35"; no value → "—"."""
    amount = to_decimal(value)
    if amount is None:
        return "—"
    if from_yuan:
        amount = amount / TEN_THOUSAND
    return _grouped(amount / MONEY_UNITS[unit], 2)


def percent_cell(value, *, ratio: bool = False) -> str:
    """A percentage with one decimal: 12.345 → "12.3%"; a ratio (0.1234) when `ratio`."""
    amount = to_decimal(value)
    if amount is None:
        return "—"
    return f"{_grouped(amount * 100 if ratio else amount, 1)}%"


def count_cell(value) -> str:
    """A count: an integer with thousands separators."""
    amount = to_decimal(value)
    if amount is None:
        return "—"
    return _grouped(amount, 0)


COUNT_UNITS = frozenset(UNIT_LABELS)


def measure_cell(value, unit: str) -> str:
    """A figure of an indicator in a table whose row names the unit: money in 万元 with two decimals,
    percentages with one, counts as integers, other units as given (trailing zeros dropped)."""
    amount = to_decimal(value)
    if amount is None:
        return "—"
    if unit in MONEY_UNITS:
        return amount_cell(amount, unit)
    if unit == "%":
        return percent_cell(amount)
    if unit in COUNT_UNITS:
        return count_cell(amount)
    normal = amount.normalize()
    exponent = normal.as_tuple().exponent
    return number_format(normal, max(0, -exponent) if isinstance(exponent, int) else 0, force_grouping=True)


def unit_label(unit: str) -> str:
    """The unit as a header or row label shows it: "万元" → 万元 (English: 10k yuan); "" → ""."""
    if not unit:
        return ""
    return str(MONEY_UNIT_LABELS.get(unit) or UNIT_LABELS.get(unit) or unit)


def unit_suffix(unit: str) -> str:
    """A header's unit: "（万元）" in Chinese, " (10k yuan)" in English; none for "" or "%" (the cells
    carry the sign)."""
    label = unit_label(unit or "")
    if not label or label == "%":
        return ""
    return _("（%(unit)s）") % {"unit": label}

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

"""The figures enterprises report and departments import, and how growth (同比) is derived from them.

Pure functions only (no queries): the selectors fetch rows and call these, so the rules are tested
without a database and the page, the API, the export and the nomination prefill all compute alike.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from programs.models import Metric

CENT = Decimal("0.01")
ANNUAL = 0  # month 0 holds the figure of the whole year
MAX_VALUE = Decimal("999999999999.99")  # 14 digits, two decimals: the column's precision


class FigureCode(models.TextChoices):
    """Figures of items 7–19 (产值, 主营业务收入, 纳税额, 投资额, 研发投入, 高端产品收入, 个性化定制订单额) and
    employees. Money in 万元 with two decimals, employees in persons."""

    OUTPUT = "output", gettext_lazy("产值")
    MAIN_REVENUE = "main_revenue", gettext_lazy("主营业务收入")
    TAX = "tax", gettext_lazy("纳税额")
    FIXED_ASSET_INVESTMENT = "fixed_asset_investment", gettext_lazy("固定资产投资")
    RD_SPENDING = "rd_spending", gettext_lazy("研发投入")
    HIGH_END_REVENUE = "high_end_revenue", gettext_lazy("高端产品收入")
    CUSTOM_ORDER_VALUE = "custom_order_value", gettext_lazy("个性化定制订单额")
    EMPLOYEES = "employees", gettext_lazy("从业人员")


FIGURE_CODES = list(FigureCode.values)
# A stock, not a flow: the month's figure is the head count at its end; there is no year-to-date.
NOT_CUMULATIVE = frozenset({FigureCode.EMPLOYEES})
CUMULATIVE = [code for code in FIGURE_CODES if code not in NOT_CUMULATIVE]
WHOLE_NUMBERS = frozenset({FigureCode.EMPLOYEES})


def unit_of(code: str) -> str:
    # The units are codes (money is formatted by core.money); "人" is shown through gettext there.
    return "人" if code == FigureCode.EMPLOYEES else "万元"


def label_of(code: str) -> str:
    return str(FigureCode(code).label)


def period_label(year: int, month: int) -> str:
    if month == ANNUAL:
        return _("%(year)s年") % {"year": year}
    return _("%(year)s年%(month)s月") % {"year": year, "month": month}


def parse_amount(raw, *, code: str) -> Decimal | None:
    """A figure as entered: blank → None; otherwise a non-negative number with at most two decimals
    (万元), a whole number for head counts. Raises ValueError with the sentence to show."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, bool):
        raise ValueError(_("须为数字。"))
    text = str(raw).replace(",", "").replace("，", "").strip()
    try:
        value = Decimal(text)
    except (InvalidOperation, ValueError) as exc:
        raise ValueError(_("“%(value)s”不是数字。") % {"value": raw}) from exc
    if not value.is_finite():
        raise ValueError(_("“%(value)s”不是数字。") % {"value": raw})
    if value < 0:
        raise ValueError(_("不能为负数。"))
    if value > MAX_VALUE:
        raise ValueError(_("数值过大，请确认单位为万元。"))
    if code in WHOLE_NUMBERS:
        if value != value.to_integral_value():
            raise ValueError(_("人数须为整数。"))
        return value.quantize(Decimal(1))
    if value != value.quantize(CENT):
        raise ValueError(_("金额以万元为单位，最多保留两位小数。"))
    return value.quantize(CENT)


def growth_rate(current: Decimal | None, previous: Decimal | None) -> Decimal | None:
    """同比 = (this − last) ÷ last × 100, two decimals. Unknown (None), never 0, when last year's
    figure is missing or 0, or this year's is missing."""
    if current is None or previous is None or previous == 0:
        return None
    return ((current - previous) / previous * 100).quantize(CENT, ROUND_HALF_UP)


def share(part: Decimal | None, whole: Decimal | None) -> Decimal | None:
    """part ÷ whole × 100 (e.g. 研发投入占销售收入比重); unknown when either is missing or whole is 0."""
    if part is None or whole is None or whole == 0:
        return None
    return (part / whole * 100).quantize(CENT, ROUND_HALF_UP)


@dataclass
class Resolved:
    """One figure as the portal uses it: the authoritative value, where it came from, and both sides
    (official and self-reported) for the gap shown to the town."""

    code: str
    year: int
    month: int
    value: Decimal | None = None  # the month's (当月) or, for month 0, the year's
    ytd: Decimal | None = None  # 本年累计 (months of cumulative figures)
    source: str = ""  # "official" | "self" | "" (no data)
    provenance: str = ""  # e.g. "区统计局 导入 #12" or "月报 第2版"
    note: str = ""  # how it was obtained, e.g. "按12月本年累计"
    official_amount: Decimal | None = None
    self_amount: Decimal | None = None

    @property
    def amount(self) -> Decimal | None:
        """What the period amounts to: the year-to-date for months of cumulative figures, else the value."""
        return amount_of(self.value, self.ytd)

    @property
    def source_label(self) -> str:
        return {"official": _("统计数据"), "self": _("企业自报")}.get(self.source, "")

    @property
    def period(self) -> str:
        return period_label(self.year, self.month)

    @property
    def period_note(self) -> str:
        return f"{self.period}（{self.note}）" if self.note else self.period

    @property
    def gap(self) -> Decimal | None:
        return gap_percent(self.official_amount, self.self_amount)

    def large_gap(self, threshold: Decimal) -> bool:
        return is_large_gap(self.official_amount, self.self_amount, threshold)


def amount_of(value: Decimal | None, ytd: Decimal | None) -> Decimal | None:
    return ytd if ytd is not None else value


@dataclass
class Growth:
    code: str
    current: Resolved
    previous: Resolved
    rate: Decimal | None
    explanation: str

    @property
    def source_label(self) -> str:
        labels = [r.source_label for r in (self.current, self.previous) if r.source]
        return "、".join(dict.fromkeys(labels))


def explain_growth(code: str, current: Resolved, previous: Resolved) -> Growth:
    """The rate and the sentence that shows how it was computed (or why it is unknown)."""
    cur, prev = current.amount, previous.amount
    rate = growth_rate(cur, prev)
    if cur is None:
        text = _("%(period)s无数据，增幅未知。") % {"period": current.period}
    elif prev is None:
        text = _("上年同期（%(period)s）无数据，增幅未知。") % {"period": previous.period}
    elif prev == 0:
        text = _("上年同期（%(period)s）为0，增幅无法计算。") % {"period": previous.period}
    else:
        text = _(
            "（%(cur)s − %(prev)s）÷ %(prev)s × 100 = %(rate)s%%；本期：%(a)s%(sa)s，上年同期：%(b)s%(sb)s"
        ) % {
            "cur": cur,
            "prev": prev,
            "rate": rate,
            "a": current.period_note,
            "sa": current.source_label,
            "b": previous.period_note,
            "sb": previous.source_label,
        }
    return Growth(code=code, current=current, previous=previous, rate=rate, explanation=text)


# How the pools' criteria metrics (programs.models.Metric) are obtained from these figures.
# ("value", code): the figure itself; ("growth", code): its 同比; ("share", part, whole): part ÷ whole × 100.
CRITERIA_FIGURES: dict[str, tuple] = {
    Metric.OUTPUT_VALUE: ("value", FigureCode.OUTPUT),
    Metric.MAIN_REVENUE_GROWTH: ("growth", FigureCode.MAIN_REVENUE),
    Metric.TAX_GROWTH: ("growth", FigureCode.TAX),
    Metric.PROJECT_INVESTMENT: ("value", FigureCode.FIXED_ASSET_INVESTMENT),
    Metric.INVESTMENT_GROWTH: ("growth", FigureCode.FIXED_ASSET_INVESTMENT),
    Metric.HIGH_END_REVENUE_SHARE: ("share", FigureCode.HIGH_END_REVENUE, FigureCode.MAIN_REVENUE),
    Metric.RD_RATIO: ("share", FigureCode.RD_SPENDING, FigureCode.MAIN_REVENUE),
    Metric.CUSTOM_ORDER_GROWTH: ("growth", FigureCode.CUSTOM_ORDER_VALUE),
}


def gap_percent(official: Decimal | None, reported: Decimal | None) -> Decimal | None:
    """(self − official) ÷ official × 100; None when either side is missing. Official 0 with a
    non-zero self-report counts as an unbounded gap (returned as None with `is_large_gap` deciding)."""
    if official is None or reported is None or official == 0:
        return None
    return ((reported - official) / official * 100).quantize(CENT, ROUND_HALF_UP)


def is_large_gap(official: Decimal | None, reported: Decimal | None, threshold: Decimal) -> bool:
    if official is None or reported is None:
        return False
    if official == 0:
        return reported != 0
    return abs(gap_percent(official, reported)) > threshold

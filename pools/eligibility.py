"""The eligibility engine: one function used by the forms, the services and the API check endpoint.

Quantitative criteria pass or fail from the figures; qualitative ones depend on the evidence the
town supplied and the reviewer's confirmation. Criteria sharing a `group` are alternatives.
"""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from core.money import format_measure, format_wan
from programs.models import Criterion


class QualitativeStatus:
    MISSING = "missing"  # nothing claimed or supplied
    SUPPLIED = "supplied"  # claimed with evidence, awaiting the reviewer
    CONFIRMED = "confirmed"
    REFUSED = "refused"


@dataclass
class CriterionResult:
    code: str
    kind: str
    passed: bool | None
    message: str
    description: str = ""
    group: str = ""
    status: str = ""  # for qualitative criteria: a QualitativeStatus

    def as_dict(self) -> dict:
        return {"code": self.code, "kind": self.kind, "passed": self.passed, "message": self.message}


@dataclass
class EligibilityResult:
    eligible: bool | None
    criteria: list[CriterionResult] = field(default_factory=list)

    @property
    def fails_quantitative(self) -> bool:
        return any(c.kind == Criterion.Kind.QUANTITATIVE and c.passed is False for c in self.criteria)


# A figure is compared with a criterion's threshold: it is bounded like that column (16 digits, 2 places).
_THRESHOLD = Criterion._meta.get_field("threshold")
METRIC_MAX_DIGITS, METRIC_DECIMAL_PLACES = _THRESHOLD.max_digits, _THRESHOLD.decimal_places
# Growth rates may fall; amounts and shares may not.
SIGNED_METRICS = frozenset({"main_revenue_growth", "tax_growth", "investment_growth", "custom_order_growth"})


def parse_metric(code: str, raw) -> Decimal | None:
    """The one reading of a criteria figure, for the API, the forms, the bulk import and the check:
    blank → None; otherwise a finite number of at most 16 digits with at most two decimals, not
    negative unless the metric is a growth rate. Raises ValueError with the sentence to show."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, bool) or not isinstance(raw, str | int | float | Decimal):
        raise ValueError(_("须为数字。"))
    text = str(raw).replace(",", "").replace("，", "").strip()
    if len(text) > 64:
        raise ValueError(_("数值过大，最多%(digits)d位数字。") % {"digits": METRIC_MAX_DIGITS})
    try:
        number = Decimal(text)
    except (InvalidOperation, ValueError) as exc:
        raise ValueError(_("“%(value)s”不是数字。") % {"value": text}) from exc
    if not number.is_finite():
        raise ValueError(_("须为有限的数字。"))
    sign, digits, exponent = number.as_tuple()
    places = max(0, -exponent)
    whole = max(0, len(digits) + exponent)
    if places > METRIC_DECIMAL_PLACES:
        raise ValueError(_("最多保留%(places)d位小数。") % {"places": METRIC_DECIMAL_PLACES})
    if whole > METRIC_MAX_DIGITS - METRIC_DECIMAL_PLACES:
        raise ValueError(_("数值过大，最多%(digits)d位数字。") % {"digits": METRIC_MAX_DIGITS})
    if number < 0 and code not in SIGNED_METRICS:
        raise ValueError(_("不能为负数。"))
    return number


def parse_metrics(raw) -> tuple[dict[str, Decimal], dict[str, str]]:
    """Figures as Decimals (parse_metric on each); returns (values, errors by metric code)."""
    values, errors = {}, {}
    if not isinstance(raw, dict):
        return values, {"metrics": _("须为“指标代码: 数值”的对象。")}
    for code, value in raw.items():
        try:
            number = parse_metric(code, value)
        except ValueError as exc:
            errors[code] = str(exc)
            continue
        if number is not None:
            values[code] = number
    return values, errors


def _quantitative(criterion: Criterion, metrics: dict[str, Decimal]) -> CriterionResult:
    value = metrics.get(criterion.metric)
    threshold = format_measure(criterion.threshold, criterion.unit)
    rule = f"{criterion.get_metric_display()} {criterion.get_operator_display()} {threshold}"
    if criterion.boundary_word:
        rule += f"「{criterion.boundary_word}」"
    if value is None:
        return CriterionResult(
            criterion.code,
            criterion.kind,
            None,
            _("缺少“%(metric)s”数据，无法判断（%(rule)s）。")
            % {"metric": criterion.get_metric_display(), "rule": rule},
            criterion.description,
            criterion.group,
        )
    passed = criterion.passes(value)
    shown = format_measure(value, criterion.unit)
    if value != criterion.threshold and shown == threshold:
        # 亿元 are shown to two places: a figure a cent off the threshold would read as the threshold itself
        shown = format_wan(value) if criterion.unit == "万元" else str(value)
    message = (_("%(value)s，符合 %(rule)s。") if passed else _("%(value)s，不符合 %(rule)s。")) % {
        "value": shown,
        "rule": rule,
    }
    return CriterionResult(
        criterion.code, criterion.kind, passed, message, criterion.description, criterion.group
    )


def _qualitative(criterion: Criterion, status: str) -> CriterionResult:
    passed, message = {
        QualitativeStatus.CONFIRMED: (True, _("审核部门已确认。")),
        QualitativeStatus.REFUSED: (False, _("审核部门不予确认。")),
        QualitativeStatus.SUPPLIED: (None, _("已提供证明材料，待审核部门确认。")),
    }.get(status, (None, _("未提供证明材料。")))
    return CriterionResult(
        criterion.code,
        criterion.kind,
        passed,
        message,
        criterion.description,
        criterion.group,
        status or QualitativeStatus.MISSING,
    )


def _combine(values: list[bool | None]) -> bool | None:
    if any(v is False for v in values):
        return False
    if all(v is True for v in values):
        return True
    return None


def evaluate(
    criteria, metrics: dict[str, Decimal], qualitative: dict[str, str] | None = None
) -> EligibilityResult:
    """Evaluate `criteria` (a pool's, in order) against figures and qualitative statuses by code."""
    qualitative = qualitative or {}
    results = [
        _quantitative(c, metrics)
        if c.kind == Criterion.Kind.QUANTITATIVE
        else _qualitative(c, qualitative.get(c.code, ""))
        for c in criteria
    ]
    units: dict[str, list[bool | None]] = {}
    for r in results:
        units.setdefault(r.group or f"__{r.code}", []).append(r.passed)
    unit_values = []
    for key, values in units.items():
        if key.startswith("__"):
            unit_values.append(values[0])
        elif any(v is True for v in values):  # alternatives: one suffices
            unit_values.append(True)
        elif all(v is False for v in values):
            unit_values.append(False)
        else:
            unit_values.append(None)
    return EligibilityResult(_combine(unit_values) if results else True, results)

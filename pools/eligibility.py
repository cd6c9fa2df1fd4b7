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


def parse_metrics(raw: dict) -> tuple[dict[str, Decimal], dict[str, str]]:
    """Figures as Decimals; returns (values, errors by metric code)."""
    values, errors = {}, {}
    for code, value in (raw or {}).items():
        if value is None or value == "":
            continue
        if isinstance(value, bool):
            errors[code] = _("须为数字。")
            continue
        try:
            number = Decimal(str(value).replace(",", "").strip())
        except (InvalidOperation, ValueError):
            errors[code] = _("“%(value)s”不是数字。") % {"value": value}
            continue
        if not number.is_finite():
            errors[code] = _("须为有限的数字。")
            continue
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

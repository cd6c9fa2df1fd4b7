"""Load an assessment file (assessment/data/*.yaml): the programme's yearly schemes with their
indicators, the quarterly review rules and the escalation rules. All-or-nothing; loading again
updates by code (an indicator a run has scored is kept, never deleted). An error names the place in
the file and what is wrong."""

from decimal import Decimal
from pathlib import Path

import yaml
from django.db import transaction
from django.utils.translation import gettext as _

from core import audit
from programs.models import Department, Programme

from .models import (
    CaseKind,
    Colour,
    EscalationRule,
    Indicator,
    IndicatorKind,
    IndicatorSection,
    ReviewMetric,
    ReviewRule,
    RuleOperator,
    Scheme,
    SchemeCategory,
    Score,
    ScoringMethod,
    Subject,
)
from .scoring import SchemeError, Spec, dec, points_for
from .selectors.indicator_values import SUPPORTED_KINDS

DATA_DIR = Path(__file__).resolve().parent / "data"
DEFAULT_FILE = DATA_DIR / "luofa-2016-23-assessment.yaml"
SCHEME_AUDITED = [
    "name",
    "subject",
    "category",
    "full_marks",
    "excellent_share_cap",
    "bonus_cap",
    "penalty_cap",
    "reward_grades",
]


def scheme_snapshot(scheme) -> dict:
    """The audited fields of a scheme, its bands as text (the audit's snapshot sorts lists)."""
    if scheme is None:
        return {}
    return {
        **audit.snapshot(scheme, SCHEME_AUDITED),
        "bands": [f"{b['name']}≥{b['min']}" for b in scheme.bands],
    }


class AssessmentFileError(ValueError):
    pass


def _fail(where: str, what: str):
    raise AssessmentFileError(_("%(where)s：%(what)s") % {"where": where, "what": what})


def _need(mapping, key: str, where: str):
    if not isinstance(mapping, dict) or mapping.get(key) in (None, ""):
        _fail(where, _("缺少“%(key)s”。") % {"key": key})
    return mapping[key]


def _choice(value, allowed, where: str, key: str) -> str:
    if value not in allowed:
        _fail(where, _("“%(key)s”不能为“%(value)s”。") % {"key": key, "value": value})
    return value


def _number(value, where: str) -> Decimal:
    try:
        return dec(value, where)
    except SchemeError:
        _fail(where, _("“%(value)s”不是数字。") % {"value": value})
        raise  # unreachable: _fail raises


def read_file(path) -> dict:
    try:
        with open(path, encoding="utf-8") as fh:
            data = yaml.safe_load(fh)
    except (OSError, yaml.YAMLError) as exc:
        raise AssessmentFileError(_("无法读取考核文件：%(error)s") % {"error": exc}) from exc
    if not isinstance(data, dict) or not data.get("programme") or not data.get("schemes"):
        raise AssessmentFileError(_("考核文件须包含“programme”和“schemes”。"))
    return data


def check_bands(bands, where: str) -> list[dict]:
    if not isinstance(bands, list) or len(bands) < 2:
        _fail(where, _("须列出至少两个等次。"))
    out, previous = [], None
    for i, band in enumerate(bands):
        here = f"{where}[{i}]"
        code, name = _need(band, "code", here), _need(band, "name", here)
        low = _number(band.get("min", 0), here)
        if previous is not None and low >= previous:
            _fail(here, _("等次须按分数从高到低排列。"))
        previous = low
        out.append({"code": str(code), "name": str(name), "min": str(low)})
    return out


def _indicator(entry: dict, section: str, where: str, departments: dict) -> dict:
    code = str(_need(entry, "code", where))
    kind = _choice(_need(entry, "kind", where), IndicatorKind.values, where, "kind")
    if section == IndicatorSection.SCORE:
        method = _choice(_need(entry, "method", where), ScoringMethod.values, where, "method")
        if method == ScoringMethod.PER_UNIT:
            _fail(where, _("基本分指标不能按次计分。"))
        if (kind == IndicatorKind.RATED) != (method == ScoringMethod.RATED):
            _fail(where, _("评分人打分的指标须用 rated 计分方法。"))
    else:
        method = ScoringMethod.PER_UNIT
    weight = _number(_need(entry, "weight", where), where)
    if weight <= 0:
        _fail(where, _("分值须大于0。"))
    cap = _number(entry["cap"], where) if entry.get("cap") is not None else None
    params = entry.get("params") or {}
    if not isinstance(params, dict):
        _fail(where, _("params 须为映射。"))
    rater = None
    if entry.get("rater"):
        rater = departments.get(entry["rater"])
        if rater is None:
            _fail(where, _("未知部门代码“%(code)s”。") % {"code": entry["rater"]})
    if kind == IndicatorKind.RATED and rater is None:
        _fail(where, _("评分人打分的指标须指定评分部门（rater）。"))
    # the method's numbers are tried once now, so a wrong tier fails at load, not at the first run
    try:
        sample = Decimal("0") if method in (ScoringMethod.RATED, ScoringMethod.PER_UNIT) else Decimal("1")
        points_for(Spec(code, method, weight, params, cap), sample, key="AAA")
    except SchemeError as exc:
        _fail(where, str(exc))
    return {
        "code": code,
        "name": str(_need(entry, "name", where)),
        "section": section,
        "kind": kind,
        "method": method,
        "weight": weight,
        "cap": cap,
        "params": params,
        "rater_department": rater,
        "source": str(entry.get("source", ""))[:300],
        "description": str(entry.get("description", ""))[:500],
    }


def _scheme(entry: dict, where: str, departments: dict) -> tuple[dict, list[dict]]:
    fields = {
        "name": str(_need(entry, "name", where)),
        "subject": _choice(_need(entry, "subject", where), Subject.values, where, "subject"),
        "category": _choice(
            entry.get("category", SchemeCategory.GENERAL), SchemeCategory.values, where, "category"
        ),
        "source": str(entry.get("source", ""))[:300],
        "notes": str(entry.get("notes", "")),
        "bands": check_bands(entry.get("bands"), f"{where}.bands"),
        "excellent_share_cap": None,
        "bonus_cap": None,
        "penalty_cap": None,
        "reward_grades": [str(g) for g in entry.get("reward_grades") or []],
    }
    for key in ("excellent_share_cap", "bonus_cap", "penalty_cap"):
        if entry.get(key) is not None:
            fields[key] = _number(entry[key], f"{where}.{key}")
    codes = {b["code"] for b in fields["bands"]}
    if set(fields["reward_grades"]) - codes:
        _fail(where, _("授信奖励等次须为本办法的等次代码。"))
    indicators = []
    for section, key in (
        (IndicatorSection.SCORE, "indicators"),
        (IndicatorSection.BONUS, "bonus"),
        (IndicatorSection.PENALTY, "penalty"),
    ):
        for i, item in enumerate(entry.get(key) or []):
            indicators.append(_indicator(item, section, f"{where}.{key}[{i}]", departments))
    base = [i for i in indicators if i["section"] == IndicatorSection.SCORE]
    if not base:
        _fail(where, _("须至少有一项基本分指标。"))
    full = fields["full_marks"] = _number(entry.get("full_marks", 100), where)
    total = sum((i["weight"] for i in base), Decimal("0"))
    if total != full:
        _fail(where, _("基本分指标分值之和为%(total)s，应为%(full)s。") % {"total": total, "full": full})
    supported = SUPPORTED_KINDS[fields["subject"]]
    for item in indicators:
        if item["kind"] not in supported:
            _fail(where, _("指标“%(code)s”的数据来源不适用于该考核对象。") % {"code": item["code"]})
    if len({i["code"] for i in indicators}) != len(indicators):
        _fail(where, _("指标代码重复。"))
    return fields, indicators


def _rules(data: dict) -> tuple[list[dict], list[dict]]:
    review = (data.get("quarterly_review") or {}).get("rules") or []
    reviews = []
    for i, rule in enumerate(review):
        where = f"quarterly_review.rules[{i}]"
        reviews.append(
            {
                "code": str(_need(rule, "code", where)),
                "subject": _choice(_need(rule, "subject", where), ("town", "department"), where, "subject"),
                "metric": _choice(_need(rule, "metric", where), ReviewMetric.values, where, "metric"),
                "operator": _choice(_need(rule, "operator", where), RuleOperator.values, where, "operator"),
                "threshold": _number(_need(rule, "threshold", where), where),
                "days": int(rule.get("days", 15)),
                "colour": _choice(_need(rule, "colour", where), Colour.values, where, "colour"),
                "comment": str(_need(rule, "comment", where))[:300],
                "source": str((data.get("quarterly_review") or {}).get("source", ""))[:300],
                "order": i,
            }
        )
    escalation = []
    for i, rule in enumerate((data.get("escalation") or {}).get("rules") or []):
        where = f"escalation.rules[{i}]"
        quarters = int(_number(_need(rule, "quarters", where), where))
        if quarters < 1:
            _fail(where, _("连续季度数须至少为1。"))
        escalation.append(
            {
                "code": str(_need(rule, "code", where)),
                "colour": _choice(_need(rule, "colour", where), Colour.values, where, "colour"),
                "quarters": quarters,
                "propose": _choice(_need(rule, "propose", where), CaseKind.values, where, "propose"),
                "reason": str(_need(rule, "reason", where))[:300],
                "source": str((data.get("escalation") or {}).get("source", ""))[:300],
                "order": i,
            }
        )
    return reviews, escalation


@transaction.atomic
def assessment_load_file(*, path=DEFAULT_FILE, actor=None) -> list[Scheme]:
    """Load (or update) the schemes and rules of `path`; returns the schemes in file order."""
    data = read_file(path)
    programme = Programme.objects.filter(code=data["programme"]).first()
    if programme is None:
        raise AssessmentFileError(
            _("未知方案代码“%(code)s”：请先载入三年行动方案。") % {"code": data["programme"]}
        )
    departments = {d.code: d for d in Department.objects.all()}
    parsed = []
    for i, entry in enumerate(data["schemes"]):
        where = f"schemes[{i}]"
        parsed.append((str(_need(entry, "code", where)), *_scheme(entry, where, departments)))
    reviews, escalation = _rules(data)
    schemes = []
    for order, (code, fields, indicators) in enumerate(parsed):
        scheme = Scheme.objects.filter(programme=programme, code=code).first()
        before = scheme_snapshot(scheme) if scheme else None
        if scheme is None:
            scheme = Scheme(programme=programme, code=code)
        for key, value in fields.items():
            setattr(scheme, key, value)
        scheme.order = order
        scheme.source_file = Path(path).name[:200]
        scheme.save()
        keep = set()
        for position, item in enumerate(indicators):
            Indicator.objects.update_or_create(
                scheme=scheme, code=item["code"], defaults={**item, "order": position}
            )
            keep.add(item["code"])
        gone = Indicator.objects.filter(scheme=scheme).exclude(code__in=keep)
        used = set(Score.objects.filter(indicator__in=gone).values_list("indicator__code", flat=True))
        if used:
            raise AssessmentFileError(
                _("%(scheme)s：指标“%(codes)s”已有考核得分，不能从文件中删除。")
                % {"scheme": scheme.name, "codes": "、".join(sorted(used))}
            )
        gone.delete()
        audit.record(
            actor=actor,
            action=audit.AuditAction.IMPORT,
            instance=scheme,
            before=before,
            after={**scheme_snapshot(scheme), "indicators": sorted(keep)},
            event="scheme.loaded",
            params={"file": Path(path).name},
        )
        schemes.append(scheme)
    for model, rows in ((ReviewRule, reviews), (EscalationRule, escalation)):
        codes = [row["code"] for row in rows]
        for row in rows:
            model.objects.update_or_create(programme=programme, code=row["code"], defaults=row)
        if rows:
            model.objects.filter(programme=programme).exclude(code__in=codes).delete()
    return schemes

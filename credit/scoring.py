"""The scoring model as data, and the pure computation of a rating from records.

Nothing here touches the database: `Rules.from_dict` validates a model version (as loaded from
credit/data/default-scoring.yaml or published by 区金融办), `compute` turns the facts of one
enterprise's records into a score, a grade and the lines that explain it. The file's header
documents the method.
"""

import hashlib
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import NamedTuple

from django.utils.translation import gettext as _

# 罗发〔2016〕23号 第20条: 国际通行“四等十级制”, best first. The scale is the policy's own words; the bands
# that map scores onto it are data (Rules.bands).
GRADES = ("AAA", "AA", "A", "BBB", "BB", "B", "CCC", "CC", "C", "D")
GRADE_RANK = {grade: rank for rank, grade in enumerate(GRADES, start=1)}  # 1 = AAA (best) … 10 = D

BASIC, ADVERSE = "basic", "adverse"
SEVERITIES = {
    BASIC: ("positive", "neutral", "negative"),
    ADVERSE: ("minor", "serious", "severe"),
}
CENT = Decimal("0.01")


class RulesError(ValueError):
    """A scoring model that cannot be used; `messages` names every problem."""

    def __init__(self, messages: list[str]):
        super().__init__("; ".join(messages))
        self.messages = messages


def _dec(value, where: str, errors: list[str]) -> Decimal:
    try:
        result = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        errors.append(_("%(where)s：“%(value)s”不是数字。") % {"where": where, "value": value})
        return Decimal(0)
    if not result.is_finite():
        errors.append(_("%(where)s：“%(value)s”不是数字。") % {"where": where, "value": value})
        return Decimal(0)
    return result


def _plain(value: Decimal) -> str:
    """A Decimal as the shortest plain string (80, 0.8, -12.5), for JSON and display."""
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "") else text


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a common year
        return day.replace(year=day.year + years, day=28)


def full_years(since: date, until: date) -> int:
    """Age in full years (满N年)."""
    years = until.year - since.year - ((until.month, until.day) < (since.month, since.day))
    return max(years, 0)


@dataclass(frozen=True)
class KindRule:
    weight: Decimal
    points: dict[str, Decimal]
    repair_years: int | None = None
    latest_only: bool = False


@dataclass(frozen=True)
class Rules:
    base_score: Decimal
    min_score: Decimal
    max_score: Decimal
    kinds: dict[str, KindRule]
    decay: tuple[tuple[int, Decimal], ...]
    bands: tuple[tuple[str, Decimal], ...]
    blacklist_at_or_below: str
    name: str = ""
    notes: str = ""

    # --- reading and writing -------------------------------------------------------------------

    @classmethod
    def from_dict(cls, data: dict, *, kinds: dict[str, str]) -> "Rules":
        """Validate a model. `kinds` maps every record kind code to its category (basic/adverse):
        each kind needs a rule, with points for exactly its category's severities."""
        errors: list[str] = []
        if not isinstance(data, dict):
            raise RulesError([_("评分模型须为一个映射（YAML 字典）。")])
        base = _dec(data.get("base_score"), "base_score", errors)
        low = _dec(data.get("min_score", 0), "min_score", errors)
        high = _dec(data.get("max_score", 100), "max_score", errors)
        if not errors and not low <= base <= high:
            errors.append(_("基础分须在最低分与最高分之间。"))

        kind_rules: dict[str, KindRule] = {}
        raw_kinds = data.get("kinds") or {}
        if not isinstance(raw_kinds, dict):
            raw_kinds = {}
            errors.append(_("kinds 须为“类别代码: 规则”的映射。"))
        for code in sorted(set(raw_kinds) - set(kinds)):
            errors.append(_("kinds.%(code)s：未知的信用记录类别。") % {"code": code})
        for code, category in kinds.items():
            where = f"kinds.{code}"
            rule = raw_kinds.get(code)
            if not isinstance(rule, dict):
                errors.append(_("%(where)s：缺少该类别的评分规则。") % {"where": where})
                continue
            weight = _dec(rule.get("weight", 1), f"{where}.weight", errors)
            if weight < 0:
                errors.append(_("%(where)s：权重不能为负数。") % {"where": f"{where}.weight"})
            points_raw = rule.get("points") or {}
            allowed = SEVERITIES[category]
            if not isinstance(points_raw, dict) or set(points_raw) != set(allowed):
                errors.append(
                    _("%(where)s：须为每个严重程度（%(list)s）给出分值。")
                    % {"where": f"{where}.points", "list": "、".join(allowed)}
                )
                points_raw = points_raw if isinstance(points_raw, dict) else {}
            points = {sev: _dec(points_raw.get(sev, 0), f"{where}.points.{sev}", errors) for sev in allowed}
            repair = rule.get("repair_years")
            if category == ADVERSE:
                if any(p > 0 for p in points.values()):
                    errors.append(
                        _("%(where)s：不良类记录只能扣分（分值须 ≤ 0）。") % {"where": f"{where}.points"}
                    )
                if not isinstance(repair, int) or isinstance(repair, bool) or repair < 1:
                    errors.append(
                        _("%(where)s：不良类记录须给出信用修复期（整年数，至少1年）。")
                        % {"where": f"{where}.repair_years"}
                    )
                    repair = None
            elif repair is not None:
                errors.append(_("%(where)s：基础类记录没有信用修复期。") % {"where": f"{where}.repair_years"})
                repair = None
            kind_rules[code] = KindRule(
                weight=weight,
                points=points,
                repair_years=repair,
                latest_only=bool(rule.get("latest_only", False)) and category == BASIC,
            )

        decay = []
        for i, step in enumerate(data.get("decay") or [{"from_years": 0, "factor": 1}]):
            where = f"decay[{i}]"
            if not isinstance(step, dict):
                errors.append(_("%(where)s：须含 from_years 和 factor。") % {"where": where})
                continue
            years = step.get("from_years")
            factor = _dec(step.get("factor"), f"{where}.factor", errors)
            if not isinstance(years, int) or isinstance(years, bool) or years < 0:
                errors.append(_("%(where)s：from_years 须为非负整数。") % {"where": where})
                continue
            if not Decimal(0) <= factor <= Decimal(1):
                errors.append(_("%(where)s：衰减系数须在0到1之间。") % {"where": where})
            decay.append((years, factor))
        if decay:
            if decay[0][0] != 0:
                errors.append(_("decay：第一档须从第0年开始。"))
            if any(b[0] <= a[0] for a, b in zip(decay, decay[1:], strict=False)):
                errors.append(_("decay：年数须逐档递增。"))
            if any(b[1] > a[1] for a, b in zip(decay, decay[1:], strict=False)):
                errors.append(_("decay：衰减系数不能随年数增大。"))

        bands = []
        raw_bands = data.get("bands") or []
        grades = [b.get("grade") if isinstance(b, dict) else None for b in raw_bands]
        if grades != list(GRADES):
            errors.append(_("bands：须依次给出 %(grades)s 十个等级。") % {"grades": "、".join(GRADES)})
        else:
            for band in raw_bands:
                bands.append((band["grade"], _dec(band.get("min"), f"bands.{band['grade']}.min", errors)))
            mins = [m for _g, m in bands]
            if any(b >= a for a, b in zip(mins, mins[1:], strict=False)):
                errors.append(_("bands：分数下限须从 AAA 到 D 严格递减。"))
            if not errors and (mins[0] > high or mins[-1] < low):
                errors.append(_("bands：分数下限须在最低分与最高分之间。"))

        blacklist = (
            (data.get("blacklist") or {}).get("at_or_below")
            if isinstance(data.get("blacklist"), dict)
            else None
        )
        if blacklist not in GRADE_RANK:
            errors.append(_("blacklist.at_or_below：须为 %(grades)s 之一。") % {"grades": "、".join(GRADES)})
        if errors:
            raise RulesError(errors)
        return cls(
            base_score=base,
            min_score=low,
            max_score=high,
            kinds=kind_rules,
            decay=tuple(decay),
            bands=tuple(bands),
            blacklist_at_or_below=blacklist,
            name=str(data.get("name") or ""),
            notes=str(data.get("notes") or ""),
        )

    def to_dict(self) -> dict:
        """JSON-safe (numbers as plain strings), readable back by from_dict."""
        kinds = {}
        for code, rule in self.kinds.items():
            item = {"weight": _plain(rule.weight), "points": {s: _plain(p) for s, p in rule.points.items()}}
            if rule.repair_years is not None:
                item["repair_years"] = rule.repair_years
            if rule.latest_only:
                item["latest_only"] = True
            kinds[code] = item
        return {
            "name": self.name,
            "notes": self.notes,
            "base_score": _plain(self.base_score),
            "min_score": _plain(self.min_score),
            "max_score": _plain(self.max_score),
            "kinds": kinds,
            "decay": [{"from_years": y, "factor": _plain(f)} for y, f in self.decay],
            "bands": [{"grade": g, "min": _plain(m)} for g, m in self.bands],
            "blacklist": {"at_or_below": self.blacklist_at_or_below},
        }

    # --- applying ------------------------------------------------------------------------------

    def grade_for(self, score: Decimal) -> str:
        for grade, minimum in self.bands:
            if score >= minimum:
                return grade
        return GRADES[-1]

    def is_blacklisted(self, grade: str) -> bool:
        return GRADE_RANK[grade] >= GRADE_RANK[self.blacklist_at_or_below]

    def decay_factor(self, age_years: int) -> Decimal:
        factor = Decimal(1)
        for years, value in self.decay:
            if age_years >= years:
                factor = value
        return factor

    def effective_until(self, kind: str, occurred_on: date) -> date | None:
        """Default end of effect of a new record: event date + repair period − 1 day (adverse only)."""
        rule = self.kinds.get(kind)
        if rule is None or rule.repair_years is None:
            return None
        return add_years(occurred_on, rule.repair_years) - timedelta(days=1)


class RecordFacts(NamedTuple):
    """What the computation needs of one record (a tuple: ratings read ~100,000 of them at once)."""

    id: int
    kind: str
    category: str
    severity: str
    occurred_on: date
    effective_until: date | None = None
    withdrawn: bool = False


@dataclass
class RatingResult:
    score: Decimal
    grade: str
    blacklisted: bool
    raw_score: Decimal
    lines: list[dict] = field(default_factory=list)
    excluded: list[dict] = field(default_factory=list)

    @property
    def grade_rank(self) -> int:
        return GRADE_RANK[self.grade]

    def explanation(self, *, rules: Rules, version: int, as_of: date) -> dict:
        return {
            "model": {"version": version, "name": rules.name},
            "as_of": as_of.isoformat(),
            "base_score": _plain(rules.base_score),
            "min_score": _plain(rules.min_score),
            "max_score": _plain(rules.max_score),
            "lines": self.lines,
            "excluded": self.excluded,
            "raw_score": str(self.raw_score),
            "score": str(self.score),
            "grade": self.grade,
            "band_min": _plain(dict(rules.bands)[self.grade]),
            "blacklist": {"at_or_below": rules.blacklist_at_or_below, "listed": self.blacklisted},
        }

    def fingerprint(self, *, version: int) -> str:
        """Identifies the result (not the moment): equal fingerprints mean nothing changed."""
        payload = (
            version,
            str(self.score),
            self.grade,
            self.blacklisted,
            tuple((line["record"], line["delta"]) for line in self.lines),
            tuple((item["record"], item["reason"]) for item in self.excluded),
        )
        return hashlib.sha256(repr(payload).encode()).hexdigest()


def compute(rules: Rules, records: list[RecordFacts], as_of: date) -> RatingResult:
    """One enterprise's rating as of a date. Lines are the records that moved the score, in order."""
    counted, excluded = [], []
    for record in sorted(records, key=lambda r: (r.occurred_on, r.id)):
        if record.withdrawn:
            excluded.append({"record": record.id, "kind": record.kind, "reason": "withdrawn"})
        elif record.occurred_on > as_of:
            excluded.append({"record": record.id, "kind": record.kind, "reason": "future"})
        elif record.effective_until is not None and as_of > record.effective_until:
            excluded.append(
                {
                    "record": record.id,
                    "kind": record.kind,
                    "reason": "expired",
                    "effective_until": record.effective_until.isoformat(),
                }
            )
        elif record.kind not in rules.kinds:
            excluded.append({"record": record.id, "kind": record.kind, "reason": "no_rule"})
        else:
            counted.append(record)
    latest: dict[str, RecordFacts] = {}
    for record in counted:  # sorted by date: the last one of a latest_only kind wins
        if rules.kinds[record.kind].latest_only:
            latest[record.kind] = record
    lines = []
    total = rules.base_score
    for record in counted:
        rule = rules.kinds[record.kind]
        if rule.latest_only and latest[record.kind] is not record:
            excluded.append(
                {
                    "record": record.id,
                    "kind": record.kind,
                    "reason": "superseded",
                    "by": latest[record.kind].id,
                }
            )
            continue
        points = rule.points.get(record.severity, Decimal(0))
        age = full_years(record.occurred_on, as_of)
        factor = rules.decay_factor(age) if record.category == ADVERSE else Decimal(1)
        delta = (points * rule.weight * factor).quantize(CENT, rounding=ROUND_HALF_UP)
        total += delta
        lines.append(
            {
                "record": record.id,
                "kind": record.kind,
                "category": record.category,
                "severity": record.severity,
                "occurred_on": record.occurred_on.isoformat(),
                "effective_until": record.effective_until.isoformat() if record.effective_until else None,
                "points": _plain(points),
                "weight": _plain(rule.weight),
                "age_years": age,
                "factor": _plain(factor),
                "delta": str(delta),
            }
        )
    raw = total.quantize(CENT, rounding=ROUND_HALF_UP)
    score = min(max(raw, rules.min_score), rules.max_score).quantize(CENT, rounding=ROUND_HALF_UP)
    grade = rules.grade_for(score)
    excluded.sort(key=lambda item: item["record"])
    return RatingResult(
        score=score,
        grade=grade,
        blacklisted=rules.is_blacklisted(grade),
        raw_score=raw,
        lines=lines,
        excluded=excluded,
    )

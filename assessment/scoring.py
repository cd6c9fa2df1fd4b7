"""How an assessment scores, kept pure (no database): the points of one indicator from its value, the
total with capped bonus and penalty items, the grade bands and the cap on the share of 优秀.

An indicator's `method` and `params` come from the scheme file (assessment/data/*.yaml):

- `linear`: points = weight × min(value ÷ target, 1) (not below 0). With `lower_is_better`
  (e.g. days to review), points = weight × min(target ÷ value, 1), full marks at 0.
- `tiers`: [[threshold, share], …] tried in order; the first the value meets gives weight × share.
  `direction: at_least` (default: 以上/不低于, the threshold included) or `at_most` (以内/不超过, included).
  No tier met: 0.
- `table`: {key: share} (a credit grade → share of the weight); a key not listed gives `default` (0).
- `rated`: the rater's points, between 0 and the weight.
- `per_unit` (bonus and penalty items): value × weight, at most the item's cap.

Total = base points + min(Σ bonus, bonus cap) − min(Σ penalty, penalty cap), never below 0.
Bands from the top: the first whose `min` the total reaches (min included: “90分以上”).
Share cap on the top band (优秀): at most floor(n × cap%) subjects keep it; the rest move down one band,
lowest totals first. Subjects tied at the cut move down together, so the cap is never exceeded.
"""

import math
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")
ZERO = Decimal("0")
ONE = Decimal("1")


class SchemeError(ValueError):
    """A scheme's numbers are wrong (a missing target, a tier that is not a pair)."""


def q(value) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def dec(value, what: str = "") -> Decimal:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError) as exc:
        raise SchemeError(f"{what}: {value!r} is not a number") from exc


@dataclass(frozen=True)
class Spec:
    """What scoring needs of an indicator (the model's fields, or a file's entry)."""

    code: str
    method: str
    weight: Decimal
    params: dict = field(default_factory=dict)
    cap: Decimal | None = None


@dataclass
class Points:
    points: Decimal | None
    formula: str


def _fmt(value: Decimal) -> str:
    text = format(value.normalize(), "f") if value == value.to_integral() else format(q(value), "f")
    return text


def points_for(spec: Spec, value, *, key: str | None = None) -> Points:
    """The points of `value` (a Decimal; `key` for a table such as a credit grade). No value: no points."""
    w = spec.weight
    p = spec.params or {}
    if spec.method == "table":
        if key is None:
            return Points(None, "无数据")
        table = p.get("table") or {}
        share = dec(table.get(key, p.get("default", 0)), spec.code)
        return Points(q(w * share), f"{key} → {_fmt(share)} × {_fmt(w)} = {q(w * share)}")
    if value is None:
        return Points(None, "无数据")
    value = dec(value, spec.code)
    if spec.method == "linear":
        if "target" not in p:
            raise SchemeError(f"{spec.code}: linear needs a target")
        target = dec(p["target"], spec.code)
        if p.get("lower_is_better"):
            ratio = ONE if value <= 0 else min(target / value, ONE)
            pts = q(w * max(ratio, ZERO))
            return Points(pts, f"min({_fmt(target)} ÷ {_fmt(value)}, 1) × {_fmt(w)} = {pts}")
        ratio = min(value / target, ONE) if target > 0 else ONE
        pts = q(w * max(ratio, ZERO))
        return Points(pts, f"min({_fmt(value)} ÷ {_fmt(target)}, 1) × {_fmt(w)} = {pts}")
    if spec.method == "tiers":
        at_most = p.get("direction") == "at_most"
        for i, tier in enumerate(p.get("tiers") or []):
            if not isinstance(tier, list | tuple) or len(tier) != 2:
                raise SchemeError(f"{spec.code}: tier {i} is not [threshold, share]")
            threshold, share = dec(tier[0], spec.code), dec(tier[1], spec.code)
            if (value <= threshold) if at_most else (value >= threshold):
                pts = q(w * share)
                sign = "≤" if at_most else "≥"
                return Points(
                    pts, f"{_fmt(value)} {sign} {_fmt(threshold)} → {_fmt(share)} × {_fmt(w)} = {pts}"
                )
        return Points(ZERO.quantize(CENT), f"{_fmt(value)} 未达任何档次 → 0")
    if spec.method == "rated":
        if value < 0 or value > w:
            raise SchemeError(f"{spec.code}: rated points outside 0–{w}")
        return Points(q(value), f"评分 {q(value)}（满分 {_fmt(w)}）")
    if spec.method == "per_unit":
        raw = value * w
        pts = q(min(raw, spec.cap) if spec.cap is not None else raw)
        capped = f"，本项上限 {_fmt(spec.cap)}" if spec.cap is not None else ""
        return Points(pts, f"{_fmt(value)} × {_fmt(w)}{capped} = {pts}")
    raise SchemeError(f"{spec.code}: unknown method {spec.method!r}")


@dataclass
class Total:
    base: Decimal
    bonus: Decimal
    penalty: Decimal
    total: Decimal
    formula: str


def total_of(base: list, bonus: list, penalty: list, *, bonus_cap=None, penalty_cap=None) -> Total:
    """The total of the points (None counts 0) with the scheme's caps on bonus and penalty."""
    b = sum((x for x in base if x is not None), ZERO)
    raw_bonus = sum((x for x in bonus if x is not None), ZERO)
    raw_penalty = sum((x for x in penalty if x is not None), ZERO)
    plus = min(raw_bonus, bonus_cap) if bonus_cap is not None else raw_bonus
    minus = min(raw_penalty, penalty_cap) if penalty_cap is not None else raw_penalty
    total = max(b + plus - minus, ZERO)
    formula = f"{q(b)} + {q(plus)}"
    if plus != raw_bonus:
        formula += f"（加分 {q(raw_bonus)}，上限 {q(bonus_cap)}）"
    formula += f" − {q(minus)}"
    if minus != raw_penalty:
        formula += f"（减分 {q(raw_penalty)}，上限 {q(penalty_cap)}）"
    formula += f" = {q(total)}"
    return Total(q(b), q(plus), q(minus), q(total), formula)


def band_of(score: Decimal, bands: list[dict]) -> int:
    """The index of the first band (from the top) whose min the score reaches; the last band otherwise."""
    for i, band in enumerate(bands):
        if score >= dec(band.get("min", 0), band.get("code", "")):
            return i
    return len(bands) - 1


@dataclass
class Graded:
    band: int
    capped: bool = False


def grade_all(totals: dict, bands: list[dict], *, excellent_share_cap=None) -> dict:
    """{key: Graded} for {key: total}. The top band keeps at most floor(n × cap ÷ 100) subjects."""
    graded = {key: Graded(band_of(total, bands)) for key, total in totals.items()}
    if excellent_share_cap is None or len(bands) < 2:
        return graded
    allowed = math.floor(len(totals) * dec(excellent_share_cap, "excellent_share_cap") / 100)
    top = sorted((k for k, g in graded.items() if g.band == 0), key=lambda k: totals[k], reverse=True)
    if len(top) <= allowed:
        return graded
    # The total at the cut: every subject tied with the first one left out moves down too.
    cut = totals[top[allowed]]
    for key in top:
        if totals[key] <= cut:
            graded[key] = Graded(1, capped=True)
    return graded


def ranks(totals: dict) -> dict:
    """Competition ranking (1, 2, 2, 4) by total, highest first."""
    ordered = sorted(totals.items(), key=lambda kv: kv[1], reverse=True)
    out, previous, rank = {}, None, 0
    for i, (key, total) in enumerate(ordered, start=1):
        if total != previous:
            rank, previous = i, total
        out[key] = rank
    return out

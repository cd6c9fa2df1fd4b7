"""The quarterly review's rules and the escalation rules, kept pure (no database).

A review rule fires when its metric is below (低于, the threshold excluded) or above (超过, excluded) its
threshold; a metric without data (no report due) fires nothing. The proposed colour is the worst that
fired (green when none). An escalation rule matches a unit whose last `quarters` consecutive quarterly
ratings are all `colour` or worse; of the rules that match, the most severe measure is proposed."""

from dataclasses import dataclass
from decimal import Decimal

COLOURS = ("green", "yellow", "red")
RANK = {c: i for i, c in enumerate(COLOURS)}
SEVERITY = {"criticism": 1, "talk": 2, "warning": 3}


@dataclass(frozen=True)
class Rule:
    code: str
    metric: str
    operator: str  # below | above
    threshold: Decimal
    colour: str
    comment: str


def fires(rule: Rule, value) -> bool:
    if value is None:
        return False
    value = Decimal(str(value))
    return value < rule.threshold if rule.operator == "below" else value > rule.threshold


def propose(metrics: dict, rules: list[Rule]) -> tuple[str, list[dict]]:
    """(colour, reasons) for one unit's metrics."""
    colour, reasons = "green", []
    for rule in rules:
        value = metrics.get(rule.metric)
        if fires(rule, value):
            reasons.append(
                {"rule": rule.code, "colour": rule.colour, "value": str(value), "text": rule.comment}
            )
            if RANK[rule.colour] > RANK[colour]:
                colour = rule.colour
    return colour, reasons


def previous_quarter(year: int, quarter: int) -> tuple[int, int]:
    return (year - 1, 4) if quarter == 1 else (year, quarter - 1)


def streak(colours: dict, year: int, quarter: int, colour: str) -> int:
    """How many consecutive quarters up to (year, quarter) have a rating of `colour` or worse.
    `colours` is {(year, quarter): colour}; a quarter without a rating ends the streak."""
    n = 0
    key = (year, quarter)
    while key in colours and RANK[colours[key]] >= RANK[colour]:
        n += 1
        key = previous_quarter(*key)
    return n


@dataclass(frozen=True)
class Escalation:
    code: str
    colour: str
    quarters: int
    propose: str


def escalate(colours: dict, year: int, quarter: int, rules: list[Escalation]) -> Escalation | None:
    """The most severe rule whose streak the unit reaches at (year, quarter), or None."""
    matched = [r for r in rules if streak(colours, year, quarter, r.colour) >= r.quarters]
    return max(matched, key=lambda r: (SEVERITY[r.propose], r.quarters), default=None)

"""Helpers shared by the pools tests: drive a nomination through the services to a given state; the
shape of the pages tests' `world` (conftest.py); the messages a page shows."""

from dataclasses import dataclass
from decimal import Decimal

from pools import services
from pools.models import Nomination, NominationEvent
from programs.loader import DEFAULT_PROGRAMME_FILE, read_file
from programs.models import BOUNDARY_WORDS, Criterion, Operator

YEAR = 2018
PATH_PLAN = "街镇会同企业制定路径：新上智能化窑炉生产线，三年内产值翻番，申报省级技术中心。"
# Figures that meet every quantitative criterion of the backbone pool (骨干型).
BACKBONE_PASSING = {"output_value": "520000", "main_revenue_growth": "18", "tax_growth": "16"}
CENT = Decimal("0.01")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def file_quantitative_criteria() -> list[tuple[str, str, str, str, Decimal]]:
    """(pool, criterion, metric, boundary word, threshold) of every quantitative criterion in the
    programme file, read at collection time so that each one becomes its own test."""
    data = read_file(DEFAULT_PROGRAMME_FILE)
    rows = []
    for path in data["paths"]:
        for pool in path["pools"]:
            for c in pool.get("criteria", []):
                if c["kind"] == "quantitative":
                    rows.append(
                        (pool["code"], c["code"], c["metric"], c["word"], Decimal(str(c["threshold"])))
                    )
    return rows


def expected_pass(word: str, value: Decimal, threshold: Decimal) -> bool:
    """The reading of 民法典 第1259条 the brief fixes: 以上/不低于 include the number, 超/过 exclude it."""
    operator = BOUNDARY_WORDS[word]
    return {
        Operator.GTE: value >= threshold,
        Operator.GT: value > threshold,
        Operator.LTE: value <= threshold,
        Operator.LT: value < threshold,
    }[operator]


def qualitative(pool) -> list[Criterion]:
    return [c for c in pool.criteria.order_by("order", "id") if c.kind == Criterion.Kind.QUALITATIVE]


def nominate(town_user, pool, enterprise=None, *, project=None, metrics=None, path_plan=PATH_PLAN, **kwargs):
    return services.nomination_create(
        actor=town_user,
        pool=pool,
        year=YEAR,
        enterprise=enterprise,
        project=project,
        metrics=BACKBONE_PASSING if metrics is None else metrics,
        path_plan=path_plan,
        **kwargs,
    )


def submit(town_user, nomination):
    return services.nomination_transition(actor=town_user, nomination=nomination, action="submit")


def review_all(reviewer, nomination, decision="confirmed", note="材料齐全"):
    for criterion in qualitative(nomination.pool):
        services.criterion_review(
            actor=reviewer, nomination=nomination, criterion=criterion, decision=decision, note=note
        )
    nomination.refresh_from_db()
    return nomination


def submitted(town_user, pool, enterprise, **kwargs):
    """A nomination the lead department can decide: submitted, every qualitative criterion reviewed."""
    return submit(town_user, nominate(town_user, pool, enterprise, **kwargs))


def approved(town_user, reviewer, pool, enterprise, **kwargs):
    nomination = submitted(town_user, pool, enterprise, **kwargs)
    review_all(reviewer, nomination)
    return services.nomination_transition(actor=reviewer, nomination=nomination, action="approve")


def events_of(nomination) -> list[tuple[str, str, str]]:
    """(action, from state, to state) of each event on the nomination's history."""
    return list(
        NominationEvent.objects.filter(nomination=nomination).values_list("action", "from_state", "to_state")
    )


@dataclass
class World:
    users: dict
    draft: Nomination
    submitted: Nomination
    approved: Nomination
    ids: dict

    def url(self, template):
        return template.format(**self.ids)


def page_messages(response) -> list[str]:
    """The messages (django.contrib.messages) a page response shows."""
    return [str(m) for m in response.context["messages"]] if response.context else []

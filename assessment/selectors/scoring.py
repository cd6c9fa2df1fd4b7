"""Reads of schemes, runs, results and the 授信奖励 list; scoping is the models' visible_to."""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, QuerySet

from credit.models import CreditStatus

from ..models import AssessmentRun, Indicator, Result, RunState, Scheme, Score, Subject


def schemes_for(user, programme) -> QuerySet:
    return (
        Scheme.objects.visible_to(user)
        .filter(programme=programme)
        .prefetch_related(
            Prefetch("indicators", queryset=Indicator.objects.select_related("rater_department"))
        )
    )


def runs_for(user) -> QuerySet:
    return AssessmentRun.objects.visible_to(user).select_related("scheme").order_by("-year", "scheme__order")


def results_for(user, run: AssessmentRun) -> QuerySet:
    return (
        Result.objects.visible_to(user)
        .filter(run=run)
        .select_related("town", "department", "enterprise")
        .prefetch_related(
            Prefetch(
                "scores",
                queryset=Score.objects.select_related("indicator", "rated_by").order_by("indicator__order"),
            )
        )
        .order_by("rank", "id")
    )


def rater_queue(user, run: AssessmentRun) -> QuerySet:
    """The rated items of the run the user's department scores."""
    return (
        Score.objects.visible_to(user)
        .filter(result__run=run, indicator__kind="rated", indicator__rater_department_id=user.department_id)
        .select_related("indicator", "result__town", "result__department", "result__enterprise", "rated_by")
        .order_by("indicator__order", "result__rank", "result_id")
    )


@dataclass
class RewardRow:
    enterprise: Any
    credit_grade: str
    grades: dict = field(default_factory=dict)  # scheme code → (grade name, total)
    cells: list = field(default_factory=list)  # (grade name, total) in the schemes' order


def reward_recommendations(user, programme, year: int) -> tuple[list, list[RewardRow]]:
    """(schemes, rows): the enterprises whose published results in every enterprise scheme with reward
    grades are among those grades (第25条 “根据考核成绩，予以授信奖励”). Three queries."""
    runs = list(
        AssessmentRun.objects.visible_to(user)
        .filter(
            scheme__programme=programme,
            scheme__subject=Subject.ENTERPRISE,
            year=year,
            state=RunState.PUBLISHED,
        )
        .exclude(scheme__reward_grades=[])
        .select_related("scheme")
        .order_by("scheme__order")
    )
    if not runs:
        return [], []
    results = (
        Result.objects.visible_to(user)
        .filter(run__in=runs)
        .select_related("enterprise__town")
        .order_by("enterprise__town__order", "enterprise__name")
    )
    by_enterprise: dict[int, RewardRow] = {}
    passed: dict[int, int] = {}
    rewards = {run.pk: (run.scheme.code, set(run.scheme.reward_grades)) for run in runs}
    for result in results:
        code, reward_grades = rewards[result.run_id]
        row = by_enterprise.setdefault(result.enterprise_id, RewardRow(result.enterprise, ""))
        row.grades[code] = (result.grade_name, result.total)
        if result.grade in reward_grades:
            passed[result.enterprise_id] = passed.get(result.enterprise_id, 0) + 1
    chosen = [row for eid, row in by_enterprise.items() if passed.get(eid) == len(runs)]
    ids = [row.enterprise.pk for row in chosen]
    credit: dict[int, str] = dict(
        CreditStatus.objects.filter(enterprise_id__in=ids).values_list("enterprise_id", "grade")
    )
    for row in chosen:
        row.credit_grade = credit.get(row.enterprise.pk, "")
        row.cells = [row.grades.get(run.scheme.code, ("", None)) for run in runs]
    return [run.scheme for run in runs], chosen

"""Pool entries and their development plans, as each user may see them."""

from decimal import Decimal

from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from enterprises.models import Enterprise
from pools.models import Nomination

from ..figures import (
    FIGURE_CODES,
    unit_of,
)
from ..models import (
    DevelopmentPlan,
    Milestone,
    PlanGoal,
    enterprise_scope,
)
from .figures import figures_for

# --- pool entries and plans ------------------------------------------------------------------------


def entries_of(enterprise_id: int, *, year: int | None = None) -> QuerySet[Nomination]:
    """The enterprise's current pool entries: itself or one of its projects, approved and not removed."""
    qs = (
        Nomination.objects.in_pool()
        .filter(Q(enterprise_id=enterprise_id) | Q(project__enterprise_id=enterprise_id))
        .select_related("pool", "pool__path", "town", "enterprise", "project", "project__enterprise")
    )
    if year is not None:
        qs = qs.filter(year=year)
    return qs.order_by("-year", "pool__order", "id")


def entry_get(user, pk: int) -> Nomination:
    """A pool entry whose plan the user may see: a plan follows its entry (PlanQuerySet.visible_to)."""
    qs = (
        Nomination.objects.visible_to(user)
        .in_pool()
        .select_related(
            "pool", "pool__path", "town", "enterprise", "project", "project__enterprise", "programme"
        )
    )
    return get_object_or_404(qs, pk=pk)


def figure_enterprises(user) -> QuerySet[Enterprise]:
    """The enterprises whose figure sheet the user may open: those whose reports it sees
    (reporting.models.enterprise_scope, the rule of Report and Figure visible_to)."""
    return Enterprise.objects.filter(enterprise_scope(user, ""))


def plan_for(nomination: Nomination) -> DevelopmentPlan:
    """The entry's plan, or an unsaved one showing the town's nomination path plan until someone edits it."""
    plan = (
        DevelopmentPlan.objects.filter(nomination=nomination)
        .prefetch_related(
            Prefetch("goals", queryset=PlanGoal.objects.order_by("year", "id")),
            Prefetch("milestones", queryset=Milestone.objects.order_by("due_on", "id")),
        )
        .first()
    )
    if plan is None:
        plan = DevelopmentPlan(
            nomination=nomination,
            enterprise_id=nomination.subject_enterprise_id,
            town_id=nomination.town_id,
            path_solution=nomination.path_plan,
        )
    return plan


def plan_progress(plan: DevelopmentPlan, *, today=None) -> dict:
    """Goals with the actual figure of their year (official over self), and milestone counts."""
    today = today or timezone.localdate()
    if plan.pk is None:
        return {"goals": [], "milestones": [], "done": 0, "overdue": 0, "total": 0}
    goals = list(plan.goals.all())
    milestones = list(plan.milestones.all())
    years = {g.year for g in goals if g.metric}
    actuals = {}
    for year in years:
        sheet = figures_for(plan.enterprise, year)
        for code in FIGURE_CODES:
            actuals[(year, code)] = sheet.latest(code)
    rows = []
    for goal in goals:
        actual = actuals.get((goal.year, goal.metric)) if goal.metric else None
        amount = actual.amount if actual else None
        rate = (
            (amount / goal.target * 100).quantize(Decimal("0.1"))
            if amount is not None and goal.target
            else None
        )
        rows.append(
            {
                "goal": goal,
                "actual": actual,
                "completion": rate,
                "unit": unit_of(goal.metric) if goal.metric else "",
            }
        )
    return {
        "goals": rows,
        "milestones": milestones,
        "total": len(milestones),
        "done": sum(1 for m in milestones if m.status == "done"),
        "overdue": sum(1 for m in milestones if m.is_overdue(today)),
    }

"""The month's progress for the 调度通报: the milestones of the entries' development plans (due, done by
the month's end, overdue at it) by town and pool, and the key figures (year-to-date against the entries'
goals and the district targets, each beside the time progress)."""

from datetime import date
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.db.models.functions import Coalesce

from programs.models import YearTarget
from reporting.figures import CUMULATIVE, label_of
from reporting.models import Figure, FigureSource, Milestone, MilestoneStatus, PlanGoal

from .dispatch_reporting import LIST_LIMIT
from .periods import as_text, month_bounds, next_month, rate, time_progress


def _milestone_counts(end: date, start: date) -> dict[str, Any]:
    done_by_end = Q(status=MilestoneStatus.DONE) & (Q(done_on__isnull=True) | Q(done_on__lte=end))
    in_month = Q(due_on__gte=start, due_on__lte=end)
    return {
        "due": Count("id", filter=in_month),
        "done": Count("id", filter=in_month & done_by_end),
        "overdue": Count("id", filter=Q(due_on__lte=end) & ~done_by_end),
    }


def _overdue_q(end: date) -> Q:
    return Q(due_on__lte=end) & ~(
        Q(status=MilestoneStatus.DONE) & (Q(done_on__isnull=True) | Q(done_on__lte=end))
    )


def milestone_figures(entries, year, month, towns) -> dict:
    start, end = month_bounds(year, month)
    milestones: Any = Milestone.objects.filter(plan__nomination__in=entries.values("pk"))
    counts = _milestone_counts(end, start)
    by_town = {
        row["plan__town_id"]: row
        for row in milestones.order_by().values("plan__town_id").annotate(**counts).order_by()
    }
    by_pool = [
        {
            "pool_id": row["plan__nomination__pool_id"],
            "pool": row["plan__nomination__pool__name"],
            **_three(row),
        }
        for row in milestones.order_by()
        .values("plan__nomination__pool_id", "plan__nomination__pool__name", "plan__nomination__pool__order")
        .annotate(**counts)
        .order_by("plan__nomination__pool__order", "plan__nomination__pool_id")
    ]
    town_rows = [{"town_id": t["id"], "town": t["name"], **_three(by_town.get(t["id"], {}))} for t in towns]
    totals = milestones.aggregate(**counts)
    overdue = [
        {
            "milestone_id": row["id"],
            "title": row["title"],
            "due_on": row["due_on"].isoformat(),
            "nomination_id": row["plan__nomination_id"],
            "subject": row["subject_name"],
            "town": row["plan__town__name"],
        }
        for row in milestones.filter(_overdue_q(end))
        .annotate(
            subject_name=Coalesce("plan__nomination__enterprise__name", "plan__nomination__project__name")
        )
        .order_by("due_on", "id")
        .values("id", "title", "due_on", "plan__nomination_id", "subject_name", "plan__town__name")[
            :LIST_LIMIT
        ]
    ]
    ny, nm = next_month(year, month)
    n_start, n_end = month_bounds(ny, nm)
    next_due = (
        milestones.filter(due_on__gte=n_start, due_on__lte=n_end).exclude(status=MilestoneStatus.DONE).count()
    )
    return {
        "totals": {
            **_three(totals),
            "done_rate": as_text(rate(totals["done"], totals["due"])),
        },
        "by_town": town_rows,
        "by_pool": by_pool,
        "overdue": overdue,
        "next_month_due": next_due,
    }


def _three(row: Any) -> dict:
    return {"due": row.get("due") or 0, "done": row.get("done") or 0, "overdue": row.get("overdue") or 0}


def key_figures(programme, entries, year, month) -> dict:
    progress = time_progress(year, month)
    subjects = (
        entries.annotate(subject_id=Coalesce("enterprise_id", "project__enterprise_id"))
        .order_by()
        .values("subject_id")
    )
    goals = {
        row["metric"]: row
        for row in PlanGoal.objects.filter(plan__nomination__in=entries.values("pk"), year=year)
        .exclude(metric="")
        .order_by()
        .values("metric")
        .annotate(target=Sum("target"), goals=Count("id"))
        .order_by()
    }
    official = Figure.objects.filter(
        enterprise_id=OuterRef("enterprise_id"),
        year=OuterRef("year"),
        month=OuterRef("month"),
        metric=OuterRef("metric"),
        source=FigureSource.OFFICIAL,
    )
    with_goal = PlanGoal.objects.filter(
        plan__enterprise_id=OuterRef("enterprise_id"),
        plan__nomination__in=entries.values("pk"),
        metric=OuterRef("metric"),
        year=year,
    )
    actuals = {
        row["metric"]: row
        for row in Figure.objects.filter(
            year=year, month=month, metric__in=CUMULATIVE, enterprise_id__in=subjects
        )
        .exclude(Q(source=FigureSource.SELF) & Exists(official))
        .annotate(has_goal=Exists(with_goal))
        .order_by()
        .values("metric")
        .annotate(total=Sum("ytd"), with_goal=Sum("ytd", filter=Q(has_goal=True)))
        .order_by()
    }
    metrics = []
    for code in CUMULATIVE:
        goal, actual = goals.get(code), actuals.get(code)
        if goal is None and actual is None:
            continue
        target = goal["target"] if goal else None
        reached = actual["with_goal"] if actual else None
        metrics.append(
            {
                "metric": code,
                "label": label_of(code),
                "ytd": as_text(actual["total"] if actual else None),
                "goal": as_text(target),
                "goals": goal["goals"] if goal else 0,
                "ytd_with_goal": as_text(reached),
                "completion": as_text(rate(reached, target)),
                "time_progress": str(progress),
            }
        )
    targets = [
        {
            "indicator": row["indicator__name"],
            "unit": row["indicator__unit"],
            "target": as_text(row["target"]),
            "actual": as_text(row["actual"]),
            "completion": as_text(rate(row["actual"], row["target"])),
            "time_progress": str(progress),
        }
        for row in YearTarget.objects.filter(indicator__programme=programme, year=year)
        .order_by("indicator__order", "indicator_id")
        .values("indicator__name", "indicator__unit", "target", "actual")
    ]
    return {"time_progress": str(progress), "metrics": metrics, "district": targets}

"""Reads of quarterly reviews, supervision cases and site visits (scoping: the models' visible_to)."""

from decimal import Decimal
from typing import Any

from django.db.models import Avg, Count, QuerySet
from django.utils import timezone

from core.dates import end_of_day

from ..models import (
    QuarterlyReview,
    ReviewRating,
    SiteVisit,
    SupervisionCase,
    VisitMember,
    VisitScore,
    VisitSite,
    case_open_at,
    case_overdue_at,
)


def reviews_for(user) -> QuerySet:
    return QuarterlyReview.objects.visible_to(user).order_by("-year", "-quarter")


def ratings_for(user, review: QuarterlyReview, *, colour: str = "") -> QuerySet:
    """The review's ratings the user may see; `colour` (red, yellow, green) keeps one colour."""
    qs = ReviewRating.objects.visible_to(user).filter(review=review)
    if colour:
        qs = qs.filter(colour=colour)
    return qs.select_related("town", "department").order_by(
        "subject", "town__order", "department__order", "id"
    )


def cases_for(
    user, *, as_of=None, open_only: bool = False, overdue: bool = False, kind: str = ""
) -> QuerySet:
    """The cases the user may see. `open_only`: not yet closed; `overdue`: open, not reported and past
    their deadline; both at the end of `as_of` (a date, default today), the rule the cockpit counts by."""
    qs = SupervisionCase.objects.visible_to(user)
    if open_only or overdue:
        day = as_of or timezone.localdate()
        moment = end_of_day(day)
        qs = qs.filter(case_overdue_at(moment, day) if overdue else case_open_at(moment))
    if kind:
        qs = qs.filter(kind=kind)
    return qs.select_related("town", "department", "rule").order_by("-created_at", "-id")


def visits_for(user) -> QuerySet:
    return SiteVisit.objects.visible_to(user).order_by("-year", "-half", "-id")


def visit_members(visit: SiteVisit) -> list:
    return [m.user for m in VisitMember.objects.filter(visit=visit).select_related("user")]


def visit_ranking(visit: SiteVisit) -> list[dict]:
    """Sites by the mean of the visitors' totals, highest first (competition ranking). Two queries."""
    sites = list(
        VisitSite.objects.filter(visit=visit)
        .select_related(
            "nomination__pool", "nomination__town", "nomination__enterprise", "nomination__project"
        )
        .annotate(mean=Avg("scores__total"), sheets=Count("scores"))
    )
    rows: list[dict[str, Any]] = [
        {"site": s, "mean": (s.mean or Decimal("0")).quantize(Decimal("0.01")), "sheets": s.sheets}
        for s in sites
    ]
    rows.sort(key=lambda r: r["mean"], reverse=True)
    rank, previous = 0, None
    for i, row in enumerate(rows, start=1):
        if row["mean"] != previous:
            rank, previous = i, row["mean"]
        row["rank"] = rank
    return rows


def my_visit_scores(user, visit: SiteVisit) -> dict[int, VisitScore]:
    return {
        s.site_id: s
        for s in VisitScore.objects.visible_to(user).filter(site__visit=visit, visitor_id=user.pk)
    }

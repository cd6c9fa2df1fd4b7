"""Reads of quarterly reviews, supervision cases and site visits (scoping: the models' visible_to)."""

from decimal import Decimal
from typing import Any

from django.db.models import Avg, Count, QuerySet

from ..models import (
    QuarterlyReview,
    ReviewRating,
    SiteVisit,
    SupervisionCase,
    VisitMember,
    VisitScore,
    VisitSite,
)


def reviews_for(user) -> QuerySet:
    return QuarterlyReview.objects.visible_to(user).order_by("-year", "-quarter")


def ratings_for(user, review: QuarterlyReview) -> QuerySet:
    return (
        ReviewRating.objects.visible_to(user)
        .filter(review=review)
        .select_related("town", "department")
        .order_by("subject", "town__order", "department__order", "id")
    )


def cases_for(user) -> QuerySet:
    return (
        SupervisionCase.objects.visible_to(user)
        .select_related("town", "department", "rule")
        .order_by("-created_at", "-id")
    )


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

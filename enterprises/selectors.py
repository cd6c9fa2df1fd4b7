"""Reads of the registry; scoping comes from the models' visible_to()."""

from django.db.models import Q, QuerySet

from .models import Enterprise, Project


def enterprises_for(
    user,
    *,
    search: str = "",
    town=None,
    industry=None,
    leading_industry=None,
    above_scale: bool | None = None,
) -> QuerySet[Enterprise]:
    qs = Enterprise.objects.visible_to(user).select_related("town", "industry", "leading_industry")
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(uscc__icontains=search.upper()))
    if town:
        qs = qs.filter(town=town)
    if industry:
        qs = qs.filter(industry=industry)
    if leading_industry:
        qs = qs.filter(leading_industry=leading_industry)
    if above_scale is not None:
        qs = qs.filter(is_above_scale=above_scale)
    return qs


def projects_for(user, *, search: str = "", town=None, leading_industry=None, park=None) -> QuerySet[Project]:
    qs = Project.objects.visible_to(user).select_related("enterprise", "town", "leading_industry", "park")
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(enterprise__name__icontains=search))
    if town:
        qs = qs.filter(town=town)
    if leading_industry:
        qs = qs.filter(leading_industry=leading_industry)
    if park:
        qs = qs.filter(park=park)
    return qs


def registry_stats(user) -> dict:
    """Counts for home pages, over what the user may see (two aggregate queries)."""
    from django.db.models import Count, Sum

    enterprises = Enterprise.objects.visible_to(user)
    totals = enterprises.aggregate(total=Count("id"), above=Count("id", filter=Q(is_above_scale=True)))
    projects = Project.objects.visible_to(user).aggregate(
        total=Count("id"), investment=Sum("total_investment")
    )
    return {
        "enterprises": totals["total"],
        "above_scale": totals["above"],
        "projects": projects["total"],
        "investment": projects["investment"],
    }


def enterprises_by_town(user) -> list[dict]:
    from django.db.models import Count

    return list(
        Enterprise.objects.visible_to(user)
        .values("town__name", "town__order")
        .annotate(total=Count("id"), above=Count("id", filter=Q(is_above_scale=True)))
        .order_by("town__order")
    )

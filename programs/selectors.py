"""Reads of the policy data, with the related rows each page needs fetched up front."""

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from .models import Criterion, DistrictIndicator, Pool, PoolQuota, Programme, YearTarget


def programme_get(user, code: str | None = None) -> Programme:
    qs = Programme.objects.visible_to(user).prefetch_related("leading_industries")
    programme = qs.filter(code=code).first() if code else qs.current()
    if programme is None:
        raise Http404("programme")
    return programme


def pools_of(programme: Programme, *, year: int | None = None, department=None) -> QuerySet[Pool]:
    quotas = PoolQuota.objects.order_by("year")
    if year is not None:
        quotas = quotas.filter(year=year)
    qs = (
        Pool.objects.filter(programme=programme)
        .select_related("path")
        .prefetch_related(
            "lead_departments",
            "responsible_departments",
            Prefetch("criteria", queryset=Criterion.objects.order_by("order", "id")),
            Prefetch("quotas", queryset=quotas),
        )
        .order_by("order")
    )
    if department is not None:
        qs = qs.filter(Q(lead_departments=department) | Q(responsible_departments=department)).distinct()
    return qs


def pool_get(programme: Programme, code: str) -> Pool:
    pool = pools_of(programme).filter(code=code).first()
    if pool is None:
        raise Http404("pool")
    return pool


def indicators_of(programme: Programme) -> QuerySet[DistrictIndicator]:
    return (
        DistrictIndicator.objects.filter(programme=programme)
        .prefetch_related(
            "lead_departments", Prefetch("targets", queryset=YearTarget.objects.order_by("year"))
        )
        .order_by("order")
    )


def programmes_with_counts(user) -> QuerySet[Programme]:
    return Programme.objects.visible_to(user).annotate(
        pool_count=Count("pools", distinct=True), path_count=Count("paths", distinct=True)
    )

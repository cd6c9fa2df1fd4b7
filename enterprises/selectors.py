"""Reads of the registry; scoping comes from the models' visible_to()."""

from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from core.selectors import filter_given

from .models import Enterprise, Project
from .uscc import normalize

_QS = TypeVar("_QS", bound=QuerySet)


def search_by_name_or_uscc(qs: _QS, q: str, *, prefix: str | tuple[str, ...] = "", also=()) -> _QS:
    """The one name/USCC search: `q` in the enterprise's name or its 统一社会信用代码 (any case).

    `prefix` is the path from the queryset's model to the enterprise (`"enterprise__"`, or several for
    a nomination of an enterprise or of a project); `also` names further text fields to search."""
    term = (q or "").strip()
    if not term:
        return qs
    condition = Q()
    for path in (prefix,) if isinstance(prefix, str) else prefix:
        condition |= Q(**{f"{path}name__icontains": term}) | Q(**{f"{path}uscc__icontains": term.upper()})
    for lookup in also:
        condition |= Q(**{f"{lookup}__icontains": term})
    return qs.filter(condition)


def registered_enterprise(value: str) -> Enterprise:
    """The registered enterprise of a 统一社会信用代码 as typed (normalised first), with its town; a code
    not in the registry is refused with a ValidationError that names it (forms, serializers and
    imports all say the same sentence)."""
    code = normalize(value or "")
    enterprise = Enterprise.objects.filter(uscc=code).select_related("town").first()
    if enterprise is None:
        raise ValidationError(_("统一社会信用代码“%(code)s”未在企业名录中登记。") % {"code": code})
    return enterprise


# The registry lists (enterprises, projects): by name (the name indexes; within a town its (town, name)
# index). Exports keep the model's order by town.
LIST_ORDER = ("name", "pk")


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
    qs = search_by_name_or_uscc(qs, search)
    qs = filter_given(qs, town=town, industry=industry, leading_industry=leading_industry)
    if above_scale is not None:
        qs = qs.filter(is_above_scale=above_scale)
    return qs


def projects_for(user, *, search: str = "", town=None, leading_industry=None, park=None) -> QuerySet[Project]:
    qs = Project.objects.visible_to(user).select_related("enterprise", "town", "leading_industry", "park")
    qs = search_by_name_or_uscc(qs, search, prefix="enterprise__", also=("name",))
    return filter_given(qs, town=town, leading_industry=leading_industry, park=park)


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

"""Pool pages: entries against the quota, by town and industry, and the xlsx list."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from core.web import exported_xlsx
from programs.models import Pool
from programs.years import requested_year as _year

from .. import selectors
from .common import _programme

# --- pools -----------------------------------------------------------------------------------


@login_required
def pool_overview(request):
    programme = _programme(request.user)
    year = _year(request, programme)
    from programs.selectors import pools_of

    pools = list(pools_of(programme, year=year))
    counts = selectors.approved_counts(request.user, programme, year)
    rows = [
        {"pool": p, "quota": next(iter(p.quotas.all()), None), "count": counts.get(p.pk, 0)} for p in pools
    ]
    return render(request, "pools/pool_overview.html", {"programme": programme, "year": year, "rows": rows})


@login_required
def pool_page(request, year, code):
    programme = _programme(request.user)
    pool = get_object_or_404(
        Pool.objects.prefetch_related("lead_departments"), programme=programme, code=code
    )
    entries = selectors.pool_entries(request.user, pool, year)
    quota = pool.quotas.filter(year=year).first()
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "pools/pool_page.html",
        {
            "programme": programme,
            "pool": pool,
            "year": year,
            "quota": quota,
            "page": page,
            "breakdown": selectors.pool_breakdown(entries),
            "count": page.paginator.count,
        },
    )


@login_required
def pool_export(request, year, code):

    from ..xlsx import pool_workbook

    programme = _programme(request.user)
    pool = get_object_or_404(Pool, programme=programme, code=code)
    entries = selectors.pool_entries(request.user, pool, year)
    content = pool_workbook(pool=pool, year=year, entries=entries)
    return exported_xlsx(
        request,
        content,
        f"pool-{year}-{code}.xlsx",
        instance=pool,
        event="export.pool",
        params={"year": year, "pool": code},
    )

"""The late-reports rows: enterprises with reports missing or late at each month's end, by town and dept."""

import operator
from datetime import date
from functools import reduce

from django.db.models import Count, Q

from reporting.models import ReportDue

from ..derivations import months_of
from ..models import LateReports
from .periods import month_end


def _refresh_late(year: int, today: date) -> int:
    """Enterprises with the year's reports missing or submitted late at the end of each month of the
    year (the late list's rule as of that day, reporting.selectors.dues.late_q): one grouped query for
    the district and the towns, with a count per month, and one for the pools' entries of the
    departments."""
    from pools.models import Nomination
    from programs.models import Department
    from reporting.selectors.dues import late_q

    ends = {m: month_end(year, m, today) for m in months_of(year, today)}
    LateReports.objects.filter(year=year).delete()
    if not ends:
        return 0
    counts = {f"n{m}": Count("id", filter=late_q(today, as_of=end)) for m, end in ends.items()}
    late_rows = list(
        ReportDue.objects.filter(year=year)
        .order_by()
        .values("enterprise_id")
        .annotate(**counts)
        .filter(reduce(operator.or_, (Q(**{f"{name}__gt": 0}) for name in counts)))
        .values("enterprise_id", "enterprise__town_id", *counts)
    )
    entered: dict = {}
    for pool_id, enterprise, project_enterprise in (
        Nomination.objects.in_pool()
        .order_by()
        .values_list("pool_id", "enterprise_id", "project__enterprise_id")
    ):
        entered.setdefault(pool_id, set()).add(enterprise or project_enterprise)
    departments = []
    for department in Department.objects.prefetch_related("led_pools", "responsible_pools"):
        pools = {p.pk for p in department.led_pools.all()} | {
            p.pk for p in department.responsible_pools.all()
        }
        if pools:
            departments.append((department.pk, set().union(*(entered.get(p, set()) for p in pools))))
    out: list[LateReports] = []
    for m, end in ends.items():
        late = {r["enterprise_id"]: r["enterprise__town_id"] for r in late_rows if r[f"n{m}"] > 0}
        rows: dict[tuple[int | None, int | None], int] = {(None, None): 0}
        for town in late.values():
            for where in {town, None}:
                rows[(where, None)] = rows.get((where, None), 0) + 1
        for department_id, theirs in departments:
            rows[(None, department_id)] = len(theirs & late.keys())
        out.extend(
            LateReports(year=year, month=m, town_id=t, department_id=d, enterprises=n, as_of=end)
            for (t, d), n in rows.items()
        )
    LateReports.objects.bulk_create(out)
    return len(out)

"""The quarter's figures a review reads, per town and department (fixed number of queries)."""

from programs.models import Department, Pool, Town

from . import portal_data as data


def review_units(programme) -> tuple[list, list]:
    towns = list(Town.objects.filter(is_active=True).order_by("order", "code"))
    leads = Pool.objects.filter(programme=programme).values("lead_departments")
    departments = list(Department.objects.filter(is_active=True, pk__in=leads).order_by("order", "code"))
    return towns, departments


def quarter_metrics(period: "data.Period", pending_days: set[int]) -> dict:
    """{"town": {id: metrics}, "department": {id: metrics}}. Metrics: on_time_rate (None without
    reports due), due, on_time, missing_reports, overdue_milestones, pending_reviews (per days)."""
    towns: dict[int, dict] = {}
    for town_id, (due, on_time, missing) in data.on_time_by(period, "enterprise__town_id").items():
        towns.setdefault(town_id, {}).update(
            {
                "on_time_rate": data.percent(on_time, due),
                "due": due,
                "on_time": on_time,
                "missing_reports": missing,
            }
        )
    for town_id, (_due, _done, overdue) in data.milestones_by(period, "plan__town_id").items():
        towns.setdefault(town_id, {})["overdue_milestones"] = overdue
    departments: dict[int, dict] = {}
    for dept_id, (_due, _done, overdue) in data.milestones_by(
        period, "plan__nomination__pool__lead_departments"
    ).items():
        departments.setdefault(dept_id, {})["overdue_milestones"] = overdue
    for days in sorted(pending_days):
        for dept_id, n in data.pending_reviews_by_department(period.as_of, days).items():
            departments.setdefault(dept_id, {})[f"pending_reviews_{days}"] = n
    return {"town": towns, "department": departments}

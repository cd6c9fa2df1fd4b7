"""The figures of a month's 调度通报, computed in a fixed number of grouped queries (no query per entry).

`dispatch_figures(programme, year, month, today=…, overdue_days=…)` returns plain JSON (decimals as
strings) — the snapshot a report keeps. Its parts:

- reporting: pool entries of the month that reported on time, late, or not at all (their enterprise's
  ReportDue of the month; without a due row, its first submitted Report of the month against the 5th
  of the next month), by town and by pool;
- milestones of the entries' development plans: due in the month, of those done by its end, and
  overdue at its end (due on or before the month's last day and not done by then), by town and pool;
- key figures: the year-to-date of the month (official statistics over self-reports) against the
  entries' goals of the year, and the district targets, each beside the time progress
  (时间进度 = elapsed days of the year at the month's end / days of the year);
- reviews: submitted nominations waiting longer than `overdue_days`, by lead department;
- rankings of towns (on-time rate, then fewer overdue milestones) and departments (fewer overdue
  reviews), first and last three; problems found, each naming its entry, town or department; and
  next month's milestones.

The parts live by concern: reporting in dispatch_reporting.py, milestones and key figures in
dispatch_progress.py, periods and rates in periods.py; this module puts them together and reads the
reports.
"""

from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from pools.models import Nomination, NominationState
from programs.models import Department, Programme, Town

from .dispatch_progress import key_figures, milestone_figures
from .dispatch_reporting import LIST_LIMIT, MISSING, entry_rows_of, month_entries, reporting_figures
from .periods import month_bounds, next_month, previous_month, rate, time_progress

# where the callers found them
__all__ = [
    "dispatch_figures",
    "dispatch_report_get",
    "dispatch_reports_for",
    "month_bounds",
    "next_month",
    "own_rows",
    "previous_month",
    "rate",
    "time_progress",
]

RANK_SIZE = 3


def _reviews(programme, today: date, overdue_days: int) -> dict:
    cutoff = datetime.combine(today - timedelta(days=overdue_days), datetime.min.time())
    cutoff_at = timezone.make_aware(cutoff)
    waiting = Q(led_pools__nominations__state=NominationState.SUBMITTED)
    late = waiting & Q(led_pools__nominations__submitted_at__lt=cutoff_at)
    departments = [
        {
            "department_id": row["id"],
            "department": row["name"],
            "pending": row["pending"],
            "overdue": row["overdue"],
        }
        for row in Department.objects.filter(led_pools__programme=programme)
        .order_by()
        .values("id", "name", "order")
        .annotate(
            pending=Count("led_pools__nominations", filter=waiting),
            overdue=Count("led_pools__nominations", filter=late),
        )
        .order_by("order", "id")
    ]
    overdue = [
        {
            "nomination_id": row["id"],
            "subject": row["subject_name"],
            "pool": row["pool__name"],
            "town": row["town__name"],
            "department": row["pool__lead_departments__name"],
            "submitted_on": row["submitted_at"].date().isoformat() if row["submitted_at"] else None,
            "days": (today - timezone.localtime(row["submitted_at"]).date()).days
            if row["submitted_at"]
            else None,
        }
        for row in Nomination.objects.filter(
            programme=programme, state=NominationState.SUBMITTED, submitted_at__lt=cutoff_at
        )
        .annotate(subject_name=Coalesce("enterprise__name", "project__name"))
        .order_by("submitted_at", "id")
        .values(
            "id", "subject_name", "pool__name", "town__name", "pool__lead_departments__name", "submitted_at"
        )[:LIST_LIMIT]
    ]
    return {
        "overdue_days": overdue_days,
        "by_department": departments,
        "overdue": overdue,
        "totals": {
            "pending": sum(d["pending"] for d in departments),
            "overdue": sum(d["overdue"] for d in departments),
        },
    }


def _rankings(reporting: dict, milestones: dict, reviews: dict) -> dict:
    overdue_by_town = {r["town_id"]: r["overdue"] for r in milestones["by_town"]}
    towns = [
        {
            "town": r["town"],
            "on_time_rate": r["on_time_rate"],
            "entries": r["entries"],
            "overdue_milestones": overdue_by_town.get(r["town_id"], 0),
        }
        for r in reporting["by_town"]
        if r["entries"]
    ]
    towns.sort(key=lambda r: (-Decimal(r["on_time_rate"] or 0), r["overdue_milestones"], r["town"]))
    departments = sorted(
        reviews["by_department"], key=lambda r: (r["overdue"], r["pending"], r["department"])
    )
    return {
        "towns_first": towns[:RANK_SIZE],
        "towns_last": list(reversed(towns[-RANK_SIZE:])) if len(towns) > RANK_SIZE else [],
        "departments_first": departments[:RANK_SIZE],
        "departments_last": list(reversed(departments[-RANK_SIZE:])) if len(departments) > RANK_SIZE else [],
    }


def _problems(reporting: dict, milestones: dict, reviews: dict) -> list[dict]:
    """Problems found, each naming the entry, town or department it concerns."""
    out: list[dict] = []
    for row in reporting["by_town"]:
        if row[MISSING]:
            out.append(
                {
                    "kind": "unreported",
                    "town": row["town"],
                    "text": f"{row['town']}有{row[MISSING]}个入库对象未报送月报",
                }
            )
    for row in milestones["overdue"]:
        out.append(
            {
                "kind": "milestone",
                "town": row["town"],
                "nomination_id": row["nomination_id"],
                "text": f"{row['subject']}（{row['town']}）的节点“{row['title']}”计划{row['due_on']}完成，逾期未完成",
            }
        )
    for row in reviews["by_department"]:
        if row["overdue"]:
            out.append(
                {
                    "kind": "review",
                    "department": row["department"],
                    "text": f"{row['department']}有{row['overdue']}件入库申报超过{reviews['overdue_days']}天未审核",
                }
            )
    return out


def dispatch_figures(programme: Programme, year: int, month: int, *, today: date, overdue_days: int) -> dict:
    """Every figure of the month's report, as JSON (see the module's docstring)."""
    towns = list(Town.objects.filter(is_active=True).order_by("order", "code").values("id", "name"))
    entries = month_entries(programme, year, month)
    entry_rows = entry_rows_of(entries, year, month)
    reporting = reporting_figures(entries, year, month, towns, entry_rows)
    milestones = milestone_figures(entries, year, month, towns)
    reviews = _reviews(programme, today, overdue_days)
    return {
        "programme": {"id": programme.pk, "doc_number": programme.doc_number},
        "year": year,
        "month": month,
        "as_of": today.isoformat(),
        "reporting": reporting,
        "entries": entry_rows,
        "milestones": milestones,
        "figures": key_figures(programme, entries, year, month),
        "reviews": reviews,
        "rankings": _rankings(reporting, milestones, reviews),
        "problems": _problems(reporting, milestones, reviews),
    }


# --- reads of the reports --------------------------------------------------------------------------------


def dispatch_reports_for(user) -> QuerySet:
    from ..models import DispatchReport

    return (
        DispatchReport.objects.visible_to(user)
        .select_related("programme", "corrects")
        .order_by("-year", "-month", "-id")
    )


def dispatch_report_get(user, pk: int):
    from django.http import Http404

    from ..models import DispatchReport

    found = (
        DispatchReport.objects.visible_to(user).select_related("programme", "corrects").filter(pk=pk).first()
    )
    if found is None:
        raise Http404
    return found


def own_rows(user, snapshot: dict) -> dict:
    """The parts of a snapshot a unit sees on the page: the district totals and rankings (as in the
    published document), and in the tables by town or department only its own row."""
    from accounts.models import Role

    if user.role == Role.OFFICE:
        return snapshot
    town_name = getattr(user.town, "name", None) if user.role == Role.TOWN else None
    dept_name = getattr(user.department, "name", None) if user.role == Role.DEPARTMENT else None
    out = dict(snapshot)
    reporting = dict(snapshot.get("reporting", {}))
    milestones = dict(snapshot.get("milestones", {}))
    reviews = dict(snapshot.get("reviews", {}))
    reporting["by_town"] = [r for r in reporting.get("by_town", []) if r["town"] == town_name]
    reporting["unreported"] = [r for r in reporting.get("unreported", []) if r["town"] == town_name]
    milestones["by_town"] = [r for r in milestones.get("by_town", []) if r["town"] == town_name]
    milestones["overdue"] = [r for r in milestones.get("overdue", []) if r["town"] == town_name]
    reviews["by_department"] = [r for r in reviews.get("by_department", []) if r["department"] == dept_name]
    reviews["overdue"] = [r for r in reviews.get("overdue", []) if r["department"] == dept_name]
    out["reporting"], out["milestones"], out["reviews"] = reporting, milestones, reviews
    out["entries"] = [r for r in snapshot.get("entries", []) if r["town"] == town_name]
    out["problems"] = [
        p
        for p in snapshot.get("problems", [])
        if (town_name and p.get("town") == town_name) or (dept_name and p.get("department") == dept_name)
    ]
    return out

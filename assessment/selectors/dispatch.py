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
"""

import calendar
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from pools.models import Nomination, NominationState
from programs.models import Department, Programme, Town, YearTarget
from reporting.figures import CUMULATIVE, label_of
from reporting.models import (
    DEFAULT_DUE_DAY,
    Figure,
    FigureSource,
    Milestone,
    MilestoneStatus,
    PlanGoal,
    Report,
    ReportDue,
)

ON_TIME, LATE, MISSING = "on_time", "late", "missing"
RANK_SIZE = 3
LIST_LIMIT = 200  # rows of each problem list kept in the snapshot (the counts are always complete)
PERCENT = Decimal("0.1")


def month_bounds(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def next_month(year: int, month: int) -> tuple[int, int]:
    return (year + 1, 1) if month == 12 else (year, month + 1)


def previous_month(today: date) -> tuple[int, int]:
    return (today.year - 1, 12) if today.month == 1 else (today.year, today.month - 1)


def time_progress(year: int, month: int) -> Decimal:
    """时间进度 at the month's end: elapsed days of the year / days of the year, in per cent."""
    _start, end = month_bounds(year, month)
    days = 366 if calendar.isleap(year) else 365
    return (Decimal(end.timetuple().tm_yday) * 100 / days).quantize(PERCENT, ROUND_HALF_UP)


def rate(part, whole) -> Decimal | None:
    if not whole or part is None:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(PERCENT, ROUND_HALF_UP)


def _text(value) -> str | None:
    return None if value is None else str(value)


# --- the month's entries -----------------------------------------------------------------------------


def month_entries(programme: Programme, year: int, month: int) -> QuerySet[Nomination]:
    """Pool entries at the month's end: approved for the year, not removed by then."""
    _start, end = month_bounds(year, month)
    return Nomination.objects.filter(programme=programme, year=year, state=NominationState.APPROVED).filter(
        Q(removed_at__isnull=True) | Q(removed_at__date__gt=end)
    )


def _with_status(entries: QuerySet[Nomination], year: int, month: int) -> Any:
    """Each entry with its subject enterprise and its reporting status of the month (one query)."""
    ny, nm = next_month(year, month)
    default_due = date(ny, nm, DEFAULT_DUE_DAY)
    due = ReportDue.objects.filter(enterprise_id=OuterRef("subject_id"), year=year, month=month).annotate(
        status=Case(
            When(submitted_at__isnull=True, then=Value(MISSING)),
            When(submitted_at__date__gt=F("due_on"), then=Value(LATE)),
            default=Value(ON_TIME),
            output_field=CharField(),
        )
    )
    report = (
        Report.objects.filter(
            enterprise_id=OuterRef("subject_id"), year=year, month=month, submitted_at__isnull=False
        )
        .order_by("submitted_at")
        .annotate(
            status=Case(
                When(submitted_at__date__gt=default_due, then=Value(LATE)),
                default=Value(ON_TIME),
                output_field=CharField(),
            )
        )
    )
    return entries.annotate(
        subject_id=Coalesce("enterprise_id", "project__enterprise_id"),
        subject_name=Coalesce("enterprise__name", "project__name"),
    ).annotate(
        status=Coalesce(
            Subquery(due.values("status")[:1]),
            Subquery(report.values("status")[:1]),
            Value(MISSING),
            output_field=CharField(),
        )
    )


def _status_counts() -> dict[str, Any]:
    return {
        "entries": Count("id"),
        ON_TIME: Count("id", filter=Q(status=ON_TIME)),
        LATE: Count("id", filter=Q(status=LATE)),
        MISSING: Count("id", filter=Q(status=MISSING)),
    }


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


# --- the figures ---------------------------------------------------------------------------------------


def _reporting(entries, year, month, towns, entry_rows: list[dict]) -> dict:
    annotated = _with_status(entries, year, month)
    by_town = {
        row["town_id"]: row
        for row in annotated.order_by().values("town_id").annotate(**_status_counts()).order_by()
    }
    by_pool = [
        {
            "pool_id": row["pool_id"],
            "pool": row["pool__name"],
            "entries": row["entries"],
            ON_TIME: row[ON_TIME],
            LATE: row[LATE],
            MISSING: row[MISSING],
        }
        for row in annotated.order_by()
        .values("pool_id", "pool__name", "pool__order")
        .annotate(**_status_counts())
        .order_by("pool__order", "pool_id")
    ]
    town_rows = []
    for town in towns:
        row = by_town.get(town["id"], {})
        town_rows.append(
            {
                "town_id": town["id"],
                "town": town["name"],
                "entries": row.get("entries", 0),
                ON_TIME: row.get(ON_TIME, 0),
                LATE: row.get(LATE, 0),
                MISSING: row.get(MISSING, 0),
            }
        )
    totals = {key: sum(r[key] for r in by_pool) for key in ("entries", ON_TIME, LATE, MISSING)}
    totals["on_time_rate"] = _text(rate(totals[ON_TIME], totals["entries"]))
    for row in [*town_rows, *by_pool]:
        row["on_time_rate"] = _text(rate(row[ON_TIME], row["entries"]))
    # the late and missing entries, from the entry list already read (no further query)
    unreported = [r for r in entry_rows if r["status"] in (LATE, MISSING)][:LIST_LIMIT]
    return {"totals": totals, "by_town": town_rows, "by_pool": by_pool, "unreported": unreported}


def _entries_list(entries, year, month) -> list[dict]:
    """Every entry of the month with its reporting status (the annex's entry sheet)."""
    return [
        {
            "nomination_id": row["id"],
            "subject": row["subject_name"],
            "town": row["town__name"],
            "pool": row["pool__name"],
            "status": row["status"],
        }
        for row in _with_status(entries, year, month)
        .order_by("town__order", "pool__order", "subject_name", "id")
        .values("id", "subject_name", "town__name", "pool__name", "status")
    ]


def _milestones(entries, year, month, towns) -> dict:
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
            "done_rate": _text(rate(totals["done"], totals["due"])),
        },
        "by_town": town_rows,
        "by_pool": by_pool,
        "overdue": overdue,
        "next_month_due": next_due,
    }


def _three(row: Any) -> dict:
    return {"due": row.get("due") or 0, "done": row.get("done") or 0, "overdue": row.get("overdue") or 0}


def _key_figures(programme, entries, year, month) -> dict:
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
                "ytd": _text(actual["total"] if actual else None),
                "goal": _text(target),
                "goals": goal["goals"] if goal else 0,
                "ytd_with_goal": _text(reached),
                "completion": _text(rate(reached, target)),
                "time_progress": str(progress),
            }
        )
    targets = [
        {
            "indicator": row["indicator__name"],
            "unit": row["indicator__unit"],
            "target": _text(row["target"]),
            "actual": _text(row["actual"]),
            "completion": _text(rate(row["actual"], row["target"])),
            "time_progress": str(progress),
        }
        for row in YearTarget.objects.filter(indicator__programme=programme, year=year)
        .order_by("indicator__order", "indicator_id")
        .values("indicator__name", "indicator__unit", "target", "actual")
    ]
    return {"time_progress": str(progress), "metrics": metrics, "district": targets}


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
    entry_rows = _entries_list(entries, year, month)
    reporting = _reporting(entries, year, month, towns, entry_rows)
    milestones = _milestones(entries, year, month, towns)
    reviews = _reviews(programme, today, overdue_days)
    return {
        "programme": {"id": programme.pk, "doc_number": programme.doc_number},
        "year": year,
        "month": month,
        "as_of": today.isoformat(),
        "reporting": reporting,
        "entries": entry_rows,
        "milestones": milestones,
        "figures": _key_figures(programme, entries, year, month),
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

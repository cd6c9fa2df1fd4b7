"""The month's pool entries and their reporting status (on time, late, missing) for the 调度通报: each
entry's ReportDue of the month; without a due row, its first submitted Report of the month against the
due day of the next month. Grouped queries, no query per entry."""

from datetime import date
from typing import Any

from django.db.models import Case, CharField, Count, F, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce

from pools.models import Nomination, NominationState
from programs.models import Programme
from reporting.models import DEFAULT_DUE_DAY, Report, ReportDue

from .periods import as_text, month_bounds, next_month, rate

ON_TIME, LATE, MISSING = "on_time", "late", "missing"
LIST_LIMIT = 200  # rows of each problem list kept in the snapshot (the counts are always complete)


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


def reporting_figures(entries, year, month, towns, entry_rows: list[dict]) -> dict:
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
    totals["on_time_rate"] = as_text(rate(totals[ON_TIME], totals["entries"]))
    for row in [*town_rows, *by_pool]:
        row["on_time_rate"] = as_text(rate(row[ON_TIME], row["entries"]))
    # the late and missing entries, from the entry list already read (no further query)
    unreported = [r for r in entry_rows if r["status"] in (LATE, MISSING)][:LIST_LIMIT]
    return {"totals": totals, "by_town": town_rows, "by_pool": by_pool, "unreported": unreported}


def entry_rows_of(entries, year, month) -> list[dict]:
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

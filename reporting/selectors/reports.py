"""Monthly reports as each user may see them."""

from decimal import Decimal

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from core.selectors import filter_given
from enterprises.selectors import search_by_name_or_uscc

from ..models import (
    Figure,
    Report,
    ReportEntry,
    ReportEvent,
    ReportState,
)
from .common import OFFICIAL

# --- reports ---------------------------------------------------------------------------------------


def reports_for(
    user, *, year=None, month=None, state=None, town=None, search: str = "", enterprise=None
) -> QuerySet[Report]:
    qs = Report.objects.visible_to(user).select_related("enterprise", "enterprise__town")
    qs = filter_given(qs, year=year, month=month, state=state, enterprise__town=town, enterprise=enterprise)
    qs = search_by_name_or_uscc(qs, search, prefix="enterprise__")
    # newest period first, an enterprise's versions together: the order of report_list_idx (no sort of the
    # whole table by the enterprises' names at a province's volume)
    return qs.order_by("-year", "-month", "enterprise_id", "-version")


def report_get(user, pk: int) -> Report:
    qs = (
        Report.objects.visible_to(user)
        .select_related("enterprise", "enterprise__town", "previous", "decided_by", "submitted_by")
        .prefetch_related(
            Prefetch(
                "entries",
                queryset=ReportEntry.objects.select_related(
                    "nomination", "nomination__pool", "nomination__enterprise", "nomination__project"
                ),
            ),
            Prefetch(
                "events",
                queryset=ReportEvent.objects.select_related(
                    "actor", "actor__town", "actor__department", "actor__enterprise"
                ),
            ),
        )
    )
    return get_object_or_404(qs, pk=pk)


def report_versions(report: Report, user=None) -> QuerySet[Report]:
    """The period's versions the user may see (a draft correction stays the enterprise's own)."""
    qs = Report.objects.visible_to(user) if user is not None else Report.objects.all()
    return (
        qs.filter(enterprise_id=report.enterprise_id, year=report.year, month=report.month)
        .only(
            "id",
            "version",
            "state",
            "submitted_at",
            "decided_at",
            "correction_reason",
            "enterprise_id",
            "year",
            "month",
        )
        .order_by("version")
    )


def previous_month_ytd(enterprise_id: int, year: int, month: int) -> dict[str, tuple[Decimal | None, str]]:
    """The year-to-date of each cumulative figure for the month before (official over self)."""
    if month <= 1:
        return {}
    rows = Figure.objects.filter(enterprise_id=enterprise_id, year=year, month=month - 1, ytd__isnull=False)
    out: dict[str, tuple[Decimal | None, str]] = {}
    for metric, source, ytd in rows.values_list("metric", "source", "ytd"):
        if metric not in out or source == OFFICIAL:
            out[metric] = (ytd, source)
    # Last month's report, submitted but not yet confirmed (so no figures yet): its own year-to-date.
    last = (
        Report.objects.filter(enterprise_id=enterprise_id, year=year, month=month - 1)
        .exclude(state=ReportState.SUPERSEDED)
        .exclude(submitted_at__isnull=True)
        .order_by("-version")
        .first()
    )
    if last is not None:
        for code in last.figures or {}:
            ytd = last.figure(code, "ytd")
            if code not in out and ytd is not None:
                out[code] = (ytd, "report")
    return out

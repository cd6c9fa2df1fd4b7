"""Dues and lateness, and the enterprise home page built on them."""

from django.db.models import Count, F, Max, Min, Q, QuerySet, Sum
from django.utils import timezone

from core.dates import end_of_day
from core.selectors import filter_given
from enterprises.models import Enterprise
from enterprises.selectors import search_by_name_or_uscc

from ..models import (
    DevelopmentPlan,
    LateSummary,
    Report,
    ReportDue,
    ReportState,
)
from .entries import entries_of
from .figures import figures_for, latest_full_year

# --- dues, lateness --------------------------------------------------------------------------------


def dues_for(user, *, year=None, town=None, search: str = "") -> QuerySet[ReportDue]:
    qs = filter_given(ReportDue.objects.visible_to(user), year=year, enterprise__town=town)
    qs = search_by_name_or_uscc(qs, search, prefix="enterprise__")
    return qs


def _late_q(today, as_of=None) -> Q:
    """Missing after the due date: today, or at the end of the past day `as_of` (then a report
    submitted after that day was still missing)."""
    if as_of is None:
        return Q(submitted_at__isnull=True, due_on__lt=today)
    return Q(due_on__lt=as_of) & (Q(submitted_at__isnull=True) | Q(submitted_at__gte=end_of_day(as_of)))


def _late_submitted_q(as_of=None) -> Q:
    # first submitted after the due date (submitted_at is a datetime; due_on a date, inclusive),
    # and by the end of `as_of` when given
    late = Q(submitted_at__date__gt=F("due_on"))
    return late if as_of is None else late & Q(submitted_at__lt=end_of_day(as_of))


def late_q(today, as_of=None) -> Q:
    """A due the late list shows (late_by_enterprise): missing after its due date or submitted late,
    today or as of the end of `as_of`."""
    return _late_q(today, as_of) | _late_submitted_q(as_of)


def summary_holds(today) -> bool:
    """Whether the late summary's counts are those of `today`: no row computed for a later day, none
    whose next due date has passed since (the daily task recomputes those). Otherwise the late list
    counts the dues themselves, so its figures are right either way."""
    stale = Q(next_change__lt=today) | Q(computed_for__gt=today)
    return not LateSummary.objects.filter(stale).exists()


def _summary_for(user, *, year=None, town=None, search: str = "") -> QuerySet[LateSummary]:
    qs = LateSummary.objects.visible_to(user).filter(year=year or LateSummary.ALL_YEARS)
    if town:
        qs = qs.filter(enterprise__town=town)
    return search_by_name_or_uscc(qs, search, prefix="enterprise__")


def late_by_town(user, *, today, year=None, as_of=None) -> list[dict]:
    """Per town: reports missing after their due date and reports submitted late (one grouped query)."""
    if as_of is None and summary_holds(today):  # a past day is counted from the dues
        # grouped on the summary's own copy of the town: no join to the enterprises
        rows = (
            _summary_for(user, year=year)
            .order_by()
            .values("town_id", "town__name", "town__order")
            .annotate(enterprises=Count("id", filter=Q(missing__gt=0)))  # before `missing` names the sum
            .annotate(missing=Sum("missing"), late=Sum("late"), owed=Sum("owed"))
            .order_by("town__order")
        )
        return [
            {f"enterprise__{k}" if k.startswith("town") else k: v for k, v in row.items()} for row in rows
        ]
    return late_by_town_from_dues(user, today=today, year=year, as_of=as_of)


def late_by_town_from_dues(user, *, today, year=None, as_of=None) -> list[dict]:
    """late_by_town counted from the dues themselves (when the summary does not hold, and in tests)."""
    rows = (
        dues_for(user, year=year)
        .order_by()
        .values("enterprise__town_id", "enterprise__town__name", "enterprise__town__order")
        .annotate(
            missing=Count("id", filter=_late_q(today, as_of)),
            late=Count("id", filter=_late_submitted_q(as_of)),
            enterprises=Count("enterprise_id", filter=_late_q(today, as_of), distinct=True),
            owed=Count("id", filter=Q(due_on__lt=as_of or today)),
        )
        .order_by("enterprise__town__order")
    )
    return [dict(row) for row in rows]


# Most reports missing first (whom to 催报 first), then in the order enterprises were registered: the
# order of the summary's list index, so a page reads 20 index entries; sorting every late enterprise
# by town and name first took 150–250 ms at a province's size. The town is a column and a filter.
LATE_ORDER = ("-missing", "enterprise_id")
LATE_FIELDS = ("enterprise_id", "enterprise__name", "enterprise__uscc", "enterprise__town__name")


def late_by_enterprise(user, *, today, year=None, town=None, search: str = "", as_of=None) -> QuerySet:
    """Per enterprise with anything missing or late (as of the end of `as_of` when given): counts and
    the oldest missing due date."""
    if as_of is None and summary_holds(today):
        return (
            _summary_for(user, year=year, town=town, search=search)
            .filter(Q(missing__gt=0) | Q(late__gt=0))
            .values(*LATE_FIELDS, "enterprise__town__order", "missing", "late", "oldest")
            .order_by(*LATE_ORDER)
        )
    return late_by_enterprise_from_dues(user, today=today, year=year, town=town, search=search, as_of=as_of)


def late_by_enterprise_from_dues(
    user, *, today, year=None, town=None, search: str = "", as_of=None
) -> QuerySet:
    """late_by_enterprise counted from the dues themselves."""
    return (
        dues_for(user, year=year, town=town, search=search)
        .order_by()
        .values(*LATE_FIELDS, "enterprise__town__order")
        .annotate(
            missing=Count("id", filter=_late_q(today, as_of)),
            late=Count("id", filter=_late_submitted_q(as_of)),
            oldest=Min("due_on", filter=_late_q(today, as_of)),
        )
        .filter(Q(missing__gt=0) | Q(late__gt=0))
        .order_by(*LATE_ORDER)
    )


def missing_periods(enterprise_ids, *, today, year=None, as_of=None) -> dict[int, list[tuple[int, int]]]:
    qs = ReportDue.objects.filter(enterprise_id__in=list(enterprise_ids)).filter(_late_q(today, as_of))
    if year:
        qs = qs.filter(year=year)
    out: dict[int, list[tuple[int, int]]] = {}
    for ent, y, m in qs.order_by("year", "month").values_list("enterprise_id", "year", "month"):
        out.setdefault(ent, []).append((y, m))
    return out


# --- the enterprise's home -------------------------------------------------------------------------


def enterprise_dashboard(user, *, today=None) -> dict:
    today = today or timezone.localdate()
    enterprise = Enterprise.objects.select_related("town", "industry").get(pk=user.enterprise_id)
    entries = list(entries_of(enterprise.pk))
    plans = {
        p.nomination_id: p
        for p in DevelopmentPlan.objects.filter(nomination__in=[e.pk for e in entries]).annotate(
            milestone_count=Count("milestones"),
            done_count=Count("milestones", filter=Q(milestones__status="done")),
            overdue_count=Count(
                "milestones", filter=~Q(milestones__status="done") & Q(milestones__due_on__lt=today)
            ),
        )
    }
    dues = ReportDue.objects.filter(enterprise=enterprise)
    open_reports = {
        (r.year, r.month): r
        for r in Report.objects.filter(
            enterprise=enterprise, state__in=[ReportState.DRAFT, ReportState.RETURNED]
        )
    }
    upcoming = list(dues.filter(submitted_at__isnull=True, due_on__gte=today).order_by("due_on")[:12])
    late = list(dues.filter(_late_q(today)).order_by("year", "month")[:24])
    late_count = dues.filter(_late_q(today)).count()
    for due in upcoming + late:
        due.open_report = open_reports.get((due.year, due.month))  # type: ignore[attr-defined]  # for the template
    latest_year = latest_full_year(enterprise.pk, today.year + 1)
    sheet = figures_for(enterprise, latest_year) if latest_year else None
    return {
        "enterprise": enterprise,
        "entries": [(e, plans.get(e.pk)) for e in entries],
        "upcoming": upcoming,
        "late": late,
        "late_count": late_count,
        "open_reports": list(open_reports.values()),
        "recent": list(
            Report.objects.filter(enterprise=enterprise).order_by("-year", "-month", "-version")[:6]
        ),
        "sheet": sheet,
        "today": today,
    }


def last_reminders(enterprise_ids) -> dict[int, dict]:
    """The latest 催报 of each enterprise (when), for the rows of the late page."""
    return {
        row["enterprise_id"]: {
            "enterprise_id": row["enterprise_id"],
            "sent_at": row["last_sent"],
            "day": row["last_day"],
        }
        for row in last_reminders_query(enterprise_ids)
    }


def last_reminders_query(enterprise_ids) -> QuerySet:
    # A grouped MAX, not DISTINCT ON: the embedded demo runs on SQLite, which has no DISTINCT ON. `day` is
    # the reminder's date, so the latest day goes with the latest time.
    from ..models import LateReminder

    return (
        LateReminder.objects.filter(enterprise_id__in=list(enterprise_ids))
        .order_by()
        .values("enterprise_id")
        .annotate(last_sent=Max("sent_at"), last_day=Max("day"))
    )

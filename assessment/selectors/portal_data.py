"""The portal's data an assessment and a quarterly review read: one aggregate query per figure over
every subject at once (the number of queries does not grow with towns, entries or reports).

Values are keyed by the subject's id (town, department or enterprise). A period is [start, end]:
dues and milestones count when their date falls in it; `as_of` is the day the figures are taken
(the period's end, or today when that is earlier)."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q, Sum

from credit.models import CreditStatus
from pools.models import Nomination, NominationState, ever_submitted
from programs.models import Pool, PoolQuota, Town
from reporting.models import Figure, FigureSource, Milestone, MilestoneStatus, ReportDue

HUNDRED = Decimal("100")


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    as_of: date

    @classmethod
    def year(cls, year: int, today: date) -> "Period":
        return cls(date(year, 1, 1), date(year, 12, 31), min(date(year, 12, 31), today))

    @classmethod
    def quarter(cls, year: int, quarter: int, today: date) -> "Period":
        start = date(year, 3 * quarter - 2, 1)
        end = (date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)) - timedelta(days=1)
        return cls(start, end, min(end, today))


def percent(part: int, whole: int) -> Decimal | None:
    return None if not whole else (Decimal(part) * HUNDRED / Decimal(whole)).quantize(Decimal("0.01"))


# --- towns -------------------------------------------------------------------------------------------


def nominations_by_town(programme, year: int) -> dict[int, int]:
    rows = (
        Nomination.objects.filter(ever_submitted(), programme=programme, year=year)
        .exclude(state=NominationState.WITHDRAWN)
        .values("town_id")
        .annotate(n=Count("id"))
    )
    return {r["town_id"]: r["n"] for r in rows}


def entries_by(programme, year: int, field: str) -> dict[int, int]:
    """Approved entries of the year by `field` (town_id, or pool__lead_departments for departments)."""
    rows = (
        Nomination.objects.in_pool()
        .filter(programme=programme, year=year)
        .values(field)
        .annotate(n=Count("id", distinct=True))
    )
    return {r[field]: r["n"] for r in rows if r[field] is not None}


def town_share(programme, year: int) -> Decimal | None:
    """A town's share of the year's quotas: Σ minimum quotas of the programme's pools ÷ active towns."""
    pools = Pool.objects.filter(programme=programme).values("pk")
    total = PoolQuota.objects.filter(pool_id__in=pools, year=year).aggregate(s=Sum("quota_min"))["s"]
    towns = Town.objects.filter(is_active=True).count()
    if not total or not towns:
        return None
    return (Decimal(total) / Decimal(towns)).quantize(Decimal("0.01"))


def _due_filter(period: Period) -> Q:
    return Q(due_on__gte=period.start, due_on__lte=min(period.end, period.as_of))


def on_time_by(period: Period, field: str) -> dict[int, tuple[int, int, int]]:
    """{unit id: (due, on time, missing)} for reports due in the period by `field` of the enterprise
    (enterprise_id, enterprise__town_id). On time: first submitted by the end of the due day."""
    rows = (
        ReportDue.objects.filter(_due_filter(period))
        .values(field)
        .annotate(
            due=Count("id"),
            on_time=Count("id", filter=Q(submitted_at__date__lte=F("due_on"))),
            missing=Count("id", filter=Q(submitted_at__isnull=True)),
        )
    )
    return {r[field]: (r["due"], r["on_time"], r["missing"]) for r in rows}


def milestones_by(period: Period, field: str) -> dict[int, tuple[int, int, int]]:
    """{unit id: (due, done, overdue)} for milestones due in the period (up to as_of) by `field`
    (plan__town_id, plan__enterprise_id, plan__nomination__pool__lead_departments)."""
    rows = (
        Milestone.objects.filter(due_on__gte=period.start, due_on__lte=min(period.end, period.as_of))
        .values(field)
        .annotate(
            due=Count("id", distinct=True),
            done=Count("id", filter=Q(status=MilestoneStatus.DONE), distinct=True),
            overdue=Count(
                "id", filter=~Q(status=MilestoneStatus.DONE) & Q(due_on__lt=period.as_of), distinct=True
            ),
        )
    )
    return {r[field]: (r["due"], r["done"], r["overdue"]) for r in rows if r[field] is not None}


# --- departments -------------------------------------------------------------------------------------


def review_days_by_department(programme, year: int) -> dict[int, Decimal]:
    """Mean days from submission to decision of the year's nominations, by the pool's lead department."""
    span = ExpressionWrapper(F("decided_at") - F("submitted_at"), output_field=DurationField())
    rows = (
        Nomination.objects.filter(
            programme=programme, year=year, submitted_at__isnull=False, decided_at__isnull=False
        )
        .values("pool__lead_departments")
        .annotate(mean=Avg(span))
    )
    return {
        r["pool__lead_departments"]: (Decimal(r["mean"].total_seconds()) / Decimal(86400)).quantize(
            Decimal("0.01")
        )
        for r in rows
        if r["pool__lead_departments"] is not None and r["mean"] is not None
    }


def pending_reviews_by_department(as_of: date, days: int) -> dict[int, int]:
    """Nominations submitted more than `days` days before as_of and still undecided, by lead department."""
    rows = (
        Nomination.objects.filter(
            state=NominationState.SUBMITTED, submitted_at__date__lt=as_of - timedelta(days=days)
        )
        .values("pool__lead_departments")
        .annotate(n=Count("id", distinct=True))
    )
    return {r["pool__lead_departments"]: r["n"] for r in rows if r["pool__lead_departments"] is not None}


# --- enterprises -------------------------------------------------------------------------------------


def credit_grades() -> dict[int, str]:
    return dict(CreditStatus.objects.exclude(grade="").values_list("enterprise_id", "grade"))


def annual_figures(metric: str, years: list[int]) -> dict[tuple[int, int], Decimal]:
    """{(enterprise, year): the year's figure}: the whole-year row (month 0), else the latest month's
    year-to-date; official statistics over the self-report."""
    rows = (
        Figure.objects.filter(metric=metric, year__in=years)
        .values_list("enterprise_id", "year", "month", "source", "value", "ytd")
        .order_by("enterprise_id", "year", "month")
    )
    best: dict[tuple[int, int], tuple[tuple, Decimal]] = {}
    for enterprise_id, year, month, source, value, ytd in rows:
        amount = value if month == 0 else ytd
        if amount is None:
            continue
        # whole year first, then the latest month; official before self-reported
        rank = (month == 0, month, source == FigureSource.OFFICIAL)
        key = (enterprise_id, year)
        if key not in best or rank > best[key][0]:
            best[key] = (rank, amount)
    return {key: amount for key, (_rank, amount) in best.items()}


def growth(metric: str, year: int) -> dict[int, tuple[Decimal, Decimal, Decimal]]:
    """{enterprise: (last year, this year, growth %)} where both years have a figure and last year's > 0."""
    figures = annual_figures(metric, [year - 1, year])
    out = {}
    for (enterprise_id, y), amount in figures.items():
        if y != year:
            continue
        before = figures.get((enterprise_id, year - 1))
        if before:
            out[enterprise_id] = (
                before,
                amount,
                ((amount - before) * HUNDRED / before).quantize(Decimal("0.01")),
            )
    return out

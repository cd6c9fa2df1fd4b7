"""The credit rows: enterprises by grade and blacklisted, adverse records, per month and town; spikes."""

from datetime import date

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils.translation import gettext as _

from core.dates import end_of_day
from programs.models import Programme, Town

from ..models import Alert, CreditGrade, CreditMonth
from .periods import month_end

SPIKE_MINIMUM = 3  # adverse records in a month below this are never a spike


def is_spike(current: int, previous: list[int]) -> bool:
    """More adverse records this month than twice the average of the months before, and at least
    SPIKE_MINIMUM."""
    average = sum(previous) / len(previous) if previous else 0
    return current >= SPIKE_MINIMUM and current > 2 * average


def credit_months(programme: Programme, today: date) -> list[date]:
    """The months the credit rows cover: from January of the year before the programme (a chart of
    the twelve months up to its first month) to today's month."""
    out, month, last = [], date(programme.start_year - 1, 1, 1), date(today.year, today.month, 1)
    while month <= last:
        out.append(month)
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return out


def _refresh_credit(programme: Programme, year: int, towns: list, today: date) -> int:
    """Per month and town: enterprises by grade and on the blacklist at the month's end (from the
    rating history and the blacklist entries, credit/history.py: those since removed count in the
    months they were listed), and the adverse records that occurred in it."""
    from credit.history import Sweep
    from credit.models import Category, CreditRecord, RecordStatus
    from enterprises.models import Enterprise

    months = credit_months(programme, today)
    if not months:
        return 0
    enterprises = {
        pk: (town, at) for pk, town, at in Enterprise.objects.values_list("pk", "town_id", "created_at")
    }
    sweep = Sweep([end_of_day(month_end(m.year, m.month, today)) for m in months], enterprises).run()
    adverse: dict = {}
    for recorded in (
        CreditRecord.objects.filter(kind__category=Category.ADVERSE, occurred_on__gte=months[0])
        .exclude(status=RecordStatus.WITHDRAWN)
        .annotate(m=TruncMonth("occurred_on"))
        .order_by()
        .values("enterprise__town_id", "m")
        .annotate(n=Count("id"))
    ):
        for town in {recorded["enterprise__town_id"], None}:
            adverse[(town, recorded["m"])] = adverse.get((town, recorded["m"]), 0) + recorded["n"]
    grade_rows: list[CreditGrade] = []
    rows: list[CreditMonth] = []
    series: dict = {}
    for month, grades, listed in zip(months, sweep.grades, sweep.listed, strict=True):
        by_town: dict = {}
        for (town, grade), n in grades.items():
            for where in {town, None}:
                by_town[(where, grade)] = by_town.get((where, grade), 0) + n
        grade_rows.extend(CreditGrade(month=month, town_id=t, grade=g, n=n) for (t, g), n in by_town.items())
        for town in [None, *towns]:
            n_listed = sum(listed.values()) if town is None else listed.get(town, 0)
            n_adverse = adverse.get((town, month), 0)
            series.setdefault(town, []).append(n_adverse)
            rows.append(CreditMonth(month=month, town_id=town, blacklisted=n_listed, adverse=n_adverse))
    alerts: list[Alert] = []
    for town, counts in series.items():
        if is_spike(counts[-1], counts[-4:-1]):
            alerts.append(
                Alert(
                    year=year,
                    kind=Alert.Kind.CREDIT_SPIKE,
                    town_id=town,
                    message=_("%(where)s本月新增不良信用记录%(n)s条，明显高于前三个月。")
                    % {"where": _town_name(town), "n": counts[-1]},
                    url=f"{reverse('credit:record_list')}?category={Category.ADVERSE}",
                )
            )
    CreditGrade.objects.all().delete()
    CreditGrade.objects.bulk_create(grade_rows, batch_size=2000)
    CreditMonth.objects.all().delete()
    CreditMonth.objects.bulk_create(rows, batch_size=2000)
    Alert.objects.filter(kind=Alert.Kind.CREDIT_SPIKE).delete()
    Alert.objects.bulk_create(alerts)
    return len(grade_rows) + len(rows) + len(alerts)


def _town_name(town_id) -> str:
    if town_id is None:
        return _("全区")
    return Town.objects.filter(pk=town_id).values_list("name", flat=True).first() or ""

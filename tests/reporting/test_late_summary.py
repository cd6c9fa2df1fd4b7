"""The late list (逾期情况) reads LateSummary: after every kind of write that moves a due — dues created,
a report submitted, a calendar moving due dates, a due date passing — the summary's figures equal the
ones counted from the dues themselves, and the hand-computed ones."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from reporting import services
from reporting.models import LateSummary
from reporting.selectors.dues import (
    late_by_enterprise,
    late_by_enterprise_from_dues,
    late_by_town,
    late_by_town_from_dues,
    summary_holds,
)
from tests.factories import EnterpriseFactory, PoolEntryFactory, report_figures

pytestmark = pytest.mark.django_db
YEAR = 2018


def _same_as_the_dues(user, today, **filters) -> list[dict]:
    """The summary holds for `today` and gives the figures counted from the dues; returns its rows."""
    assert summary_holds(today)
    rows = list(late_by_enterprise(user, today=today, **filters))
    assert rows == list(late_by_enterprise_from_dues(user, today=today, **filters))
    year = filters.get("year")
    assert late_by_town(user, today=today, year=year) == late_by_town_from_dues(user, today=today, year=year)
    return rows


def _counts(rows) -> list[tuple]:
    return [(r["enterprise_id"], r["missing"], r["late"], r["oldest"]) for r in rows]


def test_dues_created_are_summed_per_year_and_in_total(entry, enterprise, office_user, pool):
    # the enterprise is in the pool for 2018 and 2019; on 20 March 2019 all of 2018 and January–March
    # 2019 are owed, January and February 2019 past their due date (5 Feb, 5 Mar)
    PoolEntryFactory(pool=pool, year=2019, enterprise=enterprise)
    today = date(2019, 3, 20)
    services.dues_ensure(today=today)
    total = LateSummary.objects.get(enterprise=enterprise, year=LateSummary.ALL_YEARS)
    assert (total.owed, total.missing, total.late, total.oldest) == (14, 14, 0, date(2018, 2, 5))
    assert total.next_change == date(2019, 4, 5)
    assert _counts(_same_as_the_dues(office_user, today)) == [(enterprise.pk, 14, 0, date(2018, 2, 5))]
    assert _counts(_same_as_the_dues(office_user, today, year=2019)) == [
        (enterprise.pk, 2, 0, date(2019, 2, 5))
    ]


def test_a_report_submitted_late_moves_one_due_from_missing_to_late(enterprise_user, entry, office_user):
    today = timezone.localdate()  # the submission is stamped now: every 2018 due is long past
    services.dues_ensure(today=today)
    assert _counts(_same_as_the_dues(office_user, today)) == [(entry.enterprise_id, 12, 0, date(2018, 2, 5))]
    report = services.report_start(actor=enterprise_user, year=YEAR, month=1)
    entries = {str(e.nomination_id): {"progress": "按计划推进。"} for e in report.entries.all()}
    services.report_update(
        actor=enterprise_user,
        report=report,
        figures=report_figures(value="100.00", ytd="100.00"),
        entries=entries,
    )
    services.report_transition(actor=enterprise_user, report=report, action="submit")
    # January is now submitted late; the oldest missing is February's, due 5 March
    assert _counts(_same_as_the_dues(office_user, today)) == [(entry.enterprise_id, 11, 1, date(2018, 3, 5))]
    town = late_by_town(office_user, today=today)
    assert [(t["owed"], t["missing"], t["late"], t["enterprises"]) for t in town] == [(12, 11, 1, 1)]


def test_a_calendar_moving_due_dates_moves_the_summary(entry, enterprise, office_user, pool):
    today = date(2018, 3, 20)
    services.dues_ensure(today=today)
    assert _counts(_same_as_the_dues(office_user, today)) == [(enterprise.pk, 2, 0, date(2018, 2, 5))]
    services.calendar_set(actor=office_user, pool=pool, due_day=25, remind_days_before=3, is_active=True)
    services.dues_ensure(today=today)
    # due on the 25th: February's report (due 25 March) is not late yet
    assert _counts(_same_as_the_dues(office_user, today)) == [(enterprise.pk, 1, 0, date(2018, 2, 25))]
    assert LateSummary.objects.get(enterprise=enterprise, year=0).next_change == date(2018, 3, 25)


def test_a_due_date_passing_is_caught_by_the_daily_task(entry, other_entry, enterprise, office_user):
    services.dues_ensure(today=date(2018, 3, 20))
    # the rows hold up to March's due date (5 April, inclusive)…
    assert _counts(_same_as_the_dues(office_user, date(2018, 4, 5)))[0][1:] == (2, 0, date(2018, 2, 5))
    # …not after it, and not for a day before they were counted: the list then counts the dues
    assert not summary_holds(date(2018, 4, 6))
    assert not summary_holds(date(2018, 3, 19))
    assert [r["missing"] for r in late_by_enterprise(office_user, today=date(2018, 4, 6))] == [3, 3]
    # the daily task recomputes what a passed due date changed
    services.reporting_daily(today=date(2018, 4, 6))
    rows = _same_as_the_dues(office_user, date(2018, 4, 6))
    assert [r["missing"] for r in rows] == [3, 3]


def test_scope_filters_and_search_on_the_summary(entry, other_entry, enterprise, other_enterprise, town_user):
    today = date(2018, 4, 10)
    services.dues_ensure(today=today)
    # the town sees its own enterprise only; the search and the year keep to the summary's rows
    assert _counts(_same_as_the_dues(town_user, today)) == [(enterprise.pk, 3, 0, date(2018, 2, 5))]
    assert (
        _same_as_the_dues(town_user, today, search=enterprise.name[:4])[0]["enterprise_id"] == enterprise.pk
    )
    assert _same_as_the_dues(town_user, today, search="没有这家") == []
    assert _same_as_the_dues(town_user, today, year=2017) == []


def test_rebuild_is_idempotent_and_repairs(entry, other_entry, office_user):
    today = timezone.localdate()
    services.dues_ensure(today=today)
    before = sorted(
        LateSummary.objects.values_list("enterprise_id", "year", "owed", "missing", "late", "oldest")
    )
    LateSummary.objects.filter(year=0).update(missing=99)
    LateSummary.objects.create(enterprise=EnterpriseFactory(), year=0, missing=5, computed_for=today)
    call_command("rebuild_late_summary", stdout=StringIO())
    call_command("rebuild_late_summary", stdout=StringIO())
    after = sorted(
        LateSummary.objects.values_list("enterprise_id", "year", "owed", "missing", "late", "oldest")
    )
    assert after == before and len(after) == 4  # two enterprises × (2018, all years)
    _same_as_the_dues(office_user, today)


@pytest.mark.parametrize("n", [2, 12])
def test_the_late_page_reads_the_summary_in_pinned_queries(
    n, pool, office_user, client_for, django_assert_num_queries
):
    for _ in range(n):
        PoolEntryFactory(pool=pool, year=YEAR, enterprise=EnterpriseFactory())
    services.dues_ensure(today=timezone.localdate())
    client = client_for(office_user)
    client.get("/reporting/late/")  # the session's first request
    with django_assert_num_queries(LATE_PAGE_QUERIES):
        response = client.get("/reporting/late/")
    assert response.status_code == 200
    assert response.content.decode().count('data-testid="remind"') == n


LATE_PAGE_QUERIES = 15  # equal at 2 and 12 enterprises


def test_the_nightly_task_rebuilds_a_wrong_summary_before_the_cockpit_refresh(
    entry, other_entry, office_user
):
    from django.conf import settings

    from config.celery import app
    from reporting import tasks  # noqa: F401  (registers the task the beat entry names)

    # given the summary of two enterprises, one row made wrong and one left for an enterprise without dues
    today = timezone.localdate()
    services.dues_ensure(today=today)
    right = sorted(
        LateSummary.objects.values_list("enterprise_id", "year", "owed", "missing", "late", "oldest")
    )
    LateSummary.objects.filter(enterprise=entry.enterprise, year=LateSummary.ALL_YEARS).update(
        missing=99, late=7
    )
    LateSummary.objects.create(enterprise=EnterpriseFactory(), year=0, missing=5, computed_for=today)
    # when the beat's nightly entry runs its task, twice
    nightly = settings.CELERY_BEAT_SCHEDULE["reporting-rebuild-late-summary-nightly"]
    for _run in range(2):
        assert app.tasks[nightly["task"]].delay().get() == 4
    # then the rows are the dues' again, and the rebuild runs before the cockpit's nightly refresh
    rows = sorted(
        LateSummary.objects.values_list("enterprise_id", "year", "owed", "missing", "late", "oldest")
    )
    assert rows == right and len(rows) == 4
    _same_as_the_dues(office_user, today)
    cockpit = settings.CELERY_BEAT_SCHEDULE["cockpit-refresh-nightly"]["schedule"]
    assert max(nightly["schedule"].hour) < min(cockpit.hour)


def test_the_table_by_town_follows_an_enterprise_that_moves_town(entry, enterprise, office_user, other_town):
    # the table by town is counted from the summary's own copy of the town: a move shows at once
    today = date(2019, 3, 20)
    services.dues_ensure(today=today)
    before = {r["enterprise__town_id"]: r["missing"] for r in late_by_town(office_user, today=today)}
    assert before == {enterprise.town_id: 12}
    enterprise.town = other_town
    enterprise.save()
    after = {r["enterprise__town_id"]: r["missing"] for r in late_by_town(office_user, today=today)}
    assert after == {other_town.pk: 12}
    _same_as_the_dues(office_user, today)
    # and a full rebuild writes the same town
    LateSummary.objects.update(town=None)
    call_command("rebuild_late_summary", stdout=StringIO())
    assert set(LateSummary.objects.values_list("town_id", flat=True)) == {other_town.pk}

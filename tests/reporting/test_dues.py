"""Obligations, reminders before the due date, lateness after it: idempotent, per pool calendar."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from core.models import AuditLog, Notification
from reporting import services
from reporting.models import ReportDue
from reporting.selectors import late_by_enterprise, late_by_town, missing_periods
from reporting.tasks import reporting_daily
from tests.factories import PoolEntryFactory, PoolFactory, ReportFactory

pytestmark = pytest.mark.django_db
YEAR = 2018


def test_obligations_for_every_month_begun_by_the_5th_of_the_next(entry, enterprise):
    # given an enterprise in a pool for 2018, on 20 March 2018
    created = services.dues_ensure(today=date(2018, 3, 20))
    # then January to March are owed, by the 5th of the next month
    dues = list(ReportDue.objects.order_by("month").values_list("month", "due_on"))
    assert created == 3
    assert dues == [(1, date(2018, 2, 5)), (2, date(2018, 3, 5)), (3, date(2018, 4, 5))]
    # and running again adds nothing
    assert services.dues_ensure(today=date(2018, 3, 20)) == 0
    # December's report is due in January of the next year
    services.dues_ensure(today=date(2019, 1, 2))
    assert ReportDue.objects.get(month=12).due_on == date(2019, 1, 5)


def test_a_pool_calendar_changes_the_due_day_and_the_earliest_wins(entry, enterprise, office_user, pool):
    services.calendar_set(actor=office_user, pool=pool, due_day=10, remind_days_before=2, is_active=True)
    services.dues_ensure(today=date(2018, 2, 1))
    assert ReportDue.objects.get(month=1).due_on == date(2018, 2, 10)
    # the enterprise is also in another pool due on the 3rd: the earliest applies, also to unsubmitted dues
    other = PoolFactory(programme=pool.programme, code="tech")
    services.calendar_set(actor=office_user, pool=other, due_day=3, remind_days_before=5, is_active=True)
    PoolEntryFactory(pool=other, year=YEAR, enterprise=enterprise)
    services.dues_ensure(today=date(2018, 2, 1))
    assert ReportDue.objects.get(month=1).due_on == date(2018, 2, 3)


def test_inactive_calendar_means_no_monthly_reports(entry, office_user, pool):
    services.calendar_set(actor=office_user, pool=pool, due_day=5, remind_days_before=3, is_active=False)
    assert services.dues_ensure(today=date(2018, 6, 1)) == 0


def test_only_the_office_edits_calendars(town_user, pool):
    with pytest.raises(PermissionDenied, match="领导小组办公室"):
        services.calendar_set(actor=town_user, pool=pool, due_day=5, remind_days_before=3, is_active=True)


def test_removed_or_unapproved_entries_owe_nothing(pool, enterprise):
    PoolEntryFactory(pool=pool, year=YEAR, enterprise=enterprise, state="submitted")
    assert services.dues_ensure(today=date(2018, 6, 1)) == 0


def test_reminder_once_before_the_due_date(entry, enterprise_user, enterprise):
    services.dues_ensure(today=date(2018, 3, 1))
    # 1 March: February's report is due on 5 March, within the 3 reminder days? no (4 days ahead)
    assert services.dues_remind(today=date(2018, 3, 1)) == 0
    # 2 March: yes, once
    assert services.dues_remind(today=date(2018, 3, 2)) == 1
    assert services.dues_remind(today=date(2018, 3, 3)) == 0
    note = Notification.objects.get(recipient=enterprise_user)
    assert "请于 2018-03-05 前提交2018年2月的月度报告" in note.message


def test_marked_late_once_and_the_town_is_told(
    entry, other_entry, enterprise_user, town_user, other_town_user
):
    services.dues_ensure(today=date(2018, 3, 6))
    # on 6 March January and February are past due for both enterprises
    assert services.dues_mark_late(today=date(2018, 3, 6)) == 4
    assert services.dues_mark_late(today=date(2018, 3, 6)) == 0
    assert ReportDue.objects.filter(late_at__isnull=False).count() == 4
    assert (
        Notification.objects.get(recipient=enterprise_user).message
        == "2018年1月、2018年2月的月度报告已逾期，请尽快提交。"
    )
    assert (
        Notification.objects.get(recipient=town_user).message
        == "本街镇 1 家企业新增 2 份逾期未报的月度报告。"
    )
    assert Notification.objects.filter(recipient=other_town_user).count() == 1


def test_submitted_reports_are_never_late(entry, enterprise):
    services.dues_ensure(today=date(2018, 2, 2))
    ReportDue.objects.filter(month=1).update(submitted_at="2018-02-03T09:00:00+08:00")
    assert services.dues_mark_late(today=date(2018, 3, 1)) == 0


def test_a_report_submitted_before_the_obligation_existed_counts(entry, enterprise):
    report = ReportFactory(enterprise=enterprise, year=YEAR, month=1, submitted=True)
    services.dues_ensure(today=date(2018, 2, 2))
    due = ReportDue.objects.get(month=1)
    assert due.submitted_at == report.submitted_at and due.report_id == report.pk


def test_the_task_is_idempotent(entry, enterprise_user, settings):
    first = reporting_daily.delay().get()
    second = reporting_daily.delay().get()
    assert first["created"] == 12 and first["late"] == 12  # 2018 is long over
    assert second == {"created": 0, "reminded": 0, "late": 0}
    assert Notification.objects.filter(recipient=enterprise_user).count() == 1
    assert (
        AuditLog.objects.filter(message__startswith='{"event":"reporting.daily"').count() == 1
    )  # only the run that changed something


def test_late_lists_per_town_and_enterprise(
    entry, other_entry, town_user, office_user, enterprise, other_enterprise
):
    services.dues_ensure(today=date(2018, 4, 1))
    # the enterprise submitted February late and March on time
    ReportDue.objects.filter(enterprise=enterprise, month=2).update(submitted_at="2018-03-09T10:00:00+08:00")
    ReportDue.objects.filter(enterprise=enterprise, month=3).update(submitted_at="2018-04-01T10:00:00+08:00")
    today = date(2018, 4, 10)
    towns = {row["enterprise__town__name"]: row for row in late_by_town(office_user, today=today)}
    assert (towns["罗庄街道"]["missing"], towns["罗庄街道"]["late"], towns["罗庄街道"]["owed"]) == (1, 1, 3)
    assert towns["傅庄街道"]["missing"] == 3
    rows = list(late_by_enterprise(town_user, today=today))
    assert [(r["enterprise__name"], r["missing"], r["late"]) for r in rows] == [(enterprise.name, 1, 1)]
    assert missing_periods([other_enterprise.pk], today=today) == {
        other_enterprise.pk: [(2018, 1), (2018, 2), (2018, 3)]
    }

"""The 催报 demo: towns have reminded some late enterprises two days ago and one today, through the
service (audit rows and the once-a-day rule are real); a second run adds nothing."""

from datetime import timedelta

import pytest
from django.utils import timezone

from core.audit_messages import decode
from core.models import AuditLog
from portal.demo_reminders import seed_reminders
from reporting.models import LateReminder
from reporting.services import late_remind
from tests.factories import EnterpriseFactory, ReportDueFactory

pytestmark = pytest.mark.django_db


def test_seed_reminders_reminds_late_enterprises_once(town_user, town):
    late = [EnterpriseFactory(town=town) for _ in range(3)]
    for enterprise in late:
        ReportDueFactory(enterprise=enterprise, year=2018, month=3)
    today = timezone.localdate()
    # when the demo is seeded
    assert seed_reminders() == 3
    # then two were reminded two days ago and one today, each by the town, audited as 催报
    days = sorted(LateReminder.objects.values_list("day", flat=True))
    assert days == [today - timedelta(days=2)] * 2 + [today]
    assert set(LateReminder.objects.values_list("sent_by", flat=True)) == {town_user.pk}
    earlier = LateReminder.objects.filter(day=today - timedelta(days=2)).first()
    assert timezone.localtime(earlier.sent_at).date() == earlier.day
    events = [decode(m)[0] for m in AuditLog.objects.values_list("message", flat=True)]
    assert events.count("reminder.sent") == 3
    # and today's one cannot be reminded again today
    reminded_today = LateReminder.objects.get(day=today).enterprise_id
    assert late_remind(actor=town_user, enterprise_ids=[reminded_today]).already == [reminded_today]
    # a second run adds nothing
    assert seed_reminders() == 0 and LateReminder.objects.count() == 3


def test_seed_reminders_without_late_enterprises_adds_nothing(town_user):
    assert seed_reminders() == 0
    assert not LateReminder.objects.exists()


def test_the_late_page_shows_each_enterprises_latest_reminder_and_its_query_runs_on_the_embedded_sqlite(
    town_user, town
):
    """The late page's 上次催报 column: the latest reminder per enterprise. `make demo` runs on SQLite,
    which has no DISTINCT ON (the page answered 500 there)."""
    from django.db.backends.sqlite3.base import DatabaseWrapper

    from reporting.selectors.dues import last_reminders, last_reminders_query

    first, second = EnterpriseFactory(town=town), EnterpriseFactory(town=town)
    today = timezone.localdate()
    for enterprise, ago in ((first, 3), (first, 1), (second, 2)):
        LateReminder.objects.create(enterprise=enterprise, day=today - timedelta(days=ago), sent_by=town_user)
    shown = last_reminders([first.pk, second.pk])
    assert {pk: row["day"] for pk, row in shown.items()} == {
        first.pk: today - timedelta(days=1),
        second.pk: today - timedelta(days=2),
    }
    sqlite = DatabaseWrapper(
        {
            "NAME": ":memory:",
            "ENGINE": "django.db.backends.sqlite3",
            "OPTIONS": {},
            "TIME_ZONE": None,
            "AUTOCOMMIT": True,
            "CONN_HEALTH_CHECKS": False,
            "CONN_MAX_AGE": 0,
            "ATOMIC_REQUESTS": False,
            "TEST": {},
        },
        alias="embedded",
    )
    sql, _params = last_reminders_query([first.pk]).query.get_compiler(connection=sqlite).as_sql()
    assert "DISTINCT" not in sql.upper()

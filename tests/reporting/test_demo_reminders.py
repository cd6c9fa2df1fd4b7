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

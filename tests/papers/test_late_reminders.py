"""催报 on the late-reports page: one enterprise or all those listed, by in-app notice and e-mail to
the enterprise's accounts, audited, at most once a day per enterprise (a unique constraint), and the
page says when each was last reminded. The page exports as an xlsx scoped like the page."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction

from core.models import AuditAction, AuditLog, Notification
from reporting.models import LateReminder
from reporting.services import late_remind
from tests.factories import EnterpriseUserFactory, ReportDueFactory

from .support import header_index, rows, workbook

pytestmark = pytest.mark.django_db


@pytest.fixture
def late(enterprise, other_enterprise):
    """Both towns' enterprises owe 2018-02 and 2018-03 (long past their due dates)."""
    for e in (enterprise, other_enterprise):
        ReportDueFactory(enterprise=e, year=2018, month=2)
        ReportDueFactory(enterprise=e, year=2018, month=3)


def test_reminding_one_enterprise_notifies_its_accounts_and_is_audited(
    client_for, late, town_user, enterprise, enterprise_user, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    enterprise_user.email = "a@example.com"
    enterprise_user.save()
    response = client_for(town_user).post("/reporting/late/remind/", {"enterprise": enterprise.pk})
    assert response.status_code == 302
    notice = Notification.objects.get(recipient=enterprise_user)
    assert "催报" in notice.message and "2018年2月、2018年3月" in notice.message
    reminder = LateReminder.objects.get(enterprise=enterprise)
    assert reminder.sent_by == town_user and reminder.recipients == 1
    assert AuditLog.objects.filter(
        actor=town_user, action=AuditAction.CREATE, object_id=str(reminder.pk)
    ).exists()


def test_an_enterprise_is_reminded_at_most_once_a_day(
    late, town_user, office_user, enterprise, enterprise_user
):
    first = late_remind(actor=town_user, enterprise_ids=[enterprise.pk], today=date(2026, 12, 1))
    again = late_remind(actor=office_user, enterprise_ids=[enterprise.pk], today=date(2026, 12, 1))
    assert first.sent == [enterprise.pk] and again.sent == [] and again.already == [enterprise.pk]
    assert "今天已催报过" in again.message
    assert Notification.objects.filter(recipient=enterprise_user).count() == 1
    # the next day it may be reminded again
    assert late_remind(actor=town_user, enterprise_ids=[enterprise.pk], today=date(2026, 12, 2)).sent
    # and the database itself refuses a second row for the same day
    with pytest.raises(IntegrityError), transaction.atomic():
        LateReminder.objects.create(enterprise=enterprise, day=date(2026, 12, 2), sent_by=town_user)


def test_remind_all_reaches_only_the_towns_own_late_enterprises(
    client_for, late, town_user, enterprise, other_enterprise
):
    EnterpriseUserFactory(enterprise=other_enterprise)
    client_for(town_user).post("/reporting/late/remind/", {})
    assert list(LateReminder.objects.values_list("enterprise_id", flat=True)) == [enterprise.pk]
    # naming the other town's enterprise reminds nobody
    outcome = late_remind(actor=town_user, enterprise_ids=[other_enterprise.pk])
    assert outcome.sent == [] and outcome.not_late == [other_enterprise.pk]


def test_the_page_says_when_each_was_last_reminded(
    client_for, late, office_user, enterprise, other_enterprise
):
    client = client_for(office_user)
    client.post("/reporting/late/remind/", {"enterprise": enterprise.pk})
    page = client.get("/reporting/late/").content.decode()
    assert "今日已催报" in page and "未催报" in page and "全部催报" in page


def test_a_department_may_see_but_not_remind(client_for, late, department_user, enterprise):
    client = client_for(department_user)
    assert "全部催报" not in client.get("/reporting/late/").content.decode()
    assert client.post("/reporting/late/remind/", {"enterprise": enterprise.pk}).status_code == 403
    assert not LateReminder.objects.exists()


def test_the_late_list_exports_with_totals_and_the_last_reminder(
    client_for, late, town_user, enterprise, other_enterprise
):
    client = client_for(town_user)
    client.post("/reporting/late/remind/", {"enterprise": enterprise.pk})
    ws = workbook(client.get("/reporting/late/export.xlsx")).worksheets[0]
    assert ws.title == "逾期情况"
    at = header_index(ws, 2)
    data = rows(ws)[2:]
    listed = [r for r in data if isinstance(r[0], int)]
    assert [r[at["企业名称"]] for r in listed] == [enterprise.name]  # not the other town's
    assert listed[0][at["逾期未报"]] == 2 and listed[0][at["未报期别"]] == "2018年2月、2018年3月"
    assert ws.cell(row=3, column=at["最早截止"] + 1).is_date
    assert ws.cell(row=3, column=at["最近催报"] + 1).is_date
    assert next(r for r in data if r[0] == "合计")[at["逾期未报"]] == 2
    assert AuditLog.objects.filter(actor=town_user, action=AuditAction.EXPORT).exists()

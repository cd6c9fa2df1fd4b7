"""Who opens which dispatch page, file and API answer: role → HTTP status; a town or department sees
published reports only, and on the page only its own rows."""

from datetime import date

import pytest
from django_celery_beat.models import PeriodicTask

from assessment.models import DispatchReport
from assessment.services.dispatch import dispatch_publish, generate_dispatch_report
from core.models import AuditLog
from tests.assessment.support import TODAY

pytestmark = pytest.mark.django_db
ROLES = ("anonymous", "town", "department", "office", "enterprise", "admin", "security_admin", "audit_admin")


def row(anonymous, town, department, office, enterprise, admin):
    return dict(
        zip(ROLES, (anonymous, town, department, office, enterprise, admin, admin, admin), strict=True)
    )


@pytest.fixture
def reports(report_world, office_user):
    published = dispatch_publish(
        actor=office_user, report=generate_dispatch_report(2019, 2, today=TODAY), issued_on=date(2019, 3, 10)
    )
    draft = generate_dispatch_report(2019, 3, today=TODAY)
    return {"published": published, "draft": draft}


GET = {
    "/assessment/dispatch/": row(302, 200, 200, 200, 200, 403),  # an enterprise: an empty list
    "/assessment/dispatch/{published}/": row(302, 200, 200, 200, 404, 403),
    "/assessment/dispatch/{draft}/": row(302, 404, 404, 200, 404, 403),
    "/assessment/dispatch/{published}/report.docx": row(302, 200, 200, 200, 404, 403),
    "/assessment/dispatch/{published}/report.xlsx": row(302, 200, 200, 200, 404, 403),
    "/assessment/dispatch/{draft}/report.docx": row(302, 404, 404, 200, 404, 403),
    "/assessment/dispatch/{published}/report.pdf": row(302, 404, 404, 404, 404, 403),
    "/assessment/dispatch/settings/": row(302, 403, 403, 200, 403, 403),
    "/assessment/schedules/": row(302, 403, 403, 200, 403, 403),
    "/api/v1/assessment/reports/": row(403, 200, 200, 200, 200, 403),
    "/api/v1/assessment/reports/{published}/": row(403, 200, 200, 200, 404, 403),
    "/api/v1/assessment/reports/{draft}/": row(403, 404, 404, 200, 404, 403),
}


@pytest.mark.parametrize("url", list(GET))
def test_get(reports, users, client_for, url):
    path = url.format(published=reports["published"].pk, draft=reports["draft"].pk)
    for role, expected in GET[url].items():
        response = client_for(users[role]).get(path)
        assert response.status_code == expected, (role, path, response.status_code)


@pytest.mark.parametrize(
    ("url", "data"),
    [
        ("/assessment/dispatch/generate/", {"month": "2019-04"}),
        ("/assessment/dispatch/{draft}/edit/", {"title": "标题", "overview": "改写"}),
        ("/assessment/dispatch/{draft}/publish/", {}),
        ("/assessment/dispatch/{published}/correct/", {"note": "更正"}),
        (
            "/assessment/dispatch/settings/",
            {
                "issuer_mark": "罗庄区新旧动能转换工作领导小组办公室文件",
                "issuer": "罗庄区新旧动能转换工作领导小组办公室",
                "prefix": "罗转升办",
                "signatory": "罗庄区新旧动能转换工作领导小组办公室",
                "recipients": "各街道、镇，区直有关部门",
                "copies_to": "",
                "printer": "罗庄区新旧动能转换工作领导小组办公室",
                "dispatch_day": "12",
                "dispatch_hour": "6",
                "review_overdue_days": "15",
            },
        ),
    ],
)
def test_only_the_office_writes(reports, users, client_for, url, data):
    path = url.format(published=reports["published"].pk, draft=reports["draft"].pk)
    count = DispatchReport.objects.count()
    for role in ("town", "department", "enterprise", "admin"):
        assert client_for(users[role]).post(path, data).status_code in (403, 404), role
    assert DispatchReport.objects.count() == count
    assert client_for(users["office"]).post(path, data).status_code == 302


def test_towns_see_published_reports_and_only_their_own_rows(reports, town_user, client_for):
    client = client_for(town_user)
    listing = client.get("/assessment/dispatch/").content.decode()
    page = client.get(f"/assessment/dispatch/{reports['published'].pk}/").content.decode()

    assert reports["published"].title in listing and reports["draft"].title not in listing
    assert 'data-testid="town-罗庄街道"' in page and 'data-testid="town-傅庄街道"' not in page
    api = client.get("/api/v1/assessment/reports/").json()["results"]
    assert [r["id"] for r in api] == [reports["published"].pk]
    assert api[0]["docx"].endswith(f"/assessment/dispatch/{reports['published'].pk}/report.docx")
    assert api[0]["doc_number"] == reports["published"].doc_number


def test_the_office_sees_every_row(reports, office_user, client_for):
    page = client_for(office_user).get(f"/assessment/dispatch/{reports['draft'].pk}/").content.decode()
    assert 'data-testid="town-罗庄街道"' in page and 'data-testid="town-傅庄街道"' in page
    assert 'data-testid="edit-form"' in page and 'data-testid="action-publish"' in page


def test_the_settings_move_the_monthly_task(reports, office_user):
    from assessment.services.dispatch import dispatch_settings_update

    dispatch_settings_update(actor=office_user, dispatch_day=15, dispatch_hour=8)
    task = PeriodicTask.objects.get(name="assessment-dispatch-monthly")
    assert (task.crontab.day_of_month, task.crontab.hour, task.task) == (
        "15",
        "8",
        "assessment.dispatch_monthly",
    )


def test_a_download_is_audited(reports, town_user, client_for):
    response = client_for(town_user).get(f"/assessment/dispatch/{reports['published'].pk}/report.docx")
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:2] == b"PK"
    assert AuditLog.objects.filter(action="download", actor=town_user).exists()


def test_the_schedule_page_changes_a_task_audited(reports, office_user, client_for):
    task = PeriodicTask.objects.get(name="assessment-dispatch-monthly")
    client = client_for(office_user)
    page = client.get("/assessment/schedules/").content.decode()
    for name in ("reporting-daily", "credit-rate-all-monthly", "assessment-dispatch-monthly"):
        assert f'data-testid="task-{name}"' in page

    response = client.post(
        f"/assessment/schedules/{task.pk}/",
        {"minute": "30", "hour": "7", "day_of_month": "12", "day_of_week": "*"},
    )
    task.refresh_from_db()

    assert response.status_code == 302
    assert (task.crontab.minute, task.crontab.hour, task.crontab.day_of_month, task.enabled) == (
        "30",
        "7",
        "12",
        False,
    )
    assert AuditLog.objects.filter(action="update", object_id=str(task.pk), actor=office_user).exists()
    from assessment.models import DispatchSettings

    assert DispatchSettings.current().dispatch_day == 12

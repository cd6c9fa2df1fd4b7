"""The audit page: the audit administrator's alone (三员分立), filtered by actor, action and dates,
paged newest first, a table alone for htmx, and each change shown with where it came from."""

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from core import audit
from core.models import AuditAction
from tests.core.audit_support import IP, META
from tests.core.form_data import enterprise_form

# --- the audit page --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("town", 403),
        ("department", 403),
        ("enterprise", 403),
        ("office", 403),
        ("admin", 403),
        ("security_admin", 403),
        ("audit_admin", 200),
        ("anonymous", 302),
    ],
)
def test_audit_page_is_for_the_audit_administrator_only(users, client_for, role, status):
    # given a write in the trail
    audit.record(actor=users["office"], action=AuditAction.EXPORT, event="funds.params")
    # when a user of the role opens the audit page
    response = client_for(users[role]).get("/audit/")
    # then only the audit administrator sees it (三员分立)
    assert response.status_code == status
    assert ("修改基金规则参数" in response.content.decode()) is (status == 200)


def test_audit_selector_returns_nothing_to_other_roles(users):
    from core.selectors import audit_log_for

    audit.record(actor=users["office"], action=AuditAction.EXPORT, message="x")
    assert audit_log_for(users["audit_admin"]).count() >= 1
    for role in ("town", "department", "enterprise", "office", "admin", "security_admin"):
        assert not audit_log_for(users[role]).exists()


def _at(day, hour=12):
    return timezone.make_aware(datetime.combine(day, time(hour)))


@pytest.fixture
def trail(town_user, department_user, office_user):
    """Six writes over three days by three accounts."""
    today = timezone.localdate()
    rows = {}
    for key, actor, action, days_ago in [
        ("town_today", town_user, AuditAction.CREATE, 0),
        ("town_old", town_user, AuditAction.UPDATE, 10),
        ("dept_export", department_user, AuditAction.EXPORT, 0),
        ("dept_old_export", department_user, AuditAction.EXPORT, 20),
        ("office_update", office_user, AuditAction.UPDATE, 10),
        ("office_create", office_user, AuditAction.CREATE, 20),
    ]:
        row = audit.record(actor=actor, action=action, message=key, at=_at(today - timedelta(days=days_ago)))
        rows[key] = row.pk
    return rows


def _shown(response) -> set[str]:
    return {log.message for log in response.context["page"] if log.message}


def test_audit_page_filters_by_actor(client_for, audit_admin_user, trail):
    response = client_for(audit_admin_user).get("/audit/", {"actor": "town_"})
    assert response.status_code == 200
    assert _shown(response) == {"town_today", "town_old"}


def test_audit_page_filters_by_action(client_for, audit_admin_user, trail):
    response = client_for(audit_admin_user).get("/audit/", {"action": "export"})
    assert _shown(response) == {"dept_export", "dept_old_export"}


def test_audit_page_filters_by_date_range(client_for, audit_admin_user, trail):
    today = timezone.localdate()
    client = client_for(audit_admin_user)
    window = client.get(
        "/audit/",
        {
            "date_from": (today - timedelta(days=15)).isoformat(),
            "date_to": (today - timedelta(days=5)).isoformat(),
        },
    )
    since = client.get("/audit/", {"date_from": (today - timedelta(days=15)).isoformat()})
    assert _shown(window) == {"town_old", "office_update"}
    assert _shown(since) == {"town_today", "town_old", "dept_export", "office_update"}


def test_audit_page_combines_filters(client_for, audit_admin_user, trail):
    today = timezone.localdate()
    response = client_for(audit_admin_user).get(
        "/audit/", {"actor": "dept", "action": "export", "date_to": (today - timedelta(days=5)).isoformat()}
    )
    assert _shown(response) == {"dept_old_export"}


def test_audit_page_with_a_bad_date_shows_the_error_and_does_not_filter(client_for, audit_admin_user, trail):
    response = client_for(audit_admin_user).get("/audit/", {"date_from": "not-a-date"})
    assert response.status_code == 200
    assert response.context["filters"].errors
    assert {"town_today", "dept_old_export"} <= _shown(response)


def test_audit_page_paginates_newest_first(client_for, office_user, audit_admin_user):
    # given 120 exports, one a minute
    start = timezone.now() - timedelta(days=1)
    for n in range(120):
        audit.record(
            actor=office_user,
            action=AuditAction.EXPORT,
            message=f"export-{n:03d}",
            at=start + timedelta(minutes=n),
        )
    client = client_for(audit_admin_user)
    # when the audit administrator pages through them
    pages = [client.get("/audit/", {"action": "export", "page": p}) for p in (1, 2, 3)]
    # then 50 + 50 + 20 rows, newest first, none twice, none missing
    shown = [[log.message for log in page.context["page"]] for page in pages]
    assert [len(s) for s in shown] == [50, 50, 20]
    flat = shown[0] + shown[1] + shown[2]
    assert flat == [f"export-{n:03d}" for n in range(119, -1, -1)]
    assert pages[0].context["page"].paginator.count == 120
    assert "1 / 3" in pages[0].content.decode()
    # and the next-page link keeps the filter
    assert "action=export" in pages[0].content.decode().split("下一页")[0].rsplit("href=", 1)[1]
    # and a page past the end shows the last page
    assert client.get("/audit/", {"action": "export", "page": 99}).context["page"].number == 3


def test_audit_page_htmx_request_gets_only_the_table(client_for, audit_admin_user, trail):
    response = client_for(audit_admin_user).get(
        "/audit/", {"action": "export"}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="audit-table"' in html
    assert "<html" not in html
    assert _shown(response) == {"dept_export", "dept_old_export"}


def test_audit_page_shows_the_change(client_for, office_user, audit_admin_user, enterprise):
    client_for(office_user).post(
        f"/enterprises/{enterprise.pk}/edit/",
        enterprise_form(enterprise, contact_phone="0539-8111111"),
        **META,
    )
    html = client_for(audit_admin_user).get("/audit/", {"action": "update"}).content.decode()
    assert "0539-8000000 → 0539-8111111" in html
    assert IP in html

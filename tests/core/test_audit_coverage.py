"""What no service sees still leaves a row: refused access, downloads, API list reads and unlocks;
and the trail itself exports (CSV) only to whoever may read it."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django.utils import timezone

from accounts.permissions import can_view_audit_log
from core import audit
from core.audit_messages import decode
from core.models import AuditAction, AuditLog
from tests.factories import EvidenceFactory, NominationFactory

pytestmark = pytest.mark.django_db
IP = "10.9.8.7"
META = {"REMOTE_ADDR": IP, "HTTP_USER_AGENT": "pytest"}
ACCESS = [AuditAction.DENIED, AuditAction.DOWNLOAD, AuditAction.READ]


def _access_rows():
    return list(AuditLog.objects.filter(action__in=ACCESS).order_by("id"))


@pytest.fixture
def audit_reader(users):
    """An account the audit permission lets read the trail (whatever role that is)."""
    return next(u for u in users.values() if can_view_audit_log(u))


@pytest.fixture
def outsider(users):
    """An account the audit permission refuses."""
    return next(u for u in users.values() if not can_view_audit_log(u))


# --- denied ---------------------------------------------------------------------------------------


def test_opening_another_towns_nomination_leaves_a_denied_row(client_for, town, other_town_user):
    # given a nomination of another town
    nomination = NominationFactory(town=town)
    # when an official of the other town opens it
    response = client_for(other_town_user).get(f"/pools/nominations/{nomination.pk}/", **META)
    # then it is not found for them, and one DENIED row names them, their address and the path
    assert response.status_code == 404
    [row] = _access_rows()
    assert (row.action, row.actor, row.ip) == (AuditAction.DENIED, other_town_user, IP)
    assert decode(row.message) == (
        "access.denied",
        {"status": 404, "method": "GET", "path": f"/pools/nominations/{nomination.pk}/"},
    )


def test_an_api_call_without_credentials_leaves_a_denied_row(client):
    response = client.get("/api/v1/enterprises/", **META)
    assert response.status_code in (401, 403)
    [row] = _access_rows()
    assert (row.action, row.actor, row.ip) == (AuditAction.DENIED, None, IP)
    assert decode(row.message) == (
        "access.denied",
        {"status": response.status_code, "method": "GET", "path": "/api/v1/enterprises/"},
    )


def test_an_ordinary_page_leaves_no_access_row(client_for, town_user):
    assert client_for(town_user).get("/home/town/").status_code == 200
    assert _access_rows() == []


def test_an_address_no_view_serves_leaves_no_denied_row(client_for, town_user):
    # a browser asking for /favicon.ico on every page is not a refused access to anything
    assert client_for(town_user).get("/favicon.ico").status_code == 404
    assert _access_rows() == []


# --- downloads ------------------------------------------------------------------------------------


def test_downloading_evidence_leaves_a_download_row_with_the_file_name(client_for, town, town_user):
    evidence = EvidenceFactory(nomination=NominationFactory(town=town))
    response = client_for(town_user).get(f"/pools/evidence/{evidence.pk}/", **META)
    assert response.status_code == 200
    [row] = _access_rows()
    assert (row.action, row.actor, row.ip) == (AuditAction.DOWNLOAD, town_user, IP)
    assert row.after == {"file": "营业执照.pdf"}
    assert decode(row.message) == (
        "access.download",
        {"method": "GET", "path": f"/pools/evidence/{evidence.pk}/", "file": "营业执照.pdf"},
    )


def test_downloading_a_template_leaves_a_download_row(client_for, programme, town_user):
    response = client_for(town_user).get("/pools/bulk/template/backbone.xlsx", **META)
    assert response.status_code == 200
    [row] = _access_rows()
    assert (row.action, row.after) == (AuditAction.DOWNLOAD, {"file": "nomination-template-backbone.xlsx"})


def test_an_export_download_leaves_its_export_row_and_no_second_row(client_for, programme, office_user):
    response = client_for(office_user).get("/pools/2018/backbone/export.xlsx", **META)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert AuditLog.objects.filter(action=AuditAction.EXPORT, actor=office_user).count() == 1
    assert _access_rows() == []


# --- API list reads -------------------------------------------------------------------------------


def test_an_api_list_read_leaves_a_read_row_with_its_query(client_for, office_user, enterprise, town):
    response = client_for(office_user).get(f"/api/v1/enterprises/?town={town.pk}", **META)
    assert response.status_code == 200
    [row] = _access_rows()
    assert (row.action, row.actor, row.ip) == (AuditAction.READ, office_user, IP)
    assert decode(row.message) == (
        "access.read",
        {"path": f"/api/v1/enterprises/?town={town.pk}", "count": row.after["count"]},
    )
    assert row.after == {"count": response.json()["count"]}


def test_an_api_detail_read_leaves_no_read_row(client_for, office_user, enterprise):
    assert client_for(office_user).get(f"/api/v1/enterprises/{enterprise.pk}/").status_code == 200
    assert _access_rows() == []


# --- unlocks ----------------------------------------------------------------------------------------


def test_clearing_an_active_lockout_leaves_an_unlock_row(town_user):
    # given an account locked a minute ago
    AccessAttempt.objects.create(
        username=town_user.username,
        ip_address=IP,
        user_agent="x",
        failures_since_start=5,
        get_data="",
        post_data="",
    )
    # when the lockout is reset (as the admin's unlock or `axes_reset` does)
    assert axes_reset(username=town_user.username) == 1
    # then one UNLOCK row names the account and address
    row = AuditLog.objects.get(action=AuditAction.UNLOCK)
    assert decode(row.message) == ("account.unlocked", {"username": town_user.username, "ip": IP})


def test_housekeeping_of_expired_or_partial_attempts_leaves_no_unlock_row(town_user):
    AccessAttempt.objects.create(
        username="a", ip_address=IP, user_agent="x", failures_since_start=2, get_data="", post_data=""
    )
    expired = AccessAttempt.objects.create(
        username="b", ip_address=IP, user_agent="x", failures_since_start=5, get_data="", post_data=""
    )
    AccessAttempt.objects.filter(pk=expired.pk).update(attempt_time=timezone.now() - timedelta(days=1))
    axes_reset()
    assert not AuditLog.objects.filter(action=AuditAction.UNLOCK).exists()


def test_password_reset_and_unlock_are_actions_the_admin_can_record(admin_user, town_user):
    row = audit.record(actor=admin_user, action=AuditAction.PASSWORD_RESET, instance=town_user)
    assert (row.get_action_display(), row.object_id) == ("重置密码", str(town_user.pk))
    assert AuditAction.UNLOCK.label == "解除锁定"


# --- export of the trail ------------------------------------------------------------------------------


def test_the_trail_exports_as_csv_to_whoever_may_read_it(client_for, audit_reader, town_user):
    # given rows, one whose text would start a spreadsheet formula
    audit.record(actor=town_user, action=AuditAction.UPDATE, message='=HYPERLINK("http://x")')
    audit.record(actor=town_user, action=AuditAction.CREATE, message="新增企业")
    # when the reader exports the updates
    response = client_for(audit_reader).get("/audit/export/", {"action": "update"}, **META)
    # then a CSV with a BOM comes back, only updates, the formula made inert
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment; filename=audit-log-")
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff编号,时间,操作账号")
    assert "'=HYPERLINK" in body and "新增企业" not in body
    # and the export is itself one EXPORT row (no second DOWNLOAD row)
    row = AuditLog.objects.get(action=AuditAction.EXPORT, actor=audit_reader)
    assert decode(row.message) == (
        "export.list_filtered",
        {"what": "audit_log_csv", "filters": [["操作", "修改", 1]]},
    )
    assert not AuditLog.objects.filter(action=AuditAction.DOWNLOAD).exists()


def test_the_trail_export_is_refused_to_others(client_for, outsider):
    response = client_for(outsider).get("/audit/export/")
    assert response.status_code == 403
    assert not AuditLog.objects.filter(action=AuditAction.EXPORT).exists()
    assert AuditLog.objects.filter(action=AuditAction.DENIED, actor=outsider).count() == 1


def test_the_audit_page_links_the_export_of_its_filter(client_for, audit_reader):
    html = client_for(audit_reader).get("/audit/", {"action": "denied"}).content.decode()
    assert 'href="/audit/export/?action=denied"' in html


def test_an_unlock_on_the_admin_site_names_the_administrator(client_for, superuser, town_user):
    # given a locked account
    attempt = AccessAttempt.objects.create(
        username=town_user.username,
        ip_address=IP,
        user_agent="x",
        failures_since_start=5,
        get_data="",
        post_data="",
    )
    # when a superuser deletes the lockout on the admin site (the system administrator may not: 三员分立)
    response = client_for(superuser).post(
        f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"}, **META
    )
    # then the lockout is gone and the UNLOCK row names the administrator and their address
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(pk=attempt.pk).exists()
    row = AuditLog.objects.get(action=AuditAction.UNLOCK)
    assert (row.actor, row.ip) == (superuser, IP)
    assert decode(row.message) == ("account.unlocked", {"username": town_user.username, "ip": IP})

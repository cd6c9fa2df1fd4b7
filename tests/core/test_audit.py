"""Every write leaves one audit row: who, from where, what, on which object, before and after."""

from datetime import datetime, time, timedelta
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from core import audit
from core.audit_messages import decode, encode
from core.models import AuditAction, AuditLog
from enterprises.models import Enterprise, Project
from enterprises.uscc import make_uscc
from programs.models import PoolQuota, Town
from tests.core.form_data import enterprise_form, project_form, registry_xlsx
from tests.factories import ProjectFactory
from tests.factories.accounts import PASSWORD

IP = "10.1.2.3"
UA = "Mozilla/5.0 (pytest)"
META = {"REMOTE_ADDR": IP, "HTTP_USER_AGENT": UA}


ACCESS = [AuditAction.LOGIN, AuditAction.LOGOUT, AuditAction.DENIED, AuditAction.DOWNLOAD, AuditAction.READ]


def _writes():
    """Audit rows of writes (sign-ins of the test client's force_login and access rows left out)."""
    return AuditLog.objects.exclude(action__in=ACCESS).order_by("id")


def _only_new_row(before_ids):
    rows = list(_writes().exclude(pk__in=before_ids))
    assert len(rows) == 1, rows
    return rows[0]


def _ids():
    return set(_writes().values_list("pk", flat=True))


def _assert_from_request(row, user):
    assert row.actor == user
    assert row.actor_username == user.username
    assert row.ip == IP
    assert row.user_agent == UA


# --- the registry ----------------------------------------------------------------------------------


def test_creating_an_enterprise_on_the_page_is_audited(client_for, town_user, enterprise):
    # given a town official
    client = client_for(town_user)
    before = _ids()
    # when they register an enterprise through the page
    response = client.post(
        "/enterprises/new/",
        enterprise_form(enterprise, uscc=make_uscc("371311", 700001), name="临沂审计新材料有限公司"),
        **META,
    )
    # then one CREATE row names them, their address, the new enterprise and its values
    created = Enterprise.objects.get(name="临沂审计新材料有限公司")
    assert response.status_code == 302
    row = _only_new_row(before)
    _assert_from_request(row, town_user)
    assert row.action == AuditAction.CREATE
    assert (row.content_type, row.object_id, row.object_repr) == (
        ContentType.objects.get_for_model(Enterprise),
        str(created.pk),
        "临沂审计新材料有限公司",
    )
    assert row.before is None
    assert row.after["name"] == "临沂审计新材料有限公司"
    assert row.after["uscc"] == make_uscc("371311", 700001)
    assert row.after["town"] == town_user.town_id  # the town's own, whatever the form said


def test_editing_an_enterprise_records_before_and_after_of_the_changed_field(
    client_for, office_user, enterprise
):
    # given the office and an enterprise
    client = client_for(office_user)
    before = _ids()
    # when the office renames it on the edit page
    response = client.post(
        f"/enterprises/{enterprise.pk}/edit/",
        enterprise_form(enterprise, name="临沂甲新型陶瓷有限公司"),
        **META,
    )
    # then one UPDATE row shows exactly that change
    assert response.status_code == 302
    row = _only_new_row(before)
    _assert_from_request(row, office_user)
    assert row.action == AuditAction.UPDATE
    assert (row.content_type.model, row.object_id) == ("enterprise", str(enterprise.pk))
    assert row.before["name"] == "临沂甲陶瓷有限公司"
    assert row.after["name"] == "临沂甲新型陶瓷有限公司"
    assert row.changed_fields == [("name", "临沂甲陶瓷有限公司", "临沂甲新型陶瓷有限公司")]


def test_saving_an_unchanged_enterprise_writes_no_update_row(client_for, office_user, enterprise):
    client = client_for(office_user)
    before = _ids()
    response = client.post(f"/enterprises/{enterprise.pk}/edit/", enterprise_form(enterprise), **META)
    assert response.status_code == 302
    assert _ids() == before


def test_project_create_and_edit_are_audited(client_for, town_user, enterprise):
    # given a town official and a project of their town
    client = client_for(town_user)
    project = ProjectFactory(name="甲陶瓷窑炉技改", enterprise=enterprise)
    before = _ids()
    # when they add a project and then raise the investment of the first
    client.post("/enterprises/projects/new/", project_form(project, name="甲陶瓷二期"), **META)
    created = _only_new_row(before)
    client.post(
        f"/enterprises/projects/{project.pk}/edit/",
        project_form(project, total_investment="15000.00"),
        **META,
    )
    updated = _only_new_row(before | {created.pk})
    # then both are in the trail
    new_project = Project.objects.get(name="甲陶瓷二期")
    assert (created.action, created.object_id, created.after["name"]) == (
        AuditAction.CREATE,
        str(new_project.pk),
        "甲陶瓷二期",
    )
    assert updated.action == AuditAction.UPDATE
    assert updated.changed_fields == [("total_investment", "12000.00", "15000.00")]
    for row in (created, updated):
        _assert_from_request(row, town_user)


def test_import_audits_every_row_it_writes(client_for, office_user, town):
    # given an import file of two enterprises
    client = client_for(office_user)
    before = _ids()
    file = registry_xlsx(
        [
            [
                make_uscc("371311", 700101),
                "临沂导入一号有限公司",
                town.name,
                "30",
                "",
                "是",
                "正常经营",
                "",
                "",
                "",
                "",
                "",
                "",
            ],
            [
                make_uscc("371311", 700102),
                "临沂导入二号有限公司",
                town.name,
                "30",
                "",
                "否",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
            ],
        ]
    )
    # when the office imports it
    response = client.post("/enterprises/import/", {"file": file}, **META)
    # then each new enterprise has an IMPORT row with its values
    assert response.status_code == 302
    rows = list(_writes().exclude(pk__in=before))
    assert [r.action for r in rows] == [AuditAction.IMPORT, AuditAction.IMPORT]
    assert sorted(r.after["name"] for r in rows) == ["临沂导入一号有限公司", "临沂导入二号有限公司"]
    for row in rows:
        _assert_from_request(row, office_user)
        assert Enterprise.objects.filter(pk=row.object_id).exists()


def test_export_is_audited(client_for, department_user, enterprise):
    client = client_for(department_user)
    before = _ids()
    response = client.get("/enterprises/export.xlsx?scale=above", **META)
    assert response.status_code == 200
    row = _only_new_row(before)
    _assert_from_request(row, department_user)
    assert row.action == AuditAction.EXPORT
    assert decode(row.message) == (
        "export.list_rows_filtered",
        {"what": "enterprises", "rows": 1, "filters": [["规模", "规上", 1]]},
    )


# --- the policy ------------------------------------------------------------------------------------


def test_editing_a_quota_records_before_and_after(programme, client_for, office_user):
    # given the office and the backbone pool's 2018 quota (at least 10)
    quota = PoolQuota.objects.get(pool__programme=programme, pool__code="backbone", year=2018)
    client = client_for(office_user)
    before = _ids()
    # when the office raises the minimum to 12 on the policy edit page
    response = client.post(f"/programme/edit/quota/{quota.pk}/", {"quota_min": "12", "quota_max": ""}, **META)
    # then the quota is 12 and one UPDATE row shows 10 → 12
    assert response.status_code == 302
    assert PoolQuota.objects.get(pk=quota.pk).quota_min == 12
    row = _only_new_row(before)
    _assert_from_request(row, office_user)
    assert row.action == AuditAction.UPDATE
    assert (row.content_type.model, row.object_id) == ("poolquota", str(quota.pk))
    assert row.before == {"quota_min": 10, "quota_max": None, "is_new_additions": False}
    assert row.after == {"quota_min": 12, "quota_max": None, "is_new_additions": False}
    assert row.changed_fields == [("quota_min", 10, 12)]


def test_creating_a_policy_record_is_audited(programme, client_for, office_user):
    client = client_for(office_user)
    before = _ids()
    response = client.post(
        "/programme/edit/town/new/",
        {
            "code": "xinzhuang",
            "name": "新庄街道",
            "kind": "street",
            "division_code": "",
            "order": "9",
            "is_active": "on",
        },
        **META,
    )
    assert response.status_code == 302
    row = _only_new_row(before)
    _assert_from_request(row, office_user)
    town = Town.objects.get(code="xinzhuang")
    assert (row.action, row.object_id, row.object_repr) == (AuditAction.CREATE, str(town.pk), "新庄街道")
    assert row.after["name"] == "新庄街道"


def test_a_refused_edit_writes_no_change_row_but_a_denied_row(programme, client_for, town_user):
    quota = PoolQuota.objects.get(pool__programme=programme, pool__code="backbone", year=2018)
    client = client_for(town_user)
    before = _ids()
    response = client.post(f"/programme/edit/quota/{quota.pk}/", {"quota_min": "1"}, **META)
    assert response.status_code == 403
    assert _ids() == before
    denied = AuditLog.objects.get(action=AuditAction.DENIED)
    _assert_from_request(denied, town_user)
    assert decode(denied.message) == (
        "access.denied",
        {"status": 403, "method": "POST", "path": f"/programme/edit/quota/{quota.pk}/"},
    )


# --- signing in and out ----------------------------------------------------------------------------


def test_successful_login_is_audited(client, town_user):
    # when the official signs in on the login page
    response = client.post("/accounts/login/", {"username": "town_a", "password": PASSWORD}, **META)
    # then they are in, and a LOGIN row names them and their address
    assert response.status_code == 302
    assert response["Location"] == "/"
    row = AuditLog.objects.get(action=AuditAction.LOGIN)
    _assert_from_request(row, town_user)
    assert (row.content_type.model, row.object_id) == ("user", str(town_user.pk))


def test_failed_login_is_audited_with_the_attempted_name(client, town_user):
    # when someone types a wrong password
    response = client.post("/accounts/login/", {"username": "town_a", "password": "wrong-Pass1"}, **META)
    # then they stay on the login page, and a LOGIN_FAILED row keeps the name tried and the address
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    row = AuditLog.objects.get(action=AuditAction.LOGIN_FAILED)
    assert row.actor is None
    assert row.actor_username == "town_a"
    assert decode(row.message) == ("account.login_failed", {"username": "town_a"})
    assert row.ip == IP
    assert not AuditLog.objects.filter(action=AuditAction.LOGIN).exists()


def test_failed_login_for_an_unknown_name_is_audited(client, db):
    client.post("/accounts/login/", {"username": "nobody", "password": "wrong-Pass1"}, **META)
    row = AuditLog.objects.get(action=AuditAction.LOGIN_FAILED)
    assert (row.actor, row.actor_username, row.ip) == (None, "nobody", IP)


def test_logout_is_audited(client, town_user):
    client.post("/accounts/login/", {"username": "town_a", "password": PASSWORD}, **META)
    response = client.post("/accounts/logout/", **META)
    assert response.status_code == 302
    row = AuditLog.objects.get(action=AuditAction.LOGOUT)
    _assert_from_request(row, town_user)


def test_password_change_is_audited(client, town_user):
    client.post("/accounts/login/", {"username": "town_a", "password": PASSWORD}, **META)
    before = _ids()
    response = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": "Xin-mima-2026", "new_password2": "Xin-mima-2026"},
        **META,
    )
    assert response.status_code == 302
    row = _only_new_row(before)
    _assert_from_request(row, town_user)
    assert (row.action, row.message) == (AuditAction.UPDATE, encode("account.password_changed"))
    assert "password" not in (row.after or {})


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


def test_audit_rows_keep_money_as_exact_strings(client_for, office_user, enterprise):
    project = ProjectFactory(enterprise=enterprise, total_investment=Decimal("12000.50"))
    client_for(office_user).post(
        f"/enterprises/projects/{project.pk}/edit/",
        project_form(project, total_investment="12000.75"),
        **META,
    )
    row = AuditLog.objects.get(action=AuditAction.UPDATE, object_id=str(project.pk))
    assert row.changed_fields == [("total_investment", "12000.50", "12000.75")]


def test_a_saved_row_is_recorded_as_created_then_as_updated_with_its_fields_after(town_user, db):
    # given a town saved new, then renamed
    town = Town.objects.create(code="t-saved", name="旧名")
    created = audit.record_saved(actor=town_user, instance=town, before=None, fields=["name"])
    before = audit.snapshot(town, ["name"])
    town.name = "新名"
    town.save()
    updated = audit.record_saved(actor=town_user, instance=town, before=before, fields=["name"])
    # then the first row is a creation, the second an update from the old name to the new
    assert (created.action, created.before, created.after) == (AuditAction.CREATE, None, {"name": "旧名"})
    assert (updated.action, updated.before, updated.after) == (
        AuditAction.UPDATE,
        {"name": "旧名"},
        {"name": "新名"},
    )

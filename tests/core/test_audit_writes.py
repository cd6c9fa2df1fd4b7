"""Every write leaves one audit row: who, from where, what, on which object, before and after — the
registry (pages, import, export) and the policy; a refused write leaves a denied row, not a change."""

from decimal import Decimal

from django.contrib.contenttypes.models import ContentType

from core import audit
from core.audit_messages import decode
from core.models import AuditAction, AuditLog
from enterprises.models import Enterprise, Project
from enterprises.uscc import make_uscc
from programs.models import PoolQuota, Town
from tests.core.audit_support import META, assert_from_request, only_new_row, write_ids, write_rows
from tests.core.form_data import enterprise_form, project_form, registry_xlsx
from tests.factories import ProjectFactory

# --- the registry ----------------------------------------------------------------------------------


def test_creating_an_enterprise_on_the_page_is_audited(client_for, town_user, enterprise):
    # given a town official
    client = client_for(town_user)
    before = write_ids()
    # when they register an enterprise through the page
    response = client.post(
        "/enterprises/new/",
        enterprise_form(enterprise, uscc=make_uscc("371311", 700001), name="临沂审计新材料有限公司"),
        **META,
    )
    # then one CREATE row names them, their address, the new enterprise and its values
    created = Enterprise.objects.get(name="临沂审计新材料有限公司")
    assert response.status_code == 302
    row = only_new_row(before)
    assert_from_request(row, town_user)
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
    before = write_ids()
    # when the office renames it on the edit page
    response = client.post(
        f"/enterprises/{enterprise.pk}/edit/",
        enterprise_form(enterprise, name="临沂甲新型陶瓷有限公司"),
        **META,
    )
    # then one UPDATE row shows exactly that change
    assert response.status_code == 302
    row = only_new_row(before)
    assert_from_request(row, office_user)
    assert row.action == AuditAction.UPDATE
    assert (row.content_type.model, row.object_id) == ("enterprise", str(enterprise.pk))
    assert row.before["name"] == "临沂甲陶瓷有限公司"
    assert row.after["name"] == "临沂甲新型陶瓷有限公司"
    assert row.changed_fields == [("name", "临沂甲陶瓷有限公司", "临沂甲新型陶瓷有限公司")]


def test_saving_an_unchanged_enterprise_writes_no_update_row(client_for, office_user, enterprise):
    client = client_for(office_user)
    before = write_ids()
    response = client.post(f"/enterprises/{enterprise.pk}/edit/", enterprise_form(enterprise), **META)
    assert response.status_code == 302
    assert write_ids() == before


def test_project_create_and_edit_are_audited(client_for, town_user, enterprise):
    # given a town official and a project of their town
    client = client_for(town_user)
    project = ProjectFactory(name="甲陶瓷窑炉技改", enterprise=enterprise)
    before = write_ids()
    # when they add a project and then raise the investment of the first
    client.post("/enterprises/projects/new/", project_form(project, name="甲陶瓷二期"), **META)
    created = only_new_row(before)
    client.post(
        f"/enterprises/projects/{project.pk}/edit/",
        project_form(project, total_investment="15000.00"),
        **META,
    )
    updated = only_new_row(before | {created.pk})
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
        assert_from_request(row, town_user)


def test_import_audits_every_row_it_writes(client_for, office_user, town):
    # given an import file of two enterprises
    client = client_for(office_user)
    before = write_ids()
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
    rows = list(write_rows().exclude(pk__in=before))
    assert [r.action for r in rows] == [AuditAction.IMPORT, AuditAction.IMPORT]
    assert sorted(r.after["name"] for r in rows) == ["临沂导入一号有限公司", "临沂导入二号有限公司"]
    for row in rows:
        assert_from_request(row, office_user)
        assert Enterprise.objects.filter(pk=row.object_id).exists()


def test_export_is_audited(client_for, department_user, enterprise):
    client = client_for(department_user)
    before = write_ids()
    response = client.get("/enterprises/export.xlsx?scale=above", **META)
    assert response.status_code == 200
    row = only_new_row(before)
    assert_from_request(row, department_user)
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
    before = write_ids()
    # when the office raises the minimum to 12 on the policy edit page
    response = client.post(f"/programme/edit/quota/{quota.pk}/", {"quota_min": "12", "quota_max": ""}, **META)
    # then the quota is 12 and one UPDATE row shows 10 → 12
    assert response.status_code == 302
    assert PoolQuota.objects.get(pk=quota.pk).quota_min == 12
    row = only_new_row(before)
    assert_from_request(row, office_user)
    assert row.action == AuditAction.UPDATE
    assert (row.content_type.model, row.object_id) == ("poolquota", str(quota.pk))
    assert row.before == {"quota_min": 10, "quota_max": None, "is_new_additions": False}
    assert row.after == {"quota_min": 12, "quota_max": None, "is_new_additions": False}
    assert row.changed_fields == [("quota_min", 10, 12)]


def test_creating_a_policy_record_is_audited(programme, client_for, office_user):
    client = client_for(office_user)
    before = write_ids()
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
    row = only_new_row(before)
    assert_from_request(row, office_user)
    town = Town.objects.get(code="xinzhuang")
    assert (row.action, row.object_id, row.object_repr) == (AuditAction.CREATE, str(town.pk), "新庄街道")
    assert row.after["name"] == "新庄街道"


def test_a_refused_edit_writes_no_change_row_but_a_denied_row(programme, client_for, town_user):
    quota = PoolQuota.objects.get(pool__programme=programme, pool__code="backbone", year=2018)
    client = client_for(town_user)
    before = write_ids()
    response = client.post(f"/programme/edit/quota/{quota.pk}/", {"quota_min": "1"}, **META)
    assert response.status_code == 403
    assert write_ids() == before
    denied = AuditLog.objects.get(action=AuditAction.DENIED)
    assert_from_request(denied, town_user)
    assert decode(denied.message) == (
        "access.denied",
        {"status": 403, "method": "POST", "path": f"/programme/edit/quota/{quota.pk}/"},
    )


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

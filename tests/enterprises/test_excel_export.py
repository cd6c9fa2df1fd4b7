"""The registry's Excel export: scoped to the caller's towns, filtered like the list, audited, and
imported back unchanged."""

import pytest

from core.audit_messages import decode
from core.models import AuditAction, AuditLog
from enterprises.models import Enterprise
from tests.enterprises.registry_workbooks import (
    EXPORT_URL,
    HEADERS,
    exported_rows,
    flash_messages,
    upload_registry,
)
from tests.factories import EnterpriseFactory, IndustryFactory

pytestmark = pytest.mark.django_db


# --- export -------------------------------------------------------------------------------------


def test_town_exports_only_its_own_town_with_chinese_headers(
    client_for, town_user, enterprise, other_enterprise
):
    client = client_for(town_user)

    rows = exported_rows(client.get(EXPORT_URL))

    assert list(rows[0]) == HEADERS
    assert [r[0] for r in rows[1:]] == [enterprise.uscc]
    assert rows[1][1:4] == ("临沂甲陶瓷有限公司", "罗庄街道", "30 非金属矿物制品业")
    assert rows[1][5:7] == ("是", "正常经营")
    log = AuditLog.objects.get(action=AuditAction.EXPORT)
    assert log.actor == town_user
    assert decode(log.message)[1]["rows"] == 1


def test_town_cannot_widen_the_export_with_a_town_filter(client_for, town_user, enterprise, other_enterprise):
    client = client_for(town_user)

    rows = exported_rows(client.get(EXPORT_URL, {"town": other_enterprise.town_id}))

    assert [r[0] for r in rows[1:]] == [enterprise.uscc]


@pytest.mark.parametrize("role", ["office", "department"])
def test_district_roles_export_every_town(client_for, users, role, enterprise, other_enterprise):
    client = client_for(users[role])

    rows = exported_rows(client.get(EXPORT_URL))

    assert {r[0] for r in rows[1:]} == {enterprise.uscc, other_enterprise.uscc}


def test_export_honours_the_list_filters(client_for, office_user, town, other_town):
    client = client_for(office_user)
    above = EnterpriseFactory(town=town, is_above_scale=True, name="规上甲有限公司")
    below = EnterpriseFactory(town=town, is_above_scale=False, name="规下乙有限公司")
    other = EnterpriseFactory(town=other_town, is_above_scale=True, name="规上丙有限公司")
    machinery = EnterpriseFactory(
        town=other_town, is_above_scale=False, name="机械丁有限公司", industry=IndustryFactory(code="34")
    )

    def exported(**params):
        return {r[0] for r in exported_rows(client.get(EXPORT_URL, params))[1:]}

    assert exported(scale="above") == {above.uscc, other.uscc}
    assert exported(scale="below") == {below.uscc, machinery.uscc}
    assert exported(scale="above", town=town.pk) == {above.uscc}
    assert exported(q="规下") == {below.uscc}
    assert exported(q=other.uscc.lower()) == {other.uscc}
    assert exported(industry=machinery.industry_id) == {machinery.uscc}
    assert exported() == {above.uscc, below.uscc, other.uscc, machinery.uscc}


def test_town_export_with_scale_filter(client_for, town_user, town, other_town):
    client = client_for(town_user)
    above = EnterpriseFactory(town=town, is_above_scale=True)
    EnterpriseFactory(town=town, is_above_scale=False)
    EnterpriseFactory(town=other_town, is_above_scale=True)

    rows = exported_rows(client.get(EXPORT_URL, {"scale": "above"}))

    assert [r[0] for r in rows[1:]] == [above.uscc]


def test_export_reimports_unchanged(client_for, town_user, enterprise):
    # given an export / when it is imported back as is / then nothing changes
    client = client_for(town_user)
    content = client.get(EXPORT_URL).content

    response = upload_registry(client, content)

    assert response.status_code == 302
    assert flash_messages(response) == ["导入成功：新增 0 家，更新 0 家，未变 1 家。"]
    assert Enterprise.objects.count() == 1


def test_enterprise_account_cannot_export(client_for, enterprise_user):
    assert client_for(enterprise_user).get(EXPORT_URL).status_code == 403
    assert not AuditLog.objects.filter(action=AuditAction.EXPORT).exists()

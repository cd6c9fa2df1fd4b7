"""Readable records: the audit log in 字段：原值 → 新值 with Chinese labels, 万元, Beijing time; codes shown
as names; the language menu naming each language in itself."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from core import audit
from core.audit_display import describe
from core.models import AuditAction, AuditLog
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def _record(actor, instance, before, after):
    audit.record(actor=actor, action=AuditAction.UPDATE, instance=instance, before=before, after=after)
    return AuditLog.objects.filter(object_id=str(instance.pk)).latest("id")


def test_a_quota_change_reads_with_its_chinese_label(office_user, programme):
    from programs.models import PoolQuota

    quota = PoolQuota.objects.filter(pool__programme=programme).first()
    log = _record(office_user, quota, {"quota_min": 10}, {"quota_min": 12})
    [change] = describe([log])[log.pk]
    assert (change.label, change.old, change.new) == ("数量下限", "10", "12")


def test_times_are_beijing_time_without_microseconds(office_user, programme):
    from pools.models import NominationWindow

    window = NominationWindow.objects.create(
        programme=programme, year=programme.start_year, opens_on=date(2026, 1, 1), closes_on=date(2026, 2, 1)
    )
    log = _record(office_user, window, {"closed_at": None}, {"closed_at": "2026-01-05T02:30:15.123456+00:00"})
    [change] = describe([log])[log.pk]
    assert change.label == "提前关闭时间"
    assert change.old == "—"
    assert change.new == "2026-01-05 10:30:15"


def test_money_in_wan_yuan_and_relations_and_choices_by_name(office_user, enterprise, town, other_town):
    project = ProjectFactory(enterprise=enterprise, total_investment=Decimal("12000.50"))
    log = _record(
        office_user,
        project,
        {"total_investment": "12000.50", "town": town.pk, "status": "planned"},
        {"total_investment": "15000.00", "town": other_town.pk, "status": "under_construction"},
    )
    changes = {c.label: (c.old, c.new) for c in describe([log])[log.pk]}
    assert changes["总投资（万元）"] == ("12,000.50 万元", "15,000.00 万元")
    assert changes["所属街镇"] == ("罗庄街道", "傅庄街道")
    assert changes["建设状态"] == ("谋划", "在建")


def test_the_audit_page_shows_labels_not_keys(client_for, office_user, audit_admin_user, programme):
    from programs.models import PoolQuota

    quota = PoolQuota.objects.filter(pool__programme=programme).first()
    _record(office_user, quota, {"quota_min": 10}, {"quota_min": 12})
    page = client_for(audit_admin_user).get(reverse("audit_log"), {"action": "update"}).content.decode()
    assert "数量下限</span>：10 → 12" in page
    assert "quota_min" not in page
    # the filter's object types by their Chinese names, not "app | model"
    assert "programs |" not in page and "pools |" not in page


def test_the_language_menu_names_each_language_in_itself(client_for, office_user):
    client = client_for(office_user)
    page = client.get(reverse("home"), follow=True).content.decode()
    assert ">简体中文</option>" in page and ">English</option>" in page
    client.cookies["django_language"] = "en"
    page = client.get(reverse("home"), follow=True).content.decode()
    assert ">简体中文</option>" in page and ">English</option>" in page


def test_pool_and_criterion_codes_are_not_shown_to_a_town(client_for, town_user, programme):
    page = (
        client_for(town_user)
        .get(reverse("programs:pool_detail", args=[programme.code, "backbone"]))
        .content.decode()
    )
    assert "<code" not in page.split("<main", 1)[1]


def test_a_key_named_like_a_reverse_relation_reads_as_its_key(office_user, programme):
    """The audit page opened 500 on a sub-fund's row whose changes named its reverse relation
    (ManyToOneRel has no verbose_name): such a key is shown as itself."""
    pool = programme.pools.first()
    log = _record(office_user, pool, {"quotas": [1]}, {"quotas": [1, 2]})
    [change] = describe([log])[log.pk]
    assert change.label == "quotas"
    assert change.new == "[1, 2]"

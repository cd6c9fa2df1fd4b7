"""Approving beyond a pool's yearly maximum (科技型 15—20家): the lead department is refused with the
quota and the count; the office approves beyond it only with a reason, recorded in the event and the
audit row; two approvals at the last place cannot both pass (PostgreSQL, two connections)."""

import threading
import time
from unittest import mock

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections

from core.audit_messages import decode
from core.exceptions import Conflict
from core.models import AuditAction, AuditLog, Notification
from pools import services
from pools.models import Nomination, NominationEvent, NominationState
from programs.models import Department
from tests.factories import DepartmentUserFactory, EnterpriseFactory, NominationFactory

from .support import YEAR, nominate, review_all, submit

S = NominationState
E = NominationEvent.Action
TECH_PASSING = {"rd_ratio": "2.5"}  # 研发投入占销售收入比重超1.5%
REASON = "该企业承担省级重大科技专项，经领导小组研究同意超额入库。"


@pytest.fixture
def tech(programme):
    """科技型: quota 15—20 a year, led by 区科技局."""
    pool = programme.pools.get(code="tech")
    quota = pool.quotas.get(year=YEAR)
    assert (quota.quota_min, quota.quota_max) == (15, 20)
    return pool


@pytest.fixture
def science_user(programme):
    return DepartmentUserFactory(username="science", department=Department.objects.get(code="science_tech"))


def fill(pool, town, n):
    """`n` entries of the pool for the year, already approved."""
    return [NominationFactory(pool=pool, year=YEAR, town=town, approved=True) for _ in range(n)]


def ready(town_user, reviewer, pool, name):
    """A submitted tech nomination with every qualitative criterion reviewed: only the decision is left."""
    enterprise = EnterpriseFactory(town=town_user.town, name=name)
    nomination = submit(town_user, nominate(town_user, pool, enterprise, metrics=TECH_PASSING))
    return review_all(reviewer, nomination)


def _audit(nomination):
    return AuditLog.objects.filter(
        content_type=ContentType.objects.get_for_model(Nomination), object_id=str(nomination.pk)
    )


# --- the department within the quota -----------------------------------------------------------


@pytest.mark.django_db
def test_the_department_approves_up_to_the_maximum(tech, open_window, town, town_user, science_user):
    # given 19 entries of a maximum of 20
    fill(tech, town, 19)
    nomination = ready(town_user, science_user, tech, "临沂科创一号有限公司")
    # when the lead department approves the 20th  then  it is admitted
    assert services.nomination_transition(
        actor=science_user, nomination=nomination, action="approve"
    ).state == (S.APPROVED)


@pytest.mark.django_db
def test_the_department_is_refused_beyond_the_maximum_with_the_quota_and_count(
    tech, open_window, town, town_user, science_user
):
    # given the pool's 20 places for the year taken
    fill(tech, town, 20)
    nomination = ready(town_user, science_user, tech, "临沂科创二号有限公司")
    events = NominationEvent.objects.filter(nomination=nomination).count()
    # when the lead department approves one more
    with pytest.raises(Conflict) as exc:
        services.nomination_transition(actor=science_user, nomination=nomination, action="approve")
    # then refused, saying the quota, the count and who may go beyond it; nothing moved
    assert exc.value.message == (
        "“科技型”培育库2018年的数量为15—20家，已入库20家，再通过将超过上限；"
        "超过上限须由领导小组办公室填写理由后超额批准入库。"
    )
    assert Nomination.objects.get(pk=nomination.pk).state == S.SUBMITTED
    assert NominationEvent.objects.filter(nomination=nomination).count() == events


@pytest.mark.django_db
def test_a_removed_entry_frees_its_place(tech, open_window, town, town_user, science_user):
    # given 20 approved entries, one of which the office has since taken out of the pool
    fill(tech, town, 19)
    NominationFactory(pool=tech, year=YEAR, town=town, removed=True)
    nomination = ready(town_user, science_user, tech, "临沂科创三号有限公司")
    # when the department approves  then  it counts only the entries still in the pool
    assert services.nomination_transition(
        actor=science_user, nomination=nomination, action="approve"
    ).state == (S.APPROVED)


@pytest.mark.django_db
def test_other_years_and_pools_do_not_count(tech, open_window, town, town_user, science_user, programme):
    fill(tech, town, 20)  # 2018 is full …
    nomination = ready(town_user, science_user, tech, "临沂科创四号有限公司")
    Nomination.objects.filter(pool=tech, state=S.APPROVED).exclude(pk=nomination.pk).update(year=YEAR + 1)
    # … until those entries are of 2019: the 2018 count is empty again
    assert services.nomination_transition(
        actor=science_user, nomination=nomination, action="approve"
    ).state == (S.APPROVED)


# --- the office beyond the quota ---------------------------------------------------------------


@pytest.mark.django_db
def test_the_office_approves_beyond_the_maximum_with_a_reason_and_it_is_recorded(
    tech, open_window, town, town_user, science_user, office_user
):
    fill(tech, town, 20)
    nomination = ready(town_user, science_user, tech, "临沂科创五号有限公司")
    Notification.objects.all().delete()
    # when the office approves beyond the quota, giving its reason
    approved = services.nomination_transition(
        actor=office_user, nomination=nomination, action="approve_over_quota", comment=REASON
    )
    # then the nomination is an entry of the pool, decided by the office
    stored = Nomination.objects.get(pk=nomination.pk)
    assert (approved.state, stored.state, stored.decided_by) == (S.APPROVED, S.APPROVED, office_user)
    assert Nomination.objects.in_pool().filter(pool=tech, year=YEAR).count() == 21
    # the event says it was an approval beyond the quota, with the reason
    event = NominationEvent.objects.filter(nomination=nomination).last()
    assert (event.action, event.from_state, event.to_state, event.actor, event.comment) == (
        E.OVERRIDE,
        S.SUBMITTED,
        S.APPROVED,
        office_user,
        REASON,
    )
    assert event.get_action_display() == "超额批准入库"
    # and so does the audit row
    row = _audit(nomination).filter(action=AuditAction.TRANSITION).order_by("-id").first()
    assert (row.actor, row.before["state"], row.after["state"]) == (office_user, S.SUBMITTED, S.APPROVED)
    assert decode(row.message) == ("workflow.move_comment", {"action": "override", "comment": REASON})
    # the town and the lead department both hear of it
    assert Notification.objects.filter(recipient=town_user, message__contains=REASON).exists()
    assert Notification.objects.filter(recipient=science_user, message__contains="已入库").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("blank", ["", "   "])
def test_the_office_override_needs_a_reason(
    tech, open_window, town, town_user, science_user, office_user, blank
):
    fill(tech, town, 20)
    nomination = ready(town_user, science_user, tech, "临沂科创六号有限公司")
    with pytest.raises(ValidationError) as exc:
        services.nomination_transition(
            actor=office_user, nomination=nomination, action="approve_over_quota", comment=blank
        )
    assert exc.value.message_dict == {"comment": ["超额批准入库须填写理由。"]}
    assert Nomination.objects.get(pk=nomination.pk).state == S.SUBMITTED
    assert not NominationEvent.objects.filter(nomination=nomination, action=E.OVERRIDE).exists()


@pytest.mark.django_db
def test_below_the_maximum_the_office_leaves_the_decision_to_the_department(
    tech, open_window, town, town_user, science_user, office_user
):
    fill(tech, town, 19)
    nomination = ready(town_user, science_user, tech, "临沂科创七号有限公司")
    with pytest.raises(Conflict) as exc:
        services.nomination_transition(
            actor=office_user, nomination=nomination, action="approve_over_quota", comment=REASON
        )
    assert exc.value.message == "“科技型”培育库2018年已入库19家，未达到数量上限20家，应由牵头部门审核通过。"
    assert Nomination.objects.get(pk=nomination.pk).state == S.SUBMITTED


@pytest.mark.django_db
def test_a_pool_without_a_maximum_has_no_override(
    backbone, open_window, town_user, department_user, office_user, enterprise
):
    # given 骨干型 (每年10家以上: a minimum, no maximum)
    nomination = review_all(department_user, submit(town_user, nominate(town_user, backbone, enterprise)))
    with pytest.raises(Conflict, match="不设数量上限"):
        services.nomination_transition(
            actor=office_user, nomination=nomination, action="approve_over_quota", comment=REASON
        )


@pytest.mark.django_db
def test_only_the_office_approves_beyond_the_quota(tech, open_window, town, town_user, science_user):
    fill(tech, town, 20)
    nomination = ready(town_user, science_user, tech, "临沂科创八号有限公司")
    for user in (science_user, town_user):
        with pytest.raises(PermissionDenied, match="只有领导小组办公室可以超额批准入库"):
            services.nomination_transition(
                actor=user, nomination=nomination, action="approve_over_quota", comment=REASON
            )


@pytest.mark.django_db
def test_the_override_still_needs_every_criterion_reviewed(tech, open_window, town, town_user, office_user):
    fill(tech, town, 20)
    enterprise = EnterpriseFactory(town=town, name="临沂科创九号有限公司")
    nomination = submit(town_user, nominate(town_user, tech, enterprise, metrics=TECH_PASSING))
    with pytest.raises(Conflict, match="未核查"):
        services.nomination_transition(
            actor=office_user, nomination=nomination, action="approve_over_quota", comment=REASON
        )


# --- pages and API -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_page_offers_the_override_to_the_office_only_when_the_pool_is_full(
    tech, open_window, town, town_user, science_user, office_user, client_for
):
    nomination = ready(town_user, science_user, tech, "临沂科创十号有限公司")
    url = f"/pools/nominations/{nomination.pk}/"
    fill(tech, town, 19)
    assert 'data-testid="action-approve_over_quota"' not in client_for(office_user).get(url).content.decode()
    fill(tech, town, 1)
    page = client_for(office_user).get(url).content.decode()
    assert 'data-testid="action-approve_over_quota"' in page and "超额批准入库的理由（必填）" in page
    # the department's click is refused on the page with the same sentence
    response = client_for(science_user).post(
        f"/pools/nominations/{nomination.pk}/action/approve/", follow=True
    )
    assert "已入库20家" in response.content.decode()
    # and the office's click with a reason admits it
    client_for(office_user).post(
        f"/pools/nominations/{nomination.pk}/action/approve_over_quota/", {"comment": REASON}
    )
    assert Nomination.objects.get(pk=nomination.pk).state == S.APPROVED


@pytest.mark.django_db
def test_the_api_answers_409_to_the_department_and_admits_with_the_offices_reason(
    tech, open_window, town, town_user, science_user, office_user, client_for
):
    fill(tech, town, 20)
    nomination = ready(town_user, science_user, tech, "临沂科创十一号有限公司")
    base = f"/api/v1/nominations/{nomination.pk}"
    refused = client_for(science_user).post(f"{base}/approve/", {}, content_type="application/json")
    assert refused.status_code == 409 and "已入库20家" in refused.json()["detail"]
    outsider = client_for(town_user).post(
        f"{base}/approve-over-quota/", {"comment": REASON}, content_type="application/json"
    )
    assert outsider.status_code == 403 and "领导小组办公室" in outsider.json()["detail"]
    missing = client_for(office_user).post(f"{base}/approve-over-quota/", {}, content_type="application/json")
    assert missing.status_code == 400 and "comment" in missing.json()
    done = client_for(office_user).post(
        f"{base}/approve-over-quota/", {"comment": REASON}, content_type="application/json"
    )
    assert done.status_code == 200 and done.json()["state"] == S.APPROVED


# --- two approvals at the last place -------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_approvals_at_the_last_place_only_one_passes(tech, open_window, town, town_user, science_user):
    """Each reviewer approves a different nomination at 19 of 20, on its own connection. The count is
    slowed down: without the quota row lock both would count 19 and both pass."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    colleague = DepartmentUserFactory(username="science2", department=science_user.department)
    fill(tech, town, 19)
    first = ready(town_user, science_user, tech, "临沂并发科创甲有限公司")
    second = ready(town_user, science_user, tech, "临沂并发科创乙有限公司")
    real_count = services.transitions.entries_of_year

    def slow_count(pool_id, year):
        n = real_count(pool_id, year)
        time.sleep(0.5)
        return n

    barrier = threading.Barrier(2)
    outcomes = {}

    def run(actor, nomination):
        try:
            barrier.wait(timeout=10)
            services.nomination_transition(actor=actor, nomination=nomination, action="approve")
            outcomes[nomination.pk] = "ok"
        except Exception as exc:  # the assertion below reports what it was
            outcomes[nomination.pk] = exc
        finally:
            connections.close_all()

    with mock.patch.object(services.transitions, "entries_of_year", slow_count):
        threads = [
            threading.Thread(target=run, args=(science_user, first)),
            threading.Thread(target=run, args=(colleague, second)),
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=30)
    assert not any(t.is_alive() for t in threads), "an approval hung"

    # exactly one passed; the other was told the pool is full
    passed = [pk for pk, o in outcomes.items() if o == "ok"]
    refused = [o for o in outcomes.values() if o != "ok"]
    assert len(passed) == 1 and len(refused) == 1, outcomes
    assert isinstance(refused[0], Conflict) and "已入库20家" in refused[0].message, outcomes
    assert Nomination.objects.in_pool().filter(pool=tech, year=YEAR).count() == 20
    loser = second if passed == [first.pk] else first
    assert Nomination.objects.get(pk=loser.pk).state == S.SUBMITTED

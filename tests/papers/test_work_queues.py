"""Work queues: the department home counts what waits and names the oldest; the review page walks the
queue (上一件/下一件); bulk 通过/退回 and a town's bulk 提交 take each item through the workflow service
on its own and list each result (one refused item neither stops nor undoes the others)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from core.models import AuditAction, AuditLog
from pools.models import Nomination, NominationState
from tests.factories import EnterpriseFactory
from tests.pools.support import nominate, review_all, submitted

pytestmark = pytest.mark.django_db
S = NominationState


@pytest.fixture
def queue(backbone, open_window, town_user, department_user, enterprise, second_enterprise):
    """Three submitted nominations, submitted 9, 5 and 2 days ago; the first two fully reviewed."""
    third = EnterpriseFactory(name="临沂丁电子有限公司", town=enterprise.town)
    items = [submitted(town_user, backbone, e) for e in (enterprise, second_enterprise, third)]
    now = timezone.now()
    for days, item in zip((9, 5, 2), items, strict=True):
        Nomination.objects.filter(pk=item.pk).update(submitted_at=now - timedelta(days=days))
    review_all(department_user, items[0])
    review_all(department_user, items[1])
    return [Nomination.objects.get(pk=i.pk) for i in items]


def test_the_department_home_says_how_many_wait_and_the_oldest(client_for, department_user, queue):
    response = client_for(department_user).get("/home/department/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "待审核 3 件" in text
    assert queue[0].enterprise.name in text and "已等待 9 天" in text


def test_the_review_page_walks_the_queue_oldest_first(client_for, department_user, queue):
    client = client_for(department_user)
    middle = client.get(f"/pools/nominations/{queue[1].pk}/").content.decode()
    assert f'href="/pools/nominations/{queue[0].pk}/" data-testid="queue-previous"' in middle
    assert f'href="/pools/nominations/{queue[2].pk}/" data-testid="queue-next"' in middle
    first = client.get(f"/pools/nominations/{queue[0].pk}/").content.decode()
    assert 'data-testid="queue-previous"' not in first and "待审核 3 件" in first


def test_a_town_sees_no_queue_navigation(client_for, town_user, queue):
    page = client_for(town_user).get(f"/pools/nominations/{queue[1].pk}/").content.decode()
    assert 'data-testid="queue-nav"' not in page


def test_bulk_approval_decides_each_item_and_reports_each_result(client_for, department_user, queue):
    # when the department approves all three, the third not yet reviewed
    response = client_for(department_user).post(
        "/pools/review/bulk/", {"action": "approve", "ids": [q.pk for q in queue]}
    )
    assert response.status_code == 200
    text = response.content.decode()
    # then the two reviewed ones are in the pool, the third stays submitted and says why
    states = dict(Nomination.objects.filter(pk__in=[q.pk for q in queue]).values_list("pk", "state"))
    assert [states[q.pk] for q in queue] == [S.APPROVED, S.APPROVED, S.SUBMITTED]
    assert "成功 2 件，未办理 1 件。" in text
    assert "请先逐项核查定性标准" in text
    # and each approval went through the workflow: its audit row
    assert AuditLog.objects.filter(actor=department_user, action=AuditAction.TRANSITION).count() == 2


def test_bulk_return_needs_the_comment_per_item(client_for, department_user, queue):
    client = client_for(department_user)
    text = client.post("/pools/review/bulk/", {"action": "return", "ids": [queue[0].pk]}).content.decode()
    assert "未办理 1 件" in text
    assert Nomination.objects.get(pk=queue[0].pk).state == S.SUBMITTED
    text = client.post(
        "/pools/review/bulk/",
        {"action": "return", "ids": [queue[0].pk, queue[1].pk], "comment": "请补充材料"},
    ).content.decode()
    assert "成功 2 件" in text
    assert Nomination.objects.get(pk=queue[1].pk).state == S.RETURNED


def test_bulk_review_cannot_reach_outside_the_departments_scope(
    client_for, department_user, other_town_user, pool_of, open_window, other_enterprise
):
    # given a nomination submitted to a pool another department leads
    other_pool = next(
        p for p in pool_of("backbone").programme.pools.exclude(lead_departments=department_user.department_id)
    )
    foreign = nominate(other_town_user, other_pool, other_enterprise, metrics={})
    text = (
        client_for(department_user)
        .post("/pools/review/bulk/", {"action": "approve", "ids": [foreign.pk]})
        .content.decode()
    )
    assert "该申报不存在或不在您的范围内。" in text
    assert Nomination.objects.get(pk=foreign.pk).state == S.DRAFT


def test_a_town_cannot_bulk_review(client_for, town_user, queue):
    response = client_for(town_user).post("/pools/review/bulk/", {"action": "approve", "ids": [queue[0].pk]})
    assert response.status_code == 403
    assert Nomination.objects.get(pk=queue[0].pk).state == S.SUBMITTED


def test_a_town_submits_its_drafts_in_bulk_each_on_its_own(
    client_for, backbone, open_window, town_user, enterprise, second_enterprise
):
    # given two drafts, the second without its 路径解决方案
    ready = nominate(town_user, backbone, enterprise)
    unready = nominate(town_user, backbone, second_enterprise, path_plan="")
    client = client_for(town_user)
    page = client.get("/pools/nominations/bulk-submit/").content.decode()
    assert enterprise.name in page and second_enterprise.name in page
    # when both are submitted in bulk
    text = client.post("/pools/nominations/bulk-submit/", {"ids": [ready.pk, unready.pk]}).content.decode()
    # then the ready one is submitted, the other stays a draft with the reason listed
    assert Nomination.objects.get(pk=ready.pk).state == S.SUBMITTED
    assert Nomination.objects.get(pk=unready.pk).state == S.DRAFT
    assert "成功 1 件，未办理 1 件。" in text and "路径解决方案" in text


def test_a_town_cannot_bulk_submit_another_towns_drafts(
    client_for, backbone, open_window, town_user, other_town_user, other_enterprise
):
    foreign = nominate(other_town_user, backbone, other_enterprise)
    text = (
        client_for(town_user).post("/pools/nominations/bulk-submit/", {"ids": [foreign.pk]}).content.decode()
    )
    assert "该申报不存在或不在您的范围内。" in text
    assert Nomination.objects.get(pk=foreign.pk).state == S.DRAFT

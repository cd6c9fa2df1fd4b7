"""The blacklist gate (第20条: 黑名单企业一律不享受转型升级的政策支持): a blacklisted enterprise is refused
by the nomination services (create, submit, approve) and by the API and the pages that use them,
with a message that says why and since when; review queues can sort by rating."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.exceptions import Conflict
from credit import services as credit_services
from credit.gates import support_block_reason
from credit.models import RatingTrigger
from credit.rating import rate_enterprise
from pools import services
from pools.models import Nomination, NominationState
from programs.models import Criterion
from tests.factories import CreditRecordFactory, EnterpriseFactory, ProjectFactory

pytestmark = pytest.mark.django_db
YEAR = 2018
PLAN = "街镇会同企业制定路径：新上智能化窑炉生产线，三年内产值翻番。"
PASSING = {"output_value": "520000", "main_revenue_growth": "18", "tax_growth": "16"}
API = "/api/v1"


@pytest.fixture
def backbone(programme, department_user):
    return programme.pools.get(code="backbone")


@pytest.fixture
def open_window(programme, office_user):
    today = timezone.localdate()
    return services.window_open(
        actor=office_user,
        programme=programme,
        year=YEAR,
        opens_on=today - timedelta(days=1),
        closes_on=today + timedelta(days=30),
    )


def nominate(town_user, pool, enterprise=None, project=None):
    return services.nomination_create(
        actor=town_user,
        pool=pool,
        year=YEAR,
        enterprise=enterprise,
        project=project,
        metrics=PASSING if enterprise else {},
        path_plan=PLAN,
    )


def review_all(reviewer, nomination):
    for criterion in nomination.pool.criteria.filter(kind=Criterion.Kind.QUALITATIVE):
        services.criterion_review(
            actor=reviewer, nomination=nomination, criterion=criterion, decision="confirmed", note="材料齐全"
        )


def blacklist_by_rating(enterprise):
    CreditRecordFactory(enterprise=enterprise, kind_code="court", severity="severe")  # 80 − 40 = 40: C
    rate_enterprise(enterprise=enterprise, trigger=RatingTrigger.RECORD)


# --- the reason ------------------------------------------------------------------------------------


def test_a_free_enterprise_has_no_block(enterprise):
    assert support_block_reason(enterprise) == ""
    rate_enterprise(enterprise=enterprise, trigger=RatingTrigger.SCHEDULE)
    assert support_block_reason(enterprise) == ""


def test_the_reason_says_why_and_since_when_for_a_rating(enterprise, django_assert_num_queries):
    blacklist_by_rating(enterprise)
    with django_assert_num_queries(1):
        reason = support_block_reason(enterprise)
    today = f"{timezone.localdate():%Y-%m-%d}"
    assert enterprise.name in reason and f"自 {today} 起" in reason
    assert "诚信评级为 C" in reason and "CC 及以下" in reason and "不享受转型升级政策支持" in reason


def test_the_reason_names_the_owner_and_its_reason_for_a_manual_listing(owner_user, enterprise):
    credit_services.blacklist_add(actor=owner_user, enterprise=enterprise, reason="恶意逃废银行债务")
    reason = support_block_reason(enterprise)
    assert (
        "区金融办" in reason and "恶意逃废银行债务" in reason and f"{timezone.localdate():%Y-%m-%d}" in reason
    )


# --- the services ----------------------------------------------------------------------------------


def test_create_refuses_a_blacklisted_enterprise_on_the_subject_field(town_user, backbone, enterprise):
    blacklist_by_rating(enterprise)
    with pytest.raises(ValidationError) as exc:
        nominate(town_user, backbone, enterprise)
    assert exc.value.message_dict == {"enterprise": [support_block_reason(enterprise)]}
    assert not Nomination.objects.exists()


def test_create_refuses_a_project_of_a_blacklisted_enterprise(programme, town_user, enterprise):
    pool = programme.pools.get(code="chain_fill")  # 补链: its subjects are projects
    project = ProjectFactory(enterprise=enterprise)
    blacklist_by_rating(enterprise)
    with pytest.raises(ValidationError) as exc:
        nominate(town_user, pool, project=project)
    assert exc.value.message_dict == {"project": [support_block_reason(enterprise)]}


def test_submit_refuses_an_enterprise_blacklisted_after_its_draft(
    town_user, backbone, open_window, enterprise
):
    nomination = nominate(town_user, backbone, enterprise)
    blacklist_by_rating(enterprise)
    with pytest.raises(Conflict) as exc:
        services.nomination_transition(actor=town_user, nomination=nomination, action="submit")
    assert exc.value.message == support_block_reason(enterprise)
    nomination.refresh_from_db()
    assert nomination.state == NominationState.DRAFT


def test_approve_refuses_an_enterprise_blacklisted_while_under_review(
    town_user, department_user, owner_user, backbone, open_window, enterprise
):
    nomination = nominate(town_user, backbone, enterprise)
    services.nomination_transition(actor=town_user, nomination=nomination, action="submit")
    review_all(department_user, nomination)
    credit_services.blacklist_add(actor=owner_user, enterprise=enterprise, reason="骗取财政补贴")
    with pytest.raises(Conflict, match="骗取财政补贴"):
        services.nomination_transition(actor=department_user, nomination=nomination, action="approve")
    nomination.refresh_from_db()
    assert nomination.state == NominationState.SUBMITTED


def test_taken_off_the_manual_list_the_enterprise_may_be_nominated(
    town_user, owner_user, backbone, open_window, enterprise
):
    entry = credit_services.blacklist_add(actor=owner_user, enterprise=enterprise, reason="待核实")
    with pytest.raises(ValidationError):
        nominate(town_user, backbone, enterprise)
    credit_services.blacklist_remove(actor=owner_user, entry=entry, reason="经核实不属实")
    assert support_block_reason(enterprise) == ""
    assert nominate(town_user, backbone, enterprise).state == NominationState.DRAFT


def test_a_low_but_not_blacklisted_rating_does_not_block(town_user, backbone, open_window, enterprise):
    CreditRecordFactory(enterprise=enterprise, kind_code="tax", severity="serious")  # 65: CCC, above CC
    rate_enterprise(enterprise=enterprise, trigger=RatingTrigger.RECORD)
    assert nominate(town_user, backbone, enterprise).state == NominationState.DRAFT


# --- the API and the page --------------------------------------------------------------------------


def test_the_api_answers_400_and_409_with_the_reason(
    client_for, town_user, department_user, backbone, open_window, enterprise, second_enterprise_factory
):
    api = client_for(town_user)
    blocked_later = second_enterprise_factory()
    # create: 400 on the subject field
    blacklist_by_rating(enterprise)
    response = api.post(
        f"{API}/nominations/",
        {
            "pool": "backbone",
            "year": YEAR,
            "enterprise": enterprise.pk,
            "metrics": PASSING,
            "path_plan": PLAN,
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json() == {"enterprise": [support_block_reason(enterprise)]}
    # submit: 409 with the reason
    nomination = nominate(town_user, backbone, blocked_later)
    blacklist_by_rating(blocked_later)
    response = api.post(f"{API}/nominations/{nomination.pk}/submit/", {}, content_type="application/json")
    assert response.status_code == 409
    assert response.json() == {"detail": support_block_reason(blocked_later)}


def test_the_api_refuses_approval_with_409(
    client_for, town_user, department_user, owner_user, backbone, open_window, enterprise
):
    nomination = nominate(town_user, backbone, enterprise)
    services.nomination_transition(actor=town_user, nomination=nomination, action="submit")
    review_all(department_user, nomination)
    credit_services.blacklist_add(actor=owner_user, enterprise=enterprise, reason="骗取财政补贴")
    response = client_for(department_user).post(
        f"{API}/nominations/{nomination.pk}/approve/", {}, content_type="application/json"
    )
    assert response.status_code == 409
    assert "骗取财政补贴" in response.json()["detail"]


def test_the_nomination_page_shows_the_reason_and_creates_nothing(
    client_for, town_user, backbone, open_window, enterprise
):
    blacklist_by_rating(enterprise)
    response = client_for(town_user).post(
        "/pools/nominations/new/", {"pool": backbone.pk, "year": YEAR, "enterprise": enterprise.pk}
    )
    assert response.status_code == 200
    assert "诚信黑名单" in response.content.decode()
    assert not Nomination.objects.exists()


@pytest.fixture
def second_enterprise_factory(town):
    return lambda: EnterpriseFactory(town=town, name="临沂丁新材料有限公司")


# --- sorting by rating -----------------------------------------------------------------------------


def test_the_review_queue_sorts_by_rating_at_equal_eligibility(
    client_for, town_user, department_user, backbone, open_window, town
):
    from pools.selectors import review_queue_for

    grades = {}
    for name, kind, severity in [
        ("丙", "court", "minor"),
        ("甲", "operating_status", "positive"),
        ("乙", None, None),
        ("丁", "tax", "serious"),
    ]:
        enterprise = EnterpriseFactory(town=town, name=f"临沂{name}公司")
        if kind:
            CreditRecordFactory(enterprise=enterprise, kind_code=kind, severity=severity)
        grades[enterprise.pk] = rate_enterprise(enterprise=enterprise, trigger=RatingTrigger.SCHEDULE).grade
        services.nomination_transition(
            actor=town_user, nomination=nominate(town_user, backbone, enterprise), action="submit"
        )
    unrated = EnterpriseFactory(town=town, name="临沂戊公司")
    services.nomination_transition(
        actor=town_user, nomination=nominate(town_user, backbone, unrated), action="submit"
    )
    # default order: oldest first, unchanged
    default = [n.enterprise.name for n in review_queue_for(department_user)]
    assert default == ["临沂丙公司", "临沂甲公司", "临沂乙公司", "临沂丁公司", "临沂戊公司"]
    # sorted: best rating first, the unrated last
    by_rating = list(review_queue_for(department_user, sort="rating"))
    assert [n.credit_grade for n in by_rating] == ["AA", "BBB", "BB", "CCC", None]
    page = client_for(department_user).get("/pools/review/?sort=rating").content.decode()
    assert (
        page.index("临沂甲公司")
        < page.index("临沂乙公司")
        < page.index("临沂丙公司")
        < page.index("临沂丁公司")
    )
    # and the queue shows each grade, the unrated marked as such
    assert ">AA</span>" in page and ">CCC</span>" in page and "未评级" in page


def test_the_gate_does_not_tell_a_town_about_another_towns_enterprise(town_user, backbone, other_enterprise):
    # given another town's enterprise on the blacklist
    blacklist_by_rating(other_enterprise)
    reason = support_block_reason(other_enterprise)
    assert reason
    # when a town tries to nominate it
    with pytest.raises(ValidationError) as exc:
        nominate(town_user, backbone, other_enterprise)
    # then it is refused as not its own, without the other town's credit standing
    assert reason not in exc.value.messages
    assert not any(other_enterprise.name in m or "黑名单" in m for m in exc.value.messages)
    assert not Nomination.objects.exists()

"""The nomination writes of /api/v1/: a town creates, edits and submits; the lead department decides;
and the status code and sentence each refusal gets (400 a field, 403 a role, 404 a row out of scope,
405 a method not offered, 409 a move the state or the window does not allow)."""

import pytest

from pools import services
from pools.models import Nomination, NominationState
from tests.factories import EnterpriseFactory, NominationFactory, ProjectFactory

from .api_support import API, NOMINATION_FIELDS, api_patch, api_post, result_ids
from .support import BACKBONE_PASSING, YEAR, nominate, review_all, submit, submitted

pytestmark = pytest.mark.django_db
S = NominationState


# --- nominations: create, edit, move -------------------------------------------------------------


def test_town_creates_edits_and_submits(api, backbone, open_window, town_user, enterprise):
    client = api(town_user)
    # when the town creates a nomination with a failing figure
    response = api_post(
        client,
        f"{API}/nominations/",
        {
            "pool": "backbone",
            "year": YEAR,
            "enterprise": enterprise.pk,
            "metrics": {**BACKBONE_PASSING, "output_value": "499999.99"},
            "path_plan": "路径方案",
        },
    )
    # then it is a draft, flagged, with each criterion's result
    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) == NOMINATION_FIELDS
    assert (body["state"], body["pool"], body["town"], body["enterprise"]) == (
        "draft",
        "backbone",
        "罗庄街道",
        enterprise.pk,
    )
    assert (body["eligible"], body["fails_quantitative"]) == (False, True)
    assert next(c for c in body["criteria"] if c["code"] == "output_value")["passed"] is False
    url = f"{API}/nominations/{body['id']}/"
    # when it is submitted without an explanation  then  400 naming the field
    response = api_post(client, f"{url}submit/")
    assert response.status_code == 400
    assert "explanation" in response.json()
    # when the figure is corrected by PATCH  then  the flag clears and the result is open (qualitative pending)
    response = api_patch(client, url, {"metrics": BACKBONE_PASSING})
    assert response.status_code == 200
    assert (response.json()["fails_quantitative"], response.json()["eligible"]) == (False, None)
    assert response.json()["metrics"]["output_value"] == "520000"
    # and it is submitted
    response = api_post(client, f"{url}submit/")
    assert response.status_code == 200
    assert response.json()["state"] == "submitted"
    assert response.json()["submitted_at"]
    assert client.get(url).json()["state"] == "submitted"


def test_create_errors_are_400_with_the_field(api, backbone, open_window, town_user, enterprise):
    client = api(town_user)
    unknown_pool = api_post(
        client, f"{API}/nominations/", {"pool": "nope", "year": YEAR, "enterprise": enterprise.pk}
    )
    assert (unknown_pool.status_code, list(unknown_pool.json())) == (400, ["pool"])
    bad_figure = api_post(
        client,
        f"{API}/nominations/",
        {"pool": "backbone", "year": YEAR, "enterprise": enterprise.pk, "metrics": {"output_value": "很多"}},
    )
    assert bad_figure.status_code == 400
    assert "产值：" in str(bad_figure.json()["metrics"])  # the figure named by its label, not its code
    assert (
        api_post(
            client, f"{API}/nominations/", {"pool": "backbone", "year": YEAR, "enterprise": enterprise.pk}
        ).status_code
        == 201
    )
    duplicate = api_post(
        client, f"{API}/nominations/", {"pool": "backbone", "year": YEAR, "enterprise": enterprise.pk}
    )
    assert duplicate.status_code == 400
    assert "enterprise" in duplicate.json()
    out_of_range = api_post(
        client, f"{API}/nominations/", {"pool": "backbone", "year": 2030, "enterprise": enterprise.pk}
    )
    assert out_of_range.status_code == 400


def test_lead_department_decides_through_the_api(
    api, backbone, open_window, town_user, enterprise, second_enterprise, department_user
):
    first = submitted(town_user, backbone, enterprise)
    second = submitted(town_user, backbone, second_enterprise)
    review_all(department_user, first)
    client = api(department_user)
    # approve: 200 with the new state
    response = api_post(client, f"{API}/nominations/{first.pk}/approve/")
    assert (response.status_code, response.json()["state"]) == (200, "approved")
    assert response.json()["decided_at"]
    # return without a comment: 400 naming the comment; with one: 200
    response = api_post(client, f"{API}/nominations/{second.pk}/return/")
    assert response.status_code == 400 and "comment" in response.json()
    response = api_post(client, f"{API}/nominations/{second.pk}/return/", {"comment": "请补充材料"})
    assert (response.status_code, response.json()["state"]) == (200, "returned")
    # the town withdraws the returned one
    response = api_post(api(town_user), f"{API}/nominations/{second.pk}/withdraw/")
    assert (response.status_code, response.json()["state"]) == (200, "withdrawn")


def test_reject_through_the_api(api, backbone, open_window, town_user, enterprise, department_user):
    nomination = submitted(town_user, backbone, enterprise)
    response = api_post(
        api(department_user), f"{API}/nominations/{nomination.pk}/reject/", {"comment": "不符合"}
    )
    assert (response.status_code, response.json()["state"]) == (200, "rejected")


@pytest.mark.parametrize(
    ("stage", "who", "action"),
    [
        ("approved", "department", "approve"),  # a draft is not found by a department: see below
        ("approved", "town", "submit"),
        ("approved", "town", "withdraw"),
        ("submitted", "town", "submit"),
    ],
)
def test_illegal_transition_is_409_with_detail(
    api, backbone, open_window, town_user, enterprise, department_user, stage, who, action
):
    nomination = nominate(town_user, backbone, enterprise)
    if stage != "draft":
        nomination = submitted(town_user, backbone, EnterpriseFactory(town=town_user.town))
    if stage == "approved":
        review_all(department_user, nomination)
        api_post(api(department_user), f"{API}/nominations/{nomination.pk}/approve/")
    user = {"town": town_user, "department": department_user}[who]
    response = api_post(api(user), f"{API}/nominations/{nomination.pk}/{action}/", {"comment": "意见"})
    assert response.status_code == 409
    assert set(response.json()) == {"detail"}
    assert Nomination(state=stage).get_state_display() in response.json()["detail"]


def test_approving_with_criteria_unreviewed_is_409(
    api, backbone, open_window, town_user, enterprise, department_user
):
    nomination = submitted(town_user, backbone, enterprise)
    response = api_post(api(department_user), f"{API}/nominations/{nomination.pk}/approve/")
    assert response.status_code == 409
    assert "4 项未核查" in response.json()["detail"]


def test_a_draft_without_an_open_window_is_400_with_the_sentence(api, backbone, town_user, enterprise):
    response = api_post(
        api(town_user), f"{API}/nominations/", {"pool": "backbone", "year": YEAR, "enterprise": enterprise.pk}
    )
    assert response.status_code == 400
    assert response.json() == {
        "year": [
            f"{YEAR}年“骨干型”没有开放或即将开放的申报窗口，暂不能新建申报。请留意领导小组办公室的申报通知。"
        ]
    }
    assert not Nomination.objects.exists()
    # and in English when the client asks for it
    response = api(town_user).post(
        f"{API}/nominations/",
        {"pool": "backbone", "year": YEAR, "enterprise": enterprise.pk},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert "no open or announced nomination window" in response.json()["year"][0]


def test_submitting_outside_the_window_is_409_saying_why(
    api, backbone, open_window, office_user, town_user, enterprise
):
    nomination = nominate(town_user, backbone, enterprise)
    services.window_close(actor=office_user, window=open_window)
    response = api_post(api(town_user), f"{API}/nominations/{nomination.pk}/submit/")
    assert response.status_code == 409
    assert "申报期" in response.json()["detail"]


@pytest.mark.parametrize(
    ("who", "action"),
    [
        ("town", "approve"),
        ("town", "reject"),
        ("office", "approve"),
        ("responsible", "approve"),
        ("department", "submit"),
        ("department", "withdraw"),
    ],
)
def test_a_role_that_may_not_act_is_403_with_detail(
    api, backbone, open_window, town_user, enterprise, users, responsible_user, who, action
):
    nomination = submitted(town_user, backbone, enterprise)
    user = responsible_user if who == "responsible" else users[who]
    response = api_post(api(user), f"{API}/nominations/{nomination.pk}/{action}/", {"comment": "意见"})
    assert response.status_code == 403
    assert set(response.json()) == {"detail"}
    assert response.json()["detail"].startswith("只有")
    assert Nomination.objects.get(pk=nomination.pk).state == S.SUBMITTED


@pytest.mark.parametrize(
    ("stage", "who", "status"), [("draft", "department", 404), ("submitted", "admin", 403)]
)
def test_a_nomination_the_caller_may_not_see_is_refused(
    api, backbone, open_window, town_user, enterprise, users, stage, who, status
):
    # a draft is the town's own (404: not found for the department); an administrator is refused every
    # business endpoint before any lookup (403, 三员分立; docs/access.md)
    nomination = nominate(town_user, backbone, enterprise)
    if stage == "submitted":
        nomination = submit(town_user, nomination)
    response = api_post(api(users[who]), f"{API}/nominations/{nomination.pk}/approve/", {"comment": "意见"})
    assert response.status_code == status
    assert Nomination.objects.get(pk=nomination.pk).state == stage


def test_only_a_town_creates(api, backbone, enterprise, department_user, office_user):
    for user in (department_user, office_user):
        response = api_post(
            api(user), f"{API}/nominations/", {"pool": "backbone", "year": YEAR, "enterprise": enterprise.pk}
        )
        assert response.status_code == 403
        assert "街镇" in response.json()["detail"]


def test_another_towns_nomination_is_404(api, backbone, open_window, town_user, other_town_user, enterprise):
    nomination = nominate(town_user, backbone, enterprise)
    client = api(other_town_user)
    url = f"{API}/nominations/{nomination.pk}/"
    assert client.get(url).status_code == 404
    assert api_patch(client, url, {"path_plan": "改"}).status_code == 404
    for action in ("submit", "withdraw"):
        response = api_post(client, f"{url}{action}/")
        assert response.status_code == 404
        assert set(response.json()) == {"detail"}
    assert nomination.pk not in result_ids(client.get(f"{API}/nominations/"))
    assert Nomination.objects.get(pk=nomination.pk).state == S.DRAFT


def test_enterprise_reads_its_own_non_drafts_and_writes_nothing(
    api, backbone, open_window, town_user, enterprise, other_enterprise, enterprise_user, other_town
):
    draft = nominate(town_user, backbone, enterprise)
    sent = submitted(town_user, backbone.programme.pools.get(code="internet_plus"), enterprise, metrics={})
    project = ProjectFactory(enterprise=enterprise)
    of_project = NominationFactory(
        pool=backbone.programme.pools.get(code="chain_fill"),
        town=town_user.town,
        for_project=True,
        project=project,
        submitted=True,
        year=YEAR,
    )
    others = NominationFactory(
        pool=backbone, town=other_town, enterprise=other_enterprise, submitted=True, year=YEAR
    )
    client = api(enterprise_user)
    # it lists its own nominations (also its projects'), not drafts, not another enterprise's
    assert result_ids(client.get(f"{API}/nominations/")) == {sent.pk, of_project.pk}
    assert client.get(f"{API}/nominations/{sent.pk}/").status_code == 200
    assert client.get(f"{API}/nominations/{draft.pk}/").status_code == 404
    assert client.get(f"{API}/nominations/{others.pk}/").status_code == 404
    # and every write is refused
    response = api_post(
        client, f"{API}/nominations/", {"pool": "backbone", "year": 2019, "enterprise": enterprise.pk}
    )
    assert response.status_code == 403
    assert api_patch(client, f"{API}/nominations/{sent.pk}/", {"path_plan": "改"}).status_code == 403
    for action in ("submit", "withdraw", "approve", "reject", "return"):
        response = api_post(client, f"{API}/nominations/{sent.pk}/{action}/", {"comment": "意见"})
        assert response.status_code == 403, action
        assert "detail" in response.json()
    assert Nomination.objects.get(pk=sent.pk).state == S.SUBMITTED


def test_delete_and_put_are_not_offered(api, backbone, open_window, town_user, enterprise):
    nomination = nominate(town_user, backbone, enterprise)
    client = api(town_user)
    assert client.delete(f"{API}/nominations/{nomination.pk}/").status_code == 405
    assert (
        client.put(f"{API}/nominations/{nomination.pk}/", {}, content_type="application/json").status_code
        == 405
    )

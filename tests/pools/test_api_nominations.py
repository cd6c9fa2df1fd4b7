"""The /api/v1/ contract of the nomination cycle: token sign-in, the pools and their criteria, the
nominations (list, filters, create, edit, transitions) with the status codes each role gets, the
scoped registry endpoints, the OpenAPI document, and a constant number of queries per list."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pools import services
from pools.models import Nomination, NominationState
from tests.factories import (
    CriterionCheckFactory,
    EnterpriseFactory,
    EvidenceFactory,
    NominationFactory,
    ProjectFactory,
)
from tests.factories.accounts import PASSWORD

from .support import BACKBONE_PASSING, YEAR, nominate, review_all, submit, submitted

pytestmark = pytest.mark.django_db
S = NominationState
API = "/api/v1"
NOMINATION_FIELDS = {
    "id",
    "year",
    "pool",
    "state",
    "town",
    "enterprise",
    "project",
    "eligible",
    "fails_quantitative",
    "criteria",
    "metrics",
    "metric_sources",
    "path_plan",
    "explanation",
    "submitted_at",
    "decided_at",
    "removed_at",
    "removed_reason",
}


@pytest.fixture
def api(client):
    """api(user) → a client that sends `Authorization: Token …` obtained with the user's password."""

    def _api(user):
        client.logout()
        client.defaults.pop("HTTP_AUTHORIZATION", None)
        if user is not None:
            response = client.post(
                f"{API}/auth/token/",
                {"username": user.username, "password": PASSWORD},
                content_type="application/json",
            )
            assert response.status_code == 200, response.content
            client.defaults["HTTP_AUTHORIZATION"] = f"Token {response.json()['token']}"
        return client

    return _api


def _post(client, url, data=None):
    return client.post(url, data or {}, content_type="application/json")


def _patch(client, url, data):
    return client.patch(url, data, content_type="application/json")


# --- sign-in and me ------------------------------------------------------------------------------


def test_token_then_me(api, users, department_user):
    # given each role's account  when  it obtains a token and asks who it is
    expected = {
        "town": ("town_a", "罗庄街道"),
        "department": ("dept", "区经信局"),
        "office": ("office", "领导小组办公室"),
        "enterprise": ("ent_a", "临沂甲陶瓷有限公司"),
        "admin": ("sysadmin", "系统管理员"),
    }
    for role, (username, unit) in expected.items():
        response = api(users[role]).get(f"{API}/me/")
        # then it gets its username, role and unit, and nothing else
        assert response.status_code == 200
        assert response.json() == {"username": username, "role": role, "unit": unit}


def test_wrong_password_gets_no_token_and_no_token_is_refused(client, town_user):
    response = _post(client, f"{API}/auth/token/", {"username": "town_a", "password": "wrong"})
    assert response.status_code == 400
    assert "token" not in response.json()
    assert client.get(f"{API}/me/", HTTP_AUTHORIZATION="Token nonsense").status_code in (401, 403)
    assert client.get(f"{API}/nominations/").status_code in (401, 403)


# --- pools ---------------------------------------------------------------------------------------


def test_pools_of_the_year_with_quotas_departments_and_criteria(api, programme, town_user):
    # when a town lists the pools of 2018
    response = api(town_user).get(f"{API}/pools/", {"year": YEAR})
    # then every pool of the file is there in order, with the shape of the contract
    assert response.status_code == 200
    pools = {p["code"]: p for p in response.json()}
    assert list(pools) == list(programme.pools.order_by("order").values_list("code", flat=True))
    assert len(pools) == 15
    for pool in pools.values():
        assert set(pool) == {
            "code",
            "name",
            "path",
            "subject",
            "quota_min",
            "quota_max",
            "lead_departments",
            "responsible_departments",
            "criteria",
        }
        for criterion in pool["criteria"]:
            assert set(criterion) == {
                "code",
                "kind",
                "metric",
                "operator",
                "threshold",
                "unit",
                "description",
                "group",
            }
    backbone = pools["backbone"]
    assert {k: backbone[k] for k in ("name", "path", "subject", "quota_min", "quota_max")} == {
        "name": "骨干型",
        "path": "tiered",
        "subject": "enterprise",
        "quota_min": 10,
        "quota_max": None,
    }
    assert backbone["lead_departments"] == ["区经信局"]
    assert sorted(backbone["responsible_departments"]) == sorted(["区财政局", "罗庄国土分局"])
    assert (pools["tech"]["quota_min"], pools["tech"]["quota_max"]) == (15, 20)
    assert (pools["cluster"]["quota_min"], pools["cluster"]["quota_max"]) == (None, None)
    output = next(c for c in backbone["criteria"] if c["code"] == "output_value")
    assert output == {
        "code": "output_value",
        "kind": "quantitative",
        "metric": "output_value",
        "operator": ">=",
        "threshold": 500000,
        "unit": "万元",
        "description": "产值50亿元以上",
        "group": "",
    }
    rd = next(c for c in pools["tech"]["criteria"] if c["code"] == "rd_ratio")
    assert (rd["operator"], Decimal(str(rd["threshold"])), rd["unit"]) == (">", Decimal("1.5"), "%")
    own_ip = next(c for c in backbone["criteria"] if c["code"] == "own_ip")
    assert (own_ip["kind"], own_ip["metric"], own_ip["operator"], own_ip["threshold"]) == (
        "qualitative",
        "",
        "",
        None,
    )


def test_pools_year_must_be_a_number(api, programme, town_user):
    response = api(town_user).get(f"{API}/pools/", {"year": "明年"})
    assert response.status_code == 400
    assert "year" in response.json()


# --- nominations: list and filters ---------------------------------------------------------------


@pytest.fixture
def spread(programme, town, other_town):
    """Nominations across states, pools, years and both towns."""
    backbone, growth = programme.pools.get(code="backbone"), programme.pools.get(code="growth")
    return {
        "draft": NominationFactory(pool=backbone, town=town, year=YEAR),
        "submitted": NominationFactory(pool=backbone, town=town, year=YEAR, submitted=True),
        "growth": NominationFactory(pool=growth, town=town, year=YEAR, submitted=True),
        "2019": NominationFactory(pool=backbone, town=town, year=2019, approved=True),
        "other_town": NominationFactory(pool=backbone, town=other_town, year=YEAR, submitted=True),
    }


def _ids(response):
    return {row["id"] for row in response.json()["results"]}


def test_list_is_paginated_scoped_and_filterable(api, town_user, spread):
    client = api(town_user)
    # when the town lists its nominations
    response = client.get(f"{API}/nominations/")
    # then it is a page of its own town's rows, with the contract's fields
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 4
    assert _ids(response) == {spread[k].pk for k in ("draft", "submitted", "growth", "2019")}
    assert set(body["results"][0]) == NOMINATION_FIELDS
    # and each filter narrows it
    assert _ids(client.get(f"{API}/nominations/", {"state": "submitted"})) == {
        spread["submitted"].pk,
        spread["growth"].pk,
    }
    assert _ids(client.get(f"{API}/nominations/", {"pool": "growth"})) == {spread["growth"].pk}
    assert _ids(client.get(f"{API}/nominations/", {"year": 2019})) == {spread["2019"].pk}
    assert _ids(client.get(f"{API}/nominations/", {"pool": "backbone", "year": YEAR, "state": "draft"})) == {
        spread["draft"].pk
    }
    assert client.get(f"{API}/nominations/", {"state": "nonsense"}).status_code == 400


def test_list_pages_at_fifty(api, programme, town, office_user):
    backbone = programme.pools.get(code="backbone")
    NominationFactory.create_batch(55, pool=backbone, town=town, year=YEAR)
    client = api(office_user)
    first = client.get(f"{API}/nominations/").json()
    assert (first["count"], len(first["results"])) == (55, 50)
    assert first["next"] and first["previous"] is None
    assert len(client.get(first["next"]).json()["results"]) == 5


def test_department_lists_the_pools_it_leads_or_shares(api, department_user, spread, programme, town):
    # 区经信局 leads backbone and is responsible for growth; tech (科技局 leads; 经信局 responsible) too
    unrelated = NominationFactory(
        pool=programme.pools.get(code="brand"), town=town, year=YEAR, submitted=True
    )
    ids = _ids(api(department_user).get(f"{API}/nominations/"))
    assert {spread["submitted"].pk, spread["growth"].pk, spread["other_town"].pk} <= ids
    assert unrelated.pk not in ids


# --- nominations: create, edit, move -------------------------------------------------------------


def test_town_creates_edits_and_submits(api, backbone, open_window, town_user, enterprise):
    client = api(town_user)
    # when the town creates a nomination with a failing figure
    response = _post(
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
    response = _post(client, f"{url}submit/")
    assert response.status_code == 400
    assert "explanation" in response.json()
    # when the figure is corrected by PATCH  then  the flag clears and the result is open (qualitative pending)
    response = _patch(client, url, {"metrics": BACKBONE_PASSING})
    assert response.status_code == 200
    assert (response.json()["fails_quantitative"], response.json()["eligible"]) == (False, None)
    assert response.json()["metrics"]["output_value"] == "520000"
    # and it is submitted
    response = _post(client, f"{url}submit/")
    assert response.status_code == 200
    assert response.json()["state"] == "submitted"
    assert response.json()["submitted_at"]
    assert client.get(url).json()["state"] == "submitted"


def test_create_errors_are_400_with_the_field(api, backbone, open_window, town_user, enterprise):
    client = api(town_user)
    unknown_pool = _post(
        client, f"{API}/nominations/", {"pool": "nope", "year": YEAR, "enterprise": enterprise.pk}
    )
    assert (unknown_pool.status_code, list(unknown_pool.json())) == (400, ["pool"])
    bad_figure = _post(
        client,
        f"{API}/nominations/",
        {"pool": "backbone", "year": YEAR, "enterprise": enterprise.pk, "metrics": {"output_value": "很多"}},
    )
    assert bad_figure.status_code == 400
    assert "产值：" in str(bad_figure.json()["metrics"])  # the figure named by its label, not its code
    assert (
        _post(
            client, f"{API}/nominations/", {"pool": "backbone", "year": YEAR, "enterprise": enterprise.pk}
        ).status_code
        == 201
    )
    duplicate = _post(
        client, f"{API}/nominations/", {"pool": "backbone", "year": YEAR, "enterprise": enterprise.pk}
    )
    assert duplicate.status_code == 400
    assert "enterprise" in duplicate.json()
    out_of_range = _post(
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
    response = _post(client, f"{API}/nominations/{first.pk}/approve/")
    assert (response.status_code, response.json()["state"]) == (200, "approved")
    assert response.json()["decided_at"]
    # return without a comment: 400 naming the comment; with one: 200
    response = _post(client, f"{API}/nominations/{second.pk}/return/")
    assert response.status_code == 400 and "comment" in response.json()
    response = _post(client, f"{API}/nominations/{second.pk}/return/", {"comment": "请补充材料"})
    assert (response.status_code, response.json()["state"]) == (200, "returned")
    # the town withdraws the returned one
    response = _post(api(town_user), f"{API}/nominations/{second.pk}/withdraw/")
    assert (response.status_code, response.json()["state"]) == (200, "withdrawn")


def test_reject_through_the_api(api, backbone, open_window, town_user, enterprise, department_user):
    nomination = submitted(town_user, backbone, enterprise)
    response = _post(
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
        _post(api(department_user), f"{API}/nominations/{nomination.pk}/approve/")
    user = {"town": town_user, "department": department_user}[who]
    response = _post(api(user), f"{API}/nominations/{nomination.pk}/{action}/", {"comment": "意见"})
    assert response.status_code == 409
    assert set(response.json()) == {"detail"}
    assert Nomination(state=stage).get_state_display() in response.json()["detail"]


def test_approving_with_criteria_unreviewed_is_409(
    api, backbone, open_window, town_user, enterprise, department_user
):
    nomination = submitted(town_user, backbone, enterprise)
    response = _post(api(department_user), f"{API}/nominations/{nomination.pk}/approve/")
    assert response.status_code == 409
    assert "4 项未核查" in response.json()["detail"]


def test_a_draft_without_an_open_window_is_400_with_the_sentence(api, backbone, town_user, enterprise):
    response = _post(
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
    response = _post(api(town_user), f"{API}/nominations/{nomination.pk}/submit/")
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
    response = _post(api(user), f"{API}/nominations/{nomination.pk}/{action}/", {"comment": "意见"})
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
    response = _post(api(users[who]), f"{API}/nominations/{nomination.pk}/approve/", {"comment": "意见"})
    assert response.status_code == status
    assert Nomination.objects.get(pk=nomination.pk).state == stage


def test_only_a_town_creates(api, backbone, enterprise, department_user, office_user):
    for user in (department_user, office_user):
        response = _post(
            api(user), f"{API}/nominations/", {"pool": "backbone", "year": YEAR, "enterprise": enterprise.pk}
        )
        assert response.status_code == 403
        assert "街镇" in response.json()["detail"]


def test_another_towns_nomination_is_404(api, backbone, open_window, town_user, other_town_user, enterprise):
    nomination = nominate(town_user, backbone, enterprise)
    client = api(other_town_user)
    url = f"{API}/nominations/{nomination.pk}/"
    assert client.get(url).status_code == 404
    assert _patch(client, url, {"path_plan": "改"}).status_code == 404
    for action in ("submit", "withdraw"):
        response = _post(client, f"{url}{action}/")
        assert response.status_code == 404
        assert set(response.json()) == {"detail"}
    assert nomination.pk not in _ids(client.get(f"{API}/nominations/"))
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
    assert _ids(client.get(f"{API}/nominations/")) == {sent.pk, of_project.pk}
    assert client.get(f"{API}/nominations/{sent.pk}/").status_code == 200
    assert client.get(f"{API}/nominations/{draft.pk}/").status_code == 404
    assert client.get(f"{API}/nominations/{others.pk}/").status_code == 404
    # and every write is refused
    response = _post(
        client, f"{API}/nominations/", {"pool": "backbone", "year": 2019, "enterprise": enterprise.pk}
    )
    assert response.status_code == 403
    assert _patch(client, f"{API}/nominations/{sent.pk}/", {"path_plan": "改"}).status_code == 403
    for action in ("submit", "withdraw", "approve", "reject", "return"):
        response = _post(client, f"{API}/nominations/{sent.pk}/{action}/", {"comment": "意见"})
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


# --- registry endpoints, scoped the same ---------------------------------------------------------


def test_enterprises_and_projects_are_scoped_like_nominations(
    api, town_user, enterprise_user, enterprise, other_enterprise, office_user
):
    project = ProjectFactory(enterprise=enterprise)
    other_project = ProjectFactory(enterprise=other_enterprise)
    town = api(town_user)
    assert {e["id"] for e in town.get(f"{API}/enterprises/").json()["results"]} == {enterprise.pk}
    assert town.get(f"{API}/enterprises/{enterprise.pk}/").status_code == 200
    assert town.get(f"{API}/enterprises/{other_enterprise.pk}/").status_code == 404
    assert {p["id"] for p in town.get(f"{API}/projects/").json()["results"]} == {project.pk}
    assert town.get(f"{API}/projects/{other_project.pk}/").status_code == 404
    assert _patch(town, f"{API}/enterprises/{other_enterprise.pk}/", {"name": "改名"}).status_code == 404
    mine = api(enterprise_user)
    assert {e["id"] for e in mine.get(f"{API}/enterprises/").json()["results"]} == {enterprise.pk}
    assert mine.get(f"{API}/enterprises/{other_enterprise.pk}/").status_code == 404
    assert mine.get(f"{API}/projects/{other_project.pk}/").status_code == 404
    office = api(office_user)
    assert {e["id"] for e in office.get(f"{API}/enterprises/").json()["results"]} >= {
        enterprise.pk,
        other_enterprise.pk,
    }


# --- OpenAPI -------------------------------------------------------------------------------------


def test_schema_lists_the_paths(api, town_user):
    response = api(town_user).get(f"{API}/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    paths = set(schema["paths"])
    expected = {
        "/api/v1/auth/token/",
        "/api/v1/me/",
        "/api/v1/pools/",
        "/api/v1/pools/{code}/check/",
        "/api/v1/nominations/",
        "/api/v1/nominations/{id}/",
        "/api/v1/enterprises/",
        "/api/v1/enterprises/{id}/",
        "/api/v1/projects/",
        "/api/v1/projects/{id}/",
        *(f"/api/v1/nominations/{{id}}/{a}/" for a in ("submit", "approve", "reject", "return", "withdraw")),
    }
    assert expected <= paths, expected - paths
    nomination = schema["paths"]["/api/v1/nominations/{id}/"]
    assert {"get", "patch"} <= set(nomination) and "delete" not in nomination
    assert "409" in schema["paths"]["/api/v1/nominations/{id}/approve/"]["post"]["responses"]


# --- queries -------------------------------------------------------------------------------------


def _many(programme, town, n):
    """n nominations over several pools (some of projects), with checks and evidence."""
    pools = [programme.pools.get(code=c) for c in ("backbone", "small_micro", "internet_plus", "tech")]
    chain_fill = programme.pools.get(code="chain_fill")
    for i in range(n):
        if i % 5 == 4:
            nomination = NominationFactory(
                pool=chain_fill, town=town, year=YEAR, for_project=True, metrics={"total_investment": "12000"}
            )
        else:
            nomination = NominationFactory(
                pool=pools[i % 4], town=town, year=YEAR, metrics={"output_value": "520000"}
            )
        CriterionCheckFactory(nomination=nomination)
        EvidenceFactory(nomination=nomination)


def test_nomination_list_query_count_is_constant(
    api, programme, town, office_user, django_assert_max_num_queries
):
    client = api(office_user)
    counts = []
    for total in (5, 40):
        _many(programme, town, total - Nomination.objects.count())
        assert Nomination.objects.count() == total
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(f"{API}/nominations/")
        assert response.status_code == 200 and response.json()["count"] == total
        counts.append(len(ctx))
    # the same number for 5 and 40 rows
    assert counts[0] == counts[1], counts
    with django_assert_max_num_queries(counts[0]):
        assert len(client.get(f"{API}/nominations/").json()["results"]) == 40

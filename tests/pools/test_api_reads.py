"""What the /api/v1/ of the nomination cycle reads, and to whom: token sign-in and `me`, the pools with
their quotas, departments and criteria, the nomination list (pages, scope, filters), the registry
endpoints scoped like the nominations, the OpenAPI document, and a constant number of queries per list."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pools.models import Nomination
from tests.factories import CriterionCheckFactory, EvidenceFactory, NominationFactory, ProjectFactory

from .api_support import API, NOMINATION_FIELDS, api_patch, api_post, result_ids
from .support import YEAR

pytestmark = pytest.mark.django_db


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
    response = api_post(client, f"{API}/auth/token/", {"username": "town_a", "password": "wrong"})
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


def test_list_is_paginated_scoped_and_filterable(api, town_user, spread):
    client = api(town_user)
    # when the town lists its nominations
    response = client.get(f"{API}/nominations/")
    # then it is a page of its own town's rows, with the contract's fields
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 4
    assert result_ids(response) == {spread[k].pk for k in ("draft", "submitted", "growth", "2019")}
    assert set(body["results"][0]) == NOMINATION_FIELDS
    # and each filter narrows it
    assert result_ids(client.get(f"{API}/nominations/", {"state": "submitted"})) == {
        spread["submitted"].pk,
        spread["growth"].pk,
    }
    assert result_ids(client.get(f"{API}/nominations/", {"pool": "growth"})) == {spread["growth"].pk}
    assert result_ids(client.get(f"{API}/nominations/", {"year": 2019})) == {spread["2019"].pk}
    assert result_ids(
        client.get(f"{API}/nominations/", {"pool": "backbone", "year": YEAR, "state": "draft"})
    ) == {spread["draft"].pk}
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
    ids = result_ids(api(department_user).get(f"{API}/nominations/"))
    assert {spread["submitted"].pk, spread["growth"].pk, spread["other_town"].pk} <= ids
    assert unrelated.pk not in ids


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
    assert api_patch(town, f"{API}/enterprises/{other_enterprise.pk}/", {"name": "改名"}).status_code == 404
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

"""Who sees and does what in the credit system, page by page and endpoint by endpoint.

A court user reads court records and never tax records; an enterprise sees only its own records and
rating; a town sees its enterprises' ratings (not other towns', not the records behind them);
区金融办 and the office read everything; the system administrator sees no credit data. Every
endpoint has its outsider."""

from dataclasses import dataclass

import pytest

from credit.models import BlacklistEntry, CreditRecord, Rating, RatingTrigger, ScoringModel
from credit.rating import active_model, rate_all
from tests.factories import CreditRecordFactory

pytestmark = pytest.mark.django_db
ROLES = (
    "anonymous",
    "town",
    "other_town",
    "court",
    "tax",
    "owner",
    "office",
    "enterprise",
    "other_enterprise",
    "admin",
)
LOGIN = "/accounts/login/"


def row(*statuses) -> dict[str, int]:
    return dict(zip(ROLES, statuses, strict=True))


#                                                 anon town oth  court tax  owner offc ent  oent admin
GET_MATRIX = {
    "/credit/": row(302, 302, 302, 302, 302, 302, 302, 302, 302, 403),
    "/credit/records/": row(302, 403, 403, 200, 200, 200, 200, 200, 200, 403),
    "/credit/records/{court_record}/": row(302, 404, 404, 200, 404, 200, 200, 200, 404, 403),
    "/credit/records/{tax_record}/": row(302, 404, 404, 404, 200, 200, 200, 200, 404, 403),
    "/credit/records/{other_tax_record}/": row(302, 404, 404, 404, 200, 200, 200, 404, 200, 403),
    "/credit/records/new/": row(302, 403, 403, 200, 200, 200, 403, 403, 403, 403),
    "/credit/records/import/": row(302, 403, 403, 200, 200, 200, 403, 403, 403, 403),
    "/credit/records/import/template.xlsx": row(302, 403, 403, 200, 200, 200, 403, 403, 403, 403),
    "/credit/appeals/": row(302, 403, 403, 200, 200, 200, 200, 403, 403, 403),
    "/credit/ratings/": row(302, 200, 200, 200, 200, 200, 200, 302, 302, 403),
    "/credit/ratings/{rating}/": row(302, 200, 404, 200, 200, 200, 200, 200, 404, 403),
    "/credit/enterprises/{enterprise}/": row(302, 200, 404, 200, 200, 200, 200, 200, 404, 403),
    "/credit/mine/": row(302, 403, 403, 403, 403, 403, 403, 200, 200, 403),
    "/credit/overview/": row(302, 403, 403, 200, 200, 200, 200, 403, 403, 403),
    "/credit/overview/export.xlsx": row(302, 403, 403, 200, 200, 200, 200, 403, 403, 403),
    "/credit/model/": row(302, 403, 403, 403, 403, 200, 200, 403, 403, 403),
    "/credit/blacklist/": row(302, 403, 403, 200, 200, 200, 200, 403, 403, 403),
    "/api/v1/credit/records/": row(403, 200, 200, 200, 200, 200, 200, 200, 200, 403),
    "/api/v1/credit/records/{court_record}/": row(403, 404, 404, 200, 404, 200, 200, 200, 404, 403),
    "/api/v1/credit/ratings/{rating}/": row(403, 200, 404, 200, 200, 200, 200, 200, 404, 403),
    "/api/v1/credit/status/{enterprise}/": row(403, 200, 404, 200, 200, 200, 200, 200, 404, 403),
    "/api/v1/credit/appeals/": row(403, 200, 200, 200, 200, 200, 200, 200, 200, 403),
}


@dataclass
class World:
    users: dict
    ids: dict
    titles: dict

    def url(self, template):
        return template.format(**self.ids)


@pytest.fixture
def world(
    town_user,
    other_town_user,
    court_user,
    tax_user,
    owner_user,
    office_user,
    enterprise_user,
    other_enterprise_user,
    admin_user,
    enterprise,
    other_enterprise,
):
    court = CreditRecordFactory(enterprise=enterprise, kind_code="court", title="甲公司被列为被执行人")
    tax = CreditRecordFactory(
        enterprise=enterprise,
        kind_code="tax",
        source_department=tax_user.department,
        title="甲公司逾期申报纳税",
    )
    other_tax = CreditRecordFactory(
        enterprise=other_enterprise,
        kind_code="tax",
        source_department=tax_user.department,
        title="乙公司欠缴税款",
    )
    rate_all(trigger=RatingTrigger.SCHEDULE)
    users = {
        "anonymous": None,
        "town": town_user,
        "other_town": other_town_user,
        "court": court_user,
        "tax": tax_user,
        "owner": owner_user,
        "office": office_user,
        "enterprise": enterprise_user,
        "other_enterprise": other_enterprise_user,
        "admin": admin_user,
    }
    ids = {
        "court_record": court.pk,
        "tax_record": tax.pk,
        "other_tax_record": other_tax.pk,
        "rating": Rating.objects.get(enterprise=enterprise).pk,
        "enterprise": enterprise.pk,
        "other_rating": Rating.objects.get(enterprise=other_enterprise).pk,
    }
    return World(
        users=users, ids=ids, titles={"court": court.title, "tax": tax.title, "other_tax": other_tax.title}
    )


def test_every_line_names_every_role():
    assert all(set(statuses) == set(ROLES) for statuses in GET_MATRIX.values())


@pytest.mark.parametrize("url", list(GET_MATRIX))
def test_get(world, client_for, url):
    statuses, to_login = {}, []
    for role in ROLES:
        response = client_for(world.users[role]).get(world.url(url))
        statuses[role] = response.status_code
        if role == "anonymous" and response.status_code == 302:
            to_login.append(response["Location"].startswith(LOGIN))
    assert statuses == GET_MATRIX[url]
    assert all(to_login)


# --- what each list shows --------------------------------------------------------------------------


def _api_titles(client) -> set[str]:
    return {r["title"] for r in client.get("/api/v1/credit/records/").json()["results"]}


def test_a_court_user_never_reads_tax_records(world, client_for):
    client = client_for(world.users["court"])
    page = client.get("/credit/records/").content.decode()
    assert world.titles["court"] in page
    assert world.titles["tax"] not in page and world.titles["other_tax"] not in page
    assert _api_titles(client) == {world.titles["court"]}
    assert client.get("/api/v1/credit/records/?kind=tax").json()["count"] == 0
    # nor on the enterprise's credit page
    page = client.get(world.url("/credit/enterprises/{enterprise}/")).content.decode()
    assert world.titles["court"] in page and world.titles["tax"] not in page


def test_a_tax_bureau_reads_tax_records_of_every_enterprise_only(world, client_for):
    assert _api_titles(client_for(world.users["tax"])) == {world.titles["tax"], world.titles["other_tax"]}


def test_the_owner_and_the_office_read_everything(world, client_for):
    for role in ("owner", "office"):
        assert _api_titles(client_for(world.users[role])) == set(world.titles.values())


def test_an_enterprise_sees_only_its_own_records_and_rating(world, client_for):
    client = client_for(world.users["enterprise"])
    assert _api_titles(client) == {world.titles["court"], world.titles["tax"]}
    mine = client.get("/credit/mine/").content.decode()
    assert world.titles["court"] in mine and world.titles["other_tax"] not in mine
    ratings = client.get("/api/v1/credit/ratings/").json()["results"]
    assert {r["enterprise"] for r in ratings} == {world.ids["enterprise"]}
    statuses = client.get("/api/v1/credit/status/").json()["results"]
    assert [s["enterprise"] for s in statuses] == [world.ids["enterprise"]]
    assert client.get(world.url("/api/v1/credit/ratings/{other_rating}/")).status_code == 404


def test_a_town_sees_its_enterprises_ratings_not_other_towns_nor_the_records(
    world, client_for, enterprise, other_enterprise
):
    client = client_for(world.users["town"])
    page = client.get("/credit/ratings/").content.decode()
    assert enterprise.name in page and other_enterprise.name not in page
    statuses = client.get("/api/v1/credit/status/").json()["results"]
    assert [s["enterprise"] for s in statuses] == [enterprise.pk]
    assert {r["enterprise"] for r in client.get("/api/v1/credit/ratings/").json()["results"]} == {
        enterprise.pk
    }
    assert client.get(world.url("/credit/ratings/{other_rating}/")).status_code == 404
    # the explanation is per kind: no titles, no document numbers
    detail = client.get(world.url("/credit/ratings/{rating}/")).content.decode()
    assert "法院违法记录" in detail and "纳税记录" in detail
    assert world.titles["court"] not in detail and world.titles["tax"] not in detail
    explanation = client.get(world.url("/api/v1/credit/ratings/{rating}/")).json()["explanation"]
    assert explanation["detail"] == "summary"
    assert all("record" not in line for line in explanation["lines"])
    assert client.get("/api/v1/credit/records/").json()["count"] == 0


def test_the_office_sees_the_full_explanation(world, client_for):
    explanation = (
        client_for(world.users["office"])
        .get(world.url("/api/v1/credit/ratings/{rating}/"))
        .json()["explanation"]
    )
    assert explanation["detail"] == "full"
    assert {line["record"] for line in explanation["lines"]} == {
        world.ids["court_record"],
        world.ids["tax_record"],
    }
    assert (explanation["score"], explanation["grade"]) == ("70.00", "B")  # 80 − 5 (court) − 5 (tax)
    assert {line["delta"] for line in explanation["lines"]} == {"-5.00"}


# --- writes ----------------------------------------------------------------------------------------


def test_record_create_page_offers_only_own_kinds_and_refuses_others(world, client_for, enterprise):
    client = client_for(world.users["court"])
    form = client.get("/credit/records/new/").content.decode()
    assert "法院违法记录" in form and "纳税记录" not in form
    tax_kind = CreditRecord.objects.get(pk=world.ids["tax_record"]).kind_id
    before = CreditRecord.objects.count()
    response = client.post(
        "/credit/records/new/",
        {
            "uscc": enterprise.uscc,
            "kind": tax_kind,
            "severity": "minor",
            "title": "冒录",
            "occurred_on": "2024-01-01",
        },
    )
    assert response.status_code == 200 and CreditRecord.objects.count() == before
    court_kind = CreditRecord.objects.get(pk=world.ids["court_record"]).kind_id
    response = client.post(
        "/credit/records/new/",
        {
            "uscc": enterprise.uscc.lower(),
            "kind": court_kind,
            "severity": "minor",
            "title": "判决未履行",
            "occurred_on": "2024-01-01",
            "document_ref": "（2024）鲁1311民初9号",
        },
    )
    assert response.status_code == 302 and CreditRecord.objects.count() == before + 1


@pytest.mark.parametrize("role", ["town", "office", "enterprise", "admin", "anonymous"])
def test_outsiders_cannot_record_through_page_or_api(world, client_for, enterprise, role):
    client = client_for(world.users[role])
    before = CreditRecord.objects.count()
    page = client.post(
        "/credit/records/new/",
        {"uscc": enterprise.uscc, "kind": 1, "severity": "minor", "title": "x", "occurred_on": "2024-01-01"},
    )
    api = client.post(
        "/api/v1/credit/records/",
        {
            "uscc": enterprise.uscc,
            "kind": "court",
            "severity": "minor",
            "title": "x",
            "occurred_on": "2024-01-01",
        },
        content_type="application/json",
    )
    assert page.status_code in (302, 403) and api.status_code == 403
    assert CreditRecord.objects.count() == before


@pytest.mark.parametrize("role", ["court", "office", "town", "enterprise"])
def test_only_the_owner_manages_the_blacklist_and_publishes_the_model(
    world, client_for, other_enterprise, role
):
    client = client_for(world.users[role])
    add = client.post("/credit/blacklist/", {"uscc": other_enterprise.uscc, "reason": "x"})
    publish = client.post("/credit/model/", {"name": "x", "notes": "x"})
    assert (add.status_code, publish.status_code) == (403, 403)
    assert not BlacklistEntry.objects.exists() and ScoringModel.objects.count() == 1


def test_the_owner_blacklists_and_lifts_through_the_page(world, client_for, other_enterprise):
    client = client_for(world.users["owner"])
    response = client.post("/credit/blacklist/", {"uscc": other_enterprise.uscc, "reason": "恶意逃废债务"})
    assert response.status_code == 302
    entry = BlacklistEntry.objects.get()
    assert other_enterprise.name in client.get("/credit/blacklist/").content.decode()
    response = client.post(f"/credit/blacklist/{entry.pk}/remove/", {"reason": "已还清"})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.removed_at is not None and entry.removed_reason == "已还清"


def test_the_owner_publishes_a_model_version_through_the_form(
    world, client_for, django_capture_on_commit_callbacks
):
    client = client_for(world.users["owner"])
    form = client.get("/credit/model/").context["form"]
    data = {
        name: field.value() if field.value() is not None else ""
        for name, field in ((n, form[n]) for n in form.fields)
    }
    data.update({"notes": "下调基础分", "base_score": "75", "band_D": "0"})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/credit/model/", data)
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    model = active_model()
    assert (model.version, model.rules["base_score"]) == (2, "75")
    assert Rating.objects.filter(model=model).count() == 2  # both enterprises re-rated under v2


@pytest.mark.parametrize("role", ["office", "owner"])
def test_rate_on_demand_from_the_pages(
    world, client_for, enterprise, role, django_capture_on_commit_callbacks
):
    client = client_for(world.users[role])
    assert client.post(world.url("/credit/enterprises/{enterprise}/rate/")).status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/credit/ratings/run/").status_code == 302


@pytest.mark.parametrize("role", ["town", "court", "enterprise"])
def test_others_cannot_rate_on_demand(world, client_for, role):
    client = client_for(world.users[role])
    assert client.post(world.url("/credit/enterprises/{enterprise}/rate/")).status_code in (403, 404)
    assert client.post("/credit/ratings/run/").status_code == 403
    assert client.post("/api/v1/credit/ratings/rate/", {}, content_type="application/json").status_code == 403


@pytest.mark.parametrize("action", ["withdraw", "appeal"])
def test_api_actions_refuse_before_reading_the_body(client_for, owner_user, enterprise, action):
    # given a court record that 区金融办 may read but neither withdraw (the court's) nor appeal (the enterprise's)
    record = CreditRecordFactory(enterprise=enterprise, kind_code="court", severity="minor")
    # when 区金融办 posts an empty body
    response = client_for(owner_user).post(
        f"/api/v1/credit/records/{record.pk}/{action}/", {}, content_type="application/json"
    )
    # then it is refused for who it is (403 with the reason), not for the body (400)
    assert response.status_code == 403
    assert response.json()["detail"]

"""The credit pages and API lists: a constant, pinned number of queries whatever the number of rows;
the overview (chart data, blacklist, recent changes) and its xlsx export; the OpenAPI schema."""

from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from credit import services
from credit.models import RatingTrigger
from credit.rating import rate_all
from tests.factories import AppealFactory, CreditRecordFactory, EnterpriseFactory

pytestmark = pytest.mark.django_db


def add_rows(town, other_town, n, tax_department):
    """n enterprises per town, each with a court and a tax record (some blacklisted), an objection, rated."""
    for i in range(n):
        for t in (town, other_town):
            enterprise = EnterpriseFactory(town=t)
            CreditRecordFactory(
                enterprise=enterprise, kind_code="court", severity="severe" if i % 2 else "minor"
            )
            tax = CreditRecordFactory(
                enterprise=enterprise, kind_code="tax", source_department=tax_department
            )
            AppealFactory(record=tax, enterprise=enterprise)
    rate_all(trigger=RatingTrigger.SCHEDULE)


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


PAGES = [
    # (role fixture, url, pinned maximum)
    ("court_user", "/credit/records/", 13),
    ("court_user", "/credit/records/?kind=&severity=severe&in_effect=yes", 13),
    ("tax_user", "/credit/appeals/", 10),
    ("owner_user", "/credit/appeals/?state=", 9),
    ("office_user", "/credit/ratings/", 10),
    ("office_user", "/credit/ratings/?sort=rating&blacklisted=yes", 10),
    ("town_user", "/credit/ratings/?changed=on", 9),
    ("office_user", "/credit/overview/", 12),
    ("owner_user", "/credit/overview/", 13),
    ("owner_user", "/credit/blacklist/", 10),
    # API lists: +3 for the READ audit row of a bulk read (chain lock, last seal, insert; core/audit.py)
    ("court_user", "/api/v1/credit/records/", 8 + 3),
    ("office_user", "/api/v1/credit/ratings/", 7 + 3),
    ("office_user", "/api/v1/credit/status/?blacklisted=true", 7 + 3),
    ("tax_user", "/api/v1/credit/appeals/", 8 + 3),
]


@pytest.mark.parametrize(("role", "url", "pin"), PAGES, ids=[f"{r} {u}" for r, u, _p in PAGES])
def test_lists_take_a_constant_pinned_number_of_queries(
    request, client_for, town, other_town, tax_user, django_assert_max_num_queries, role, url, pin
):
    # given a few rows
    client = client_for(request.getfixturevalue(role))
    add_rows(town, other_town, 2, tax_user.department)
    few = queries(client, url)
    # when there are ten times as many
    add_rows(town, other_town, 20, tax_user.department)
    # then the page takes the same number of queries, within the pin
    with django_assert_max_num_queries(pin):
        many = queries(client, url)
    assert many == few


def test_the_enterprise_page_is_constant_in_records_and_history(
    client_for, office_user, enterprise, django_assert_max_num_queries
):
    client = client_for(office_user)
    url = f"/credit/enterprises/{enterprise.pk}/"
    CreditRecordFactory(enterprise=enterprise, kind_code="court")
    rate_all(trigger=RatingTrigger.SCHEDULE)
    few = queries(client, url)
    for _ in range(12):
        CreditRecordFactory(enterprise=enterprise, kind_code="tax")
        rate_all(trigger=RatingTrigger.SCHEDULE)
    with django_assert_max_num_queries(18):
        assert queries(client, url) == few


def test_the_overview_shows_the_distribution_the_blacklist_and_recent_changes(
    client_for, office_user, owner_user, town, other_town, tax_user
):
    add_rows(town, other_town, 3, tax_user.department)
    changed = EnterpriseFactory(town=town, name="临沂变化公司")
    rate_all(trigger=RatingTrigger.SCHEDULE)
    CreditRecordFactory(enterprise=changed, kind_code="court", severity="severe")
    rate_all(trigger=RatingTrigger.SCHEDULE)
    response = client_for(office_user).get("/credit/overview/")
    chart = response.context["chart"]
    assert {row["name"] for row in chart["towns"]} == {town.name, other_town.name}
    assert len(chart["grades"]) == 11 and chart["grades"][:3] == ["AAA", "AA", "A"]
    # 3 per town: court minor + tax minor (70: B) twice, court severe + tax minor (35: D) once; and one C (40)
    by_town = {row["name"]: row["counts"] for row in chart["towns"]}
    assert [by_town[town.name][i] for i in (5, 8, 9)] == [2, 1, 1]
    assert sum(by_town[other_town.name]) == 3
    assert response.context["blacklist_count"] == 3
    page = response.content.decode()
    assert "临沂变化公司" in page and 'data-testid="chart-towns"' in page and "credit/overview.js" in page
    assert [r.enterprise.name for r in response.context["changes"]] == ["临沂变化公司"]


def test_the_export_lists_every_visible_enterprise_with_its_grade(
    client_for, office_user, owner_user, town, other_town, tax_user
):
    add_rows(town, other_town, 2, tax_user.department)
    manual = EnterpriseFactory(town=town, name="临沂人工列入公司")
    services.blacklist_add(actor=owner_user, enterprise=manual, reason="骗取补贴")
    response = client_for(office_user).get("/credit/overview/export.xlsx")
    assert response.status_code == 200
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[1][:8] == (
        "序号",
        "街镇",
        "企业名称",
        "统一社会信用代码",
        "所属行业",
        "诚信等级",
        "得分",
        "黑名单",
    )
    body = {r[2]: r for r in rows[2:]}
    assert len(body) == 5
    assert body["临沂人工列入公司"][5:10] == ("未评级", None, "是", body["临沂人工列入公司"][8], "骗取补贴")


def test_the_schema_documents_the_credit_api(client_for, office_user):
    schema = client_for(office_user).get("/api/v1/schema/?format=json").json()
    paths = schema["paths"]
    for path in (
        "/api/v1/credit/records/",
        "/api/v1/credit/records/{id}/appeal/",
        "/api/v1/credit/records/{id}/withdraw/",
        "/api/v1/credit/appeals/{id}/decide/",
        "/api/v1/credit/ratings/",
        "/api/v1/credit/ratings/{id}/",
        "/api/v1/credit/ratings/rate/",
        "/api/v1/credit/status/{enterprise}/",
    ):
        assert path in paths, path
    assert set(paths["/api/v1/credit/records/"]["post"]["responses"]) >= {"201", "400", "403"}
    explanation = schema["components"]["schemas"]["ExplanationOutput"]["properties"]
    assert {"detail", "lines", "excluded", "grade", "score"} <= set(explanation)


def test_record_and_appeal_through_the_api(client_for, court_user, enterprise, enterprise_user):
    api = client_for(court_user)
    response = api.post(
        "/api/v1/credit/records/",
        {
            "uscc": enterprise.uscc,
            "kind": "court",
            "severity": "serious",
            "title": "被列为被执行人",
            "occurred_on": "2024-05-01",
            "document_ref": "（2024）鲁1311执5号",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    record = response.json()
    assert (record["kind"], record["source_department"], record["in_effect"]) == ("court", "court", True)
    bad = api.post(
        "/api/v1/credit/records/",
        {
            "uscc": enterprise.uscc,
            "kind": "court",
            "severity": "positive",
            "title": "x",
            "occurred_on": "2024-05-01",
        },
        content_type="application/json",
    )
    assert bad.status_code == 400 and "severity" in bad.json()
    appeal = client_for(enterprise_user).post(
        f"/api/v1/credit/records/{record['id']}/appeal/",
        {"explanation": "已履行完毕"},
        content_type="application/json",
    )
    assert appeal.status_code == 201 and appeal.json()["state"] == "pending"
    decided = client_for(court_user).post(
        f"/api/v1/credit/appeals/{appeal.json()['id']}/decide/",
        {"decision": "withdrawn", "note": "属实"},
        content_type="application/json",
    )
    assert decided.status_code == 200 and decided.json()["state"] == "withdrawn"
    status = client_for(enterprise_user).get(f"/api/v1/credit/status/{enterprise.pk}/").json()
    assert (status["grade"], status["blacklisted"], status["block_reason"]) == ("BBB", False, "")

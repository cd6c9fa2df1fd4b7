"""Who sees and does what with guarantees, on the pages, the API and the export: bank A never sees bank
B's guarantees; the agency decides; the fund's readers list; a department outside the funds and the
administrators see nothing; a borrower sees its own, its town its enterprises'."""

from decimal import Decimal

import pytest
from openpyxl import load_workbook

from funds.models.guarantees import GuaranteeState
from funds.services import guarantees as services
from programs.models import Department
from tests.factories import DepartmentUserFactory, EnterpriseUserFactory

from .support_guarantees import apply, bank_user, pool_enterprise

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(programme, funds, agency_user, town_user, other_town, department_user, office_user, admin_user):
    fund = funds["guarantee"]
    bank_a, bank_b = bank_user("abc_luozhuang"), bank_user("icbc_luozhuang")
    ours = pool_enterprise(programme, name="临沂甲陶瓷有限公司", town=town_user.town)
    theirs = pool_enterprise(programme, name="临沂乙机械有限公司", town=other_town)
    a = apply(bank_a, fund, ours, "1000000.00")
    services.guarantee_transition(actor=agency_user, guarantee=a, action="approve")
    b = apply(bank_b, fund, theirs, "2000000.00")
    draft = apply(bank_b, fund, theirs, "3000000.00", submit=False)
    finance = DepartmentUserFactory(username="finance", department=Department.objects.get(code="finance"))
    return {
        "a": a,
        "b": b,
        "draft": draft,
        "users": {
            "bank_a": bank_a,
            "bank_b": bank_b,
            "agency": agency_user,
            "finance": finance,
            "office": office_user,
            "town": town_user,
            "enterprise": EnterpriseUserFactory(username="ent_ours", enterprise=ours),
            "department": department_user,  # 区经信局: no part in the funds
            "admin": admin_user,
        },
    }


# who sees which of (a: bank A's, b: bank B's submitted, draft: bank B's draft)
SEES = {
    "bank_a": {"a"},
    "bank_b": {"b", "draft"},
    "agency": {"a", "b"},
    "finance": {"a", "b"},
    "office": {"a", "b"},
    "town": {"a"},
    "enterprise": {"a"},
    "department": set(),
    "admin": set(),
}


@pytest.mark.parametrize("who", list(SEES))
def test_pages_api_and_export_show_only_what_the_role_may_see(world, client_for, who):
    user, rows = world["users"][who], {k: world[k] for k in ("a", "b", "draft")}
    client = client_for(user)
    expected = {rows[k].pk for k in SEES[who]}
    # the API list and each detail
    api = client.get("/api/v1/funds/guarantees/")
    if who in ("department", "admin"):
        assert api.status_code in (200, 403)
        assert api.status_code == 403 or api.json()["results"] == []
    else:
        assert {g["id"] for g in api.json()["results"]} == expected
    for key, guarantee in rows.items():
        detail = client.get(f"/api/v1/funds/guarantees/{guarantee.pk}/")
        page = client.get(f"/funds/guarantees/{guarantee.pk}/")
        if key in SEES[who]:
            assert detail.status_code == 200 and page.status_code == 200
        else:
            assert detail.status_code in (403, 404) and page.status_code in (403, 404), (who, key)
    # the list page and the export
    listing = client.get("/funds/guarantees/")
    export = client.get("/funds/guarantees/export.xlsx")
    if who in ("department", "admin"):
        assert listing.status_code == 403 and export.status_code == 403
        return
    assert {g.pk for g in listing.context["page"]} == expected
    sheet = load_workbook(filename=__import__("io").BytesIO(export.content)).active
    exported = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True) if isinstance(row[0], int)}
    assert exported == expected


def test_only_the_lending_bank_and_the_agency_move_a_guarantee(world, client_for):
    a, users = world["a"], world["users"]
    # bank B cannot report bank A's loan repaid: its guarantee is not even visible to it (404)
    response = client_for(users["bank_b"]).post(
        f"/api/v1/funds/guarantees/{a.pk}/move/", {"action": "release"}
    )
    assert response.status_code == 404
    # 区财政局 reads but does not decide; bank A cannot approve its own application
    b = world["b"]
    assert (
        client_for(users["finance"])
        .post(f"/api/v1/funds/guarantees/{b.pk}/move/", {"action": "approve"})
        .status_code
        == 403
    )
    assert (
        client_for(users["bank_b"])
        .post(f"/api/v1/funds/guarantees/{b.pk}/move/", {"action": "approve"})
        .status_code
        == 403
    )
    # an illegal move is a 409 with the state named
    response = client_for(users["bank_a"]).post(
        f"/api/v1/funds/guarantees/{a.pk}/move/", {"action": "submit"}
    )
    assert response.status_code == 409 and "在保" in response.json()["detail"]
    # the agency approves on the page; the bank then files a claim through the API
    page = client_for(users["agency"]).post(f"/funds/guarantees/{b.pk}/move/approve/", {"comment": ""})
    assert page.status_code == 302
    b.refresh_from_db()
    assert b.state == GuaranteeState.ACTIVE
    claim = client_for(users["bank_b"]).post(
        f"/api/v1/funds/guarantees/{b.pk}/move/",
        {"action": "claim", "default_on": "2025-06-30", "outstanding_principal": "1500000.00"},
    )
    assert claim.status_code == 200, claim.json()
    body = claim.json()
    assert body["state"] == "claimed" and Decimal(str(body["claims"][0]["fund_amount"])) == Decimal(
        "1200000.00"
    )


def test_a_bank_applies_through_the_api_and_sees_the_gate(world, client_for):
    bank = world["users"]["bank_a"]
    enterprise = world["a"].enterprise
    response = client_for(bank).post(
        "/api/v1/funds/guarantees/",
        {
            "uscc": enterprise.uscc,
            "loan_contract": "农银借字2025-9",
            "principal": "500000.00",
            "loan_start": "2025-01-01",
            "loan_end": "2025-12-31",
            "fee_rate": "0.02",
            "bank_share": "0.2",
            "fund_share": "0.8",
        },
    )
    assert response.status_code == 400 and "fee_rate" in response.json()
    response = client_for(world["users"]["agency"]).post(
        "/api/v1/funds/guarantees/", {"uscc": enterprise.uscc}
    )
    assert response.status_code == 403


def _claimed(world, programme):
    bank, agency = world["users"]["bank_a"], world["users"]["agency"]
    guarantee = apply(bank, world["a"].fund, pool_enterprise(programme), "100000.00")
    services.guarantee_transition(actor=agency, guarantee=guarantee, action="approve")
    services.guarantee_transition(
        actor=bank,
        guarantee=guarantee,
        action="claim",
        default_on=guarantee.loan_start,
        outstanding_principal=Decimal("1.00"),
    )


@pytest.mark.parametrize(
    "url", ["/funds/guarantees/", "/api/v1/funds/guarantees/", "/funds/guarantees/claims/"]
)
def test_list_queries_do_not_grow_with_the_rows(
    world, client_for, django_assert_max_num_queries, url, programme
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # given the office reading a list with 4 guarantees (one claimed), then with 13 (ten claimed)
    _claimed(world, programme)
    client = client_for(world["users"]["office"])
    client.get(url)  # warm the session and the caches
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    for _ in range(9):
        _claimed(world, programme)
    # then the larger list takes no more queries than the small one
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200

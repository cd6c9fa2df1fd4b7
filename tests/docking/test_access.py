"""Who sees what in the docking, on pages, the API and exports; query counts pinned at two sizes."""

from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook

from docking import services
from docking.models import Intention, LoanApplication, Meeting, Specialist, Visit

from .support import application, days_ago, make_world, pool_entry

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    w = make_world()
    meeting = services.meeting_transition(actor=w["fo"], meeting=w["meeting"], action="hold")
    w["i_a"] = services.intention_record(
        actor=w["fo"],
        meeting=meeting,
        bank=w["bank_a"],
        enterprise=w["e1"],
        amount=Decimal("100"),
        product="贷",
        contact="王",
    )
    w["i_b"] = services.intention_record(
        actor=w["fo"],
        meeting=meeting,
        bank=w["bank_b"],
        enterprise=w["e2"],
        amount=Decimal("100"),
        product="贷",
        contact="王",
    )
    w["app_a"] = application(w["a"], w["e1"], applied=10, approved=5)
    w["app_b"] = application(w["b"], w["e2"], applied=10)
    w["s_a"] = services.specialist_assign(actor=w["a"], enterprise=w["e1"], user=w["a2"])
    w["s_b"] = services.specialist_assign(actor=w["b"], enterprise=w["e2"], user=w["b"])
    w["v_a"] = services.visit_log(
        actor=w["a"],
        specialist=w["s_a"],
        visited_on=days_ago(1),
        form="on_site",
        people_met="x",
        difficulties=["cost"],
    )
    w["v_b"] = services.visit_log(
        actor=w["b"],
        specialist=w["s_b"],
        visited_on=days_ago(1),
        form="phone",
        people_met="y",
        difficulties=[],
    )
    return w


def ids(model, user):
    return set(model.objects.visible_to(user).values_list("pk", flat=True))


def test_visible_to_by_role(w):
    A, B = w["app_a"].pk, w["app_b"].pk
    assert ids(LoanApplication, w["a"]) == {A} and ids(LoanApplication, w["b"]) == {B}
    assert ids(LoanApplication, w["fo"]) == {A, B}
    assert ids(LoanApplication, w["ent1"]) == {A} and ids(LoanApplication, w["ent2"]) == {B}
    assert ids(LoanApplication, w["town"]) == {A} and ids(LoanApplication, w["other_town"]) == {B}
    # the pool's lead department follows its entries' financing; a department of no pool sees none
    assert ids(LoanApplication, w["lead"]) == {A, B}
    assert ids(LoanApplication, w["other_dept"]) == set()
    assert ids(Visit, w["a"]) == {w["v_a"].pk} and ids(Visit, w["ent2"]) == {w["v_b"].pk}
    assert ids(Visit, w["town"]) == {w["v_a"].pk} and ids(Visit, w["lead"]) == set()
    assert ids(Specialist, w["b"]) == {w["s_b"].pk}
    assert ids(Intention, w["a"]) == {w["i_a"].pk} and ids(Intention, w["ent2"]) == {w["i_b"].pk}
    # both banks were invited to the meeting; an uninvited bank's account sees none
    assert ids(Meeting, w["a"]) == {w["meeting"].pk} == ids(Meeting, w["town"])
    from tests.factories import BankUserFactory

    assert ids(Meeting, BankUserFactory()) == set() and ids(Meeting, w["lead"]) == set()


@pytest.mark.parametrize(
    "viewer, url, status",
    [
        ("a", "/docking/applications/{app_b}/", 404),
        ("a", "/docking/applications/{app_a}/", 200),
        ("b", "/docking/applications/{app_b}/", 200),
        ("ent1", "/docking/applications/{app_b}/", 404),
        ("ent1", "/docking/applications/{app_a}/", 200),
        ("town", "/docking/applications/{app_b}/", 404),
        ("other_town", "/docking/applications/{app_b}/", 200),
        ("fo", "/docking/applications/{app_b}/", 200),
        ("a", "/docking/specialists/{s_b}/visit/", 404),
        ("a", "/docking/specialists/{s_a}/visit/", 200),
        ("a", "/api/v1/docking/applications/{app_b}/", 404),
        ("a", "/api/v1/docking/applications/{app_a}/", 200),
        ("ent2", "/api/v1/docking/applications/{app_a}/", 404),
        ("fo", "/docking/meetings/", 200),
        ("fo", "/docking/meetings/new/", 200),
        ("a", "/docking/meetings/new/", 403),
        ("lead", "/docking/meetings/", 403),
        ("a", "/docking/workbench/", 200),
        ("fo", "/docking/workbench/", 403),
        ("fo", "/docking/banks/", 200),
        ("a", "/docking/banks/", 200),
        ("town", "/docking/banks/", 403),
        ("ent1", "/docking/mine/", 200),
        ("a", "/docking/mine/", 403),
        ("fo", "/docking/settings/", 200),
        ("a", "/docking/settings/", 403),
        ("a", "/api/v1/docking/bank-figures/", 200),
        ("town", "/api/v1/docking/bank-figures/", 403),
        ("a", "/docking/applications/export.xlsx", 200),
        ("other_dept", "/docking/applications/", 200),
    ],
)
def test_page_and_api_matrix(w, client_for, viewer, url, status):
    url = url.format(**{k: v.pk for k, v in w.items() if hasattr(v, "pk")})
    assert client_for(w[viewer]).get(url).status_code == status


def test_administrators_are_refused(w, client_for, admin_user):
    for url in ["/docking/applications/", "/docking/banks/", "/api/v1/docking/applications/"]:
        assert client_for(admin_user).get(url).status_code == 403


def test_api_lists_and_exports_hold_only_the_callers_rows(w, client_for):
    body = client_for(w["a"]).get("/api/v1/docking/applications/").json()
    assert [r["id"] for r in body["results"]] == [w["app_a"].pk]
    meeting = client_for(w["b"]).get(f"/api/v1/docking/meetings/{w['meeting'].pk}/").json()
    assert [i["id"] for i in meeting["intentions"]] == [w["i_b"].pk]
    figures = client_for(w["a"]).get("/api/v1/docking/bank-figures/").json()
    assert [f["bank"] for f in figures] == ["bank_a"]
    assert figures[0]["rate"] == "100.0" and figures[0]["median_approve_days"] == "5.0"
    assert [f["bank"] for f in client_for(w["fo"]).get("/api/v1/docking/bank-figures/").json()][:2] == [
        "bank_a",
        "bank_b",
    ]
    book = load_workbook(BytesIO(client_for(w["a"]).get("/docking/applications/export.xlsx").content))
    names = [row[2] for row in book.active.iter_rows(values_only=True)]
    assert w["e1"].name in names and w["e2"].name not in names
    book = load_workbook(BytesIO(client_for(w["fo"]).get("/docking/banks/export.xlsx").content))
    rows = {row[0]: row for row in book.active.iter_rows(values_only=True) if row and row[0]}
    assert rows["甲银行"][11] == 100 and rows["乙银行"][11] == "—"  # bank B: nothing decided yet


def _grow(w, n):
    for _ in range(n):
        e = pool_entry(w["pool"], town=w["e1"].town)
        application(w["a"], e, applied=40, approved=35)
        application(w["b"], e, applied=40)
        services.specialist_assign(actor=w["a"], enterprise=e, user=w["a2"])


@pytest.mark.parametrize(
    "viewer, url",
    [
        ("fo", "/docking/applications/"),
        ("a", "/docking/applications/?waiting=on"),
        ("fo", "/docking/banks/"),
        ("a", "/docking/workbench/"),
        ("fo", "/docking/specialists/"),
        ("fo", "/api/v1/docking/applications/"),
        ("fo", "/api/v1/docking/bank-figures/"),
        ("fo", "/docking/meetings/"),
    ],
)
def test_query_counts_do_not_grow_with_rows(w, client_for, django_assert_max_num_queries, viewer, url):
    client = client_for(w[viewer])
    _grow(w, 2)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _grow(w, 12)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


def test_api_writes_are_the_banks_own_and_illegal_moves_answer_409(w, client_for):
    # given bank B's application under review
    url = f"/api/v1/docking/applications/{w['app_b'].pk}/"
    # bank A cannot reach it (404), the enterprise may not record one (403)
    a = client_for(w["a"])
    assert (
        a.post(
            url + "approve/",
            {"approved_on": str(days_ago(1)), "amount_granted": "10"},
            content_type="application/json",
        ).status_code
        == 404
    )
    ent = client_for(w["ent1"])
    assert ent.post("/api/v1/docking/applications/", {}, content_type="application/json").status_code == 403
    # bank B approves it, then a second approval is a 409 with the engine's sentence
    b = client_for(w["b"])
    body = {"approved_on": str(days_ago(1)), "amount_granted": "80.5"}
    response = b.post(url + "approve/", body, content_type="application/json")
    assert response.status_code == 200 and response.json()["state"] == "approved"
    response = b.post(url + "approve/", body, content_type="application/json")
    assert response.status_code == 409 and "已审批" in response.json()["detail"]
    # a reason outside the list is a 400
    assert b.post(url + "refuse/", {"reason": "nope"}, content_type="application/json").status_code == 400
    # bank A records a new application of a pool entry by its credit code (one test client: sign in again)
    a = client_for(w["a"])
    response = a.post(
        "/api/v1/docking/applications/",
        {
            "uscc": w["e2"].uscc,
            "product": "技改贷款",
            "amount_applied": "300",
            "applied_on": str(days_ago(2)),
        },
        content_type="application/json",
    )
    assert response.status_code == 201 and response.json()["bank"] == "bank_a"
    outsider = {
        "uscc": w["outsider"].uscc,
        "product": "x",
        "amount_applied": "1",
        "applied_on": str(days_ago(2)),
    }
    assert (
        a.post("/api/v1/docking/applications/", outsider, content_type="application/json").status_code == 400
    )

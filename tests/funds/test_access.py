"""Who sees which bridge loans and fund pages: bank A not bank B's, an enterprise its own, a town its
town's, the agency, 金融办, 财政局 and the office all; pages, API and exports say the same."""

from io import BytesIO

import pytest
from openpyxl import load_workbook

from programs.models import Department
from tests.factories import BankUserFactory, DepartmentUserFactory, EnterpriseUserFactory, OfficeUserFactory

from .support import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_banks(funds):
    a = World(funds["bridge"])
    b = World(funds["bridge"])
    loan_a = a.to("disbursed")
    loan_b = b.to("recommended")
    return a, b, loan_a, loan_b


def _viewers(a, b):
    overseer = {
        code: DepartmentUserFactory(department=Department.objects.get(code=code))
        for code in ("financial_office", "finance")
    }
    return {
        "bank_a": (a.bank_user, {"a"}),
        "bank_b": (b.bank_user, {"b"}),
        "enterprise_a": (EnterpriseUserFactory(enterprise=a.enterprise), {"a"}),
        "town_a": (a.town_user, {"a"}),
        "town_b": (b.town_user, {"b"}),
        "agency": (a.approver, {"a", "b"}),
        "financial_office": (overseer["financial_office"], {"a", "b"}),
        "finance": (overseer["finance"], {"a", "b"}),
        "office": (OfficeUserFactory(), {"a", "b"}),
        "other_department": (DepartmentUserFactory(), set()),
        "other_bank": (BankUserFactory(), set()),
    }


def test_pages_api_and_exports_agree(two_banks, client):
    a, b, loan_a, loan_b = two_banks
    ids = {"a": loan_a.pk, "b": loan_b.pk}
    for name, (user, sees) in _viewers(a, b).items():
        client.force_login(user)
        expected = {ids[k] for k in sees}
        page = client.get("/funds/bridge/")
        assert page.status_code == 200, name
        assert {loan.pk for loan in page.context["page"].object_list} == expected, name
        api = client.get("/api/v1/funds/bridge-loans/")
        assert api.status_code == 200, name
        assert {row["id"] for row in api.json()["results"]} == expected, name
        export = client.get("/funds/bridge/export.xlsx")
        rows = list(load_workbook(BytesIO(export.content)).active.iter_rows(values_only=True))
        exported = {r[0] for r in rows if isinstance(r[0], int)}
        assert exported == expected, name
        for key, pk in ids.items():
            detail = client.get(f"/funds/bridge/{pk}/")
            assert detail.status_code == (200 if key in sees else 404), (name, key)
            assert client.get(f"/api/v1/funds/bridge-loans/{pk}/").status_code == (
                200 if key in sees else 404
            )


@pytest.mark.parametrize(
    "path",
    [
        "/funds/",
        "/funds/bridge/ledger/",
        "/funds/bridge/trial-balance/",
        "/funds/bridge/ledger/export.xlsx",
        "/api/v1/funds/bridge/trial-balance/",
        "/api/v1/funds/bridge/entries/",
        "/api/v1/funds/figures/",
    ],
)
def test_the_ledger_is_for_the_overseers(two_banks, client, path):
    a, b, _la, _lb = two_banks
    for name, (user, sees) in _viewers(a, b).items():
        client.force_login(user)
        response = client.get(path)
        assert response.status_code == (200 if sees == {"a", "b"} else 403), (
            name,
            path,
            response.status_code,
        )


def test_trial_balance_api(two_banks, client):
    a, *_ = two_banks
    client.force_login(a.approver)
    body = client.get("/api/v1/funds/bridge/trial-balance/?date=2099-01-01").json()
    accounts = {row["code"]: row for row in body["accounts"]}
    assert body["debit_total"] == body["credit_total"]
    assert accounts["loans_outstanding"]["balance"] == "1000000.00"
    assert accounts["cash"]["balance"] == "79000000.00"
    early = client.get("/api/v1/funds/bridge/trial-balance/?date=2000-01-01").json()
    assert early["debit_total"] == "0" or early["debit_total"] == "0.00"
    assert client.get("/api/v1/funds/bridge/trial-balance/?date=tomorrow").status_code == 400
    assert client.get("/api/v1/funds/nope/trial-balance/").status_code == 404


def test_params_page_edits_for_the_agency_only(funds, client, agency_user):
    from funds.models import SubFund

    office = OfficeUserFactory()
    client.force_login(office)
    assert client.post("/funds/bridge/params/", {"max_term_days": "20"}).status_code == 403
    client.force_login(agency_user)
    form = client.get("/funds/bridge/params/").context["form"]
    data = {name: field.initial for name, field in form.fields.items() if field.initial not in (None, False)}
    data["max_term_days"] = "20"
    response = client.post("/funds/bridge/params/", data)
    assert response.status_code == 302
    assert SubFund.objects.get(pk=funds["bridge"].pk).param("max_term_days") == 20
    data["max_term_days"] = "abc"
    response = client.post("/funds/bridge/params/", data)
    assert response.status_code == 200 and "须为数字" in response.content.decode()


def test_bank_home_lists_its_own_work(two_banks, client):
    a, b, loan_a, loan_b = two_banks
    client.force_login(b.bank_user)
    response = client.get("/", follow=True)
    assert response.request["PATH_INFO"] == "/home/bank/"
    assert [loan.pk for loan in response.context["todo"]] == [loan_b.pk]
    client.force_login(a.bank_user)
    assert [loan.pk for loan in client.get("/home/bank/").context["todo"]] == [loan_a.pk]


def test_api_apply_permission_before_validation(two_banks, client):
    a, b, *_ = two_banks
    client.force_login(a.bank_user)
    assert client.post("/api/v1/funds/bridge-loans/", {}, content_type="application/json").status_code == 403
    client.force_login(a.town_user)
    body = {
        "enterprise": b.enterprise.pk,
        "bank": a.bank.code,
        "amount": "1000000.00",
        "term_days": 10,
        "loan_amount": "2000000.00",
        "loan_due_on": "2026-12-20",
    }
    other = client.post("/api/v1/funds/bridge-loans/", body, content_type="application/json")
    missing = client.post(
        "/api/v1/funds/bridge-loans/", {**body, "enterprise": 99999999}, content_type="application/json"
    )
    assert other.status_code == missing.status_code == 400  # another town's enterprise looks like none at all
    own = client.post(
        "/api/v1/funds/bridge-loans/",
        {**body, "enterprise": a.enterprise.pk},
        content_type="application/json",
    )
    assert own.status_code == 201 and own.json()["state"] == "applied"

"""Who may open or post to every pools page, role by role (the other town and the other enterprise
included), and what the permitted page actions did (or, refused, said why)."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from pools.models import Nomination, NominationState
from tests.factories import PDF_BYTES, EnterpriseFactory, NominationWindowFactory

from .support import XLSX, YEAR, World, page_messages

pytestmark = pytest.mark.django_db
ROLES = ("anonymous", "town", "other_town", "department", "office", "enterprise", "other_enterprise", "admin")
LOGIN = "/accounts/login/"


def row(anonymous, town, other_town, department, office, enterprise, other_enterprise, admin) -> dict:
    return dict(
        zip(
            ROLES,
            (anonymous, town, other_town, department, office, enterprise, other_enterprise, admin),
            strict=True,
        )
    )


# {draft}: the enterprise user's enterprise, nominated by the town, not yet submitted (backbone 2018)
# {submitted}: the same enterprise in the “互联网+” pool, submitted; {evidence} is a PDF on it
# {approved}: another enterprise of the town, an entry of the backbone pool
# --- GET ---------------------------------------------------------------------------------------
#                                                  anon town other dept office ent other_ent admin
GET_MATRIX = {
    "/pools/": row(302, 200, 200, 200, 200, 200, 200, 403),
    "/pools/?year=2018": row(302, 200, 200, 200, 200, 200, 200, 403),
    "/pools/windows/": row(302, 403, 403, 403, 200, 403, 403, 403),
    "/pools/nominations/": row(302, 200, 200, 200, 200, 200, 200, 403),
    "/pools/nominations/new/": row(302, 200, 200, 403, 403, 403, 403, 403),
    "/pools/nominations/{draft}/": row(302, 200, 404, 404, 200, 404, 404, 403),
    "/pools/nominations/{submitted}/": row(302, 200, 404, 200, 200, 200, 404, 403),
    "/pools/nominations/{approved}/": row(302, 200, 404, 200, 200, 404, 404, 403),
    "/pools/nominations/999999/": row(302, 404, 404, 404, 404, 404, 404, 403),
    "/pools/nominations/{draft}/edit/": row(302, 200, 404, 404, 403, 404, 404, 403),
    "/pools/nominations/{submitted}/edit/": row(302, 403, 404, 403, 403, 403, 404, 403),
    # POST-only endpoints answer GET with 405 (after sign-in)
    "/pools/nominations/{submitted}/action/approve/": row(302, 405, 405, 405, 405, 405, 405, 403),
    "/pools/nominations/{submitted}/comment/": row(302, 405, 405, 405, 405, 405, 405, 403),
    "/pools/evidence/{evidence}/": row(302, 200, 404, 200, 200, 200, 404, 403),
    "/pools/evidence/{draft_evidence}/": row(302, 200, 404, 404, 200, 404, 404, 403),
    "/pools/evidence/999999/": row(302, 404, 404, 404, 404, 404, 404, 403),
    "/pools/review/": row(302, 403, 403, 200, 200, 403, 403, 403),
    "/pools/bulk/": row(302, 200, 200, 403, 403, 403, 403, 403),
    "/pools/bulk/template/backbone.xlsx": row(302, 200, 200, 403, 403, 403, 403, 403),
    "/pools/bulk/template/no-such-pool.xlsx": row(302, 404, 404, 403, 403, 403, 403, 403),
    "/pools/bulk/{job}/": row(302, 200, 404, 404, 404, 404, 404, 403),
    "/pools/2018/backbone/": row(302, 200, 200, 200, 200, 200, 200, 403),
    "/pools/2018/backbone/export.xlsx": row(302, 200, 200, 200, 200, 200, 200, 403),
    "/pools/2018/no-such-pool/": row(302, 404, 404, 404, 404, 404, 404, 403),
}

# --- POST (each line on a fresh world; the roles that may act go last) ----------------------------
#                                                  anon town other dept office ent other_ent admin
POST_MATRIX = {
    "/pools/windows/": row(302, 403, 403, 403, 302, 403, 403, 403),
    "/pools/windows/{window}/extend/": row(302, 403, 403, 403, 302, 403, 403, 403),
    "/pools/windows/{window}/close/": row(302, 403, 403, 403, 302, 403, 403, 403),
    "/pools/windows/{window}/reopen/": row(302, 403, 403, 403, 404, 403, 403, 403),
    "/pools/nominations/new/": row(302, 302, 200, 403, 403, 403, 403, 403),  # other: form error
    "/pools/nominations/{draft}/edit/": row(302, 302, 404, 404, 403, 404, 404, 403),
    "/pools/nominations/{draft}/action/submit/": row(302, 302, 404, 404, 403, 404, 404, 403),
    "/pools/nominations/{draft}/action/withdraw/": row(302, 302, 404, 404, 403, 404, 404, 403),
    "/pools/nominations/{submitted}/action/approve/": row(302, 403, 404, 302, 403, 403, 404, 403),
    "/pools/nominations/{submitted}/action/reject/": row(302, 403, 404, 302, 403, 403, 404, 403),
    "/pools/nominations/{submitted}/action/return/": row(302, 403, 404, 302, 403, 403, 404, 403),
    "/pools/nominations/{submitted}/review/{criterion}/": row(302, 403, 404, 302, 403, 403, 404, 403),
    "/pools/nominations/{submitted}/comment/": row(302, 302, 404, 302, 302, 403, 404, 403),
    "/pools/nominations/{approved}/remove/": row(302, 403, 404, 403, 302, 404, 404, 403),
    "/pools/nominations/{draft}/evidence/": row(302, 302, 404, 404, 403, 404, 404, 403),
    "/pools/evidence/{draft_evidence}/delete/": row(302, 302, 404, 404, 403, 404, 404, 403),
    "/pools/bulk/": row(302, 302, 302, 403, 403, 403, 403, 403),
}


def _payload(w: World, url: str) -> dict:
    """Valid data for each write, so that only permission decides the answer."""
    today = NominationWindowFactory.build()
    if url == "/pools/windows/":
        return {"year": 2019, "pool": "", "opens_on": today.opens_on, "closes_on": today.closes_on}
    if url.endswith("/extend/"):
        return {"closes_on": today.closes_on.replace(year=today.closes_on.year + 1)}
    if url == "/pools/nominations/new/":
        fresh = EnterpriseFactory(town=w.users["town"].town, name="临沂新申报有限公司")
        return {"pool": w.draft.pool_id, "year": YEAR, "enterprise": fresh.pk}
    if url.endswith("/edit/"):
        return {"metric_output_value": "520000", "path_plan": "修改后的路径方案", "save": "1"}
    if "/action/" in url or url.endswith("/comment/"):
        return {"comment": "请补充材料"}
    if "/review/" in url:
        return {"decision": "confirmed", "note": ""}
    if url.endswith("/remove/"):
        return {"reason": "企业已停产"}
    if url.endswith("/evidence/"):
        return {
            "criterion": "",
            "file": SimpleUploadedFile("营业执照.pdf", PDF_BYTES, content_type="application/pdf"),
        }
    if url == "/pools/bulk/":
        wb = Workbook()
        wb.active.append(["统一社会信用代码"])
        buffer = BytesIO()
        wb.save(buffer)
        return {
            "pool": w.draft.pool_id,
            "year": YEAR,
            "file": SimpleUploadedFile("申报.xlsx", buffer.getvalue(), content_type=XLSX),
        }
    return {}


def _cases(matrix):
    return [pytest.param(url, id=url) for url in matrix]


def test_matrices_name_every_role():
    assert all(set(line) == set(ROLES) for line in {**GET_MATRIX, **POST_MATRIX}.values())


@pytest.mark.parametrize("url", _cases(GET_MATRIX))
def test_get(world, client_for, url):
    statuses, to_login = {}, []
    for role in ROLES:
        # when each role opens the page
        response = client_for(world.users[role]).get(world.url(url))
        statuses[role] = response.status_code
        if role == "anonymous":
            to_login.append(response.status_code == 302 and response["Location"].startswith(LOGIN))
    # then the statuses are the matrix's line, and the anonymous visitor is sent to sign in
    assert statuses == GET_MATRIX[url]
    assert all(to_login)


@pytest.mark.parametrize("url", _cases(POST_MATRIX))
def test_post(world, client_for, url):
    expected = POST_MATRIX[url]
    # the roles that may act last, so that a refused role always meets the state the line was written for
    order = sorted(ROLES, key=lambda r: expected[r] == 302 and r != "anonymous")
    statuses = {}
    for role in order:
        response = client_for(world.users[role]).post(world.url(url), _payload(world, url))
        statuses[role] = response.status_code
    assert statuses == expected


# --- what the permitted writes did -----------------------------------------------------------------


def test_page_actions_move_the_nomination(world, client_for, department_user, town_user):
    # the lead department returns the submitted nomination from its page, with a comment
    client = client_for(department_user)
    response = client.post(
        f"/pools/nominations/{world.submitted.pk}/action/return/", {"comment": "请补充材料"}, follow=True
    )
    assert Nomination.objects.get(pk=world.submitted.pk).state == NominationState.RETURNED
    assert "操作成功：退回修改。" in page_messages(response)
    # the town edits the draft and submits it from the edit form
    client = client_for(town_user)
    response = client.post(
        f"/pools/nominations/{world.draft.pk}/edit/",
        {
            "metric_output_value": "520000",
            "metric_main_revenue_growth": "18",
            "metric_tax_growth": "16",
            "path_plan": "路径",
            "submit": "1",
        },
        follow=True,
    )
    assert Nomination.objects.get(pk=world.draft.pk).state == NominationState.SUBMITTED
    assert response.redirect_chain[-1][0] == f"/pools/nominations/{world.draft.pk}/"


def test_page_refusals_say_why(world, client_for, department_user, town_user):
    # approving an entry already in the pool: the page stays, with the reason
    response = client_for(department_user).post(
        f"/pools/nominations/{world.approved.pk}/action/approve/", follow=True
    )
    assert "当前状态为“已入库”，不能通过入库。" in page_messages(response)
    # rejecting without a comment
    response = client_for(department_user).post(
        f"/pools/nominations/{world.submitted.pk}/action/reject/", {"comment": ""}, follow=True
    )
    assert "不予通过须填写理由。" in page_messages(response)
    assert Nomination.objects.get(pk=world.submitted.pk).state == NominationState.SUBMITTED


def test_other_town_is_404_on_every_nomination_page(world, client_for, other_town_user):
    client = client_for(other_town_user)
    for pk in (world.draft.pk, world.submitted.pk, world.approved.pk):
        assert client.get(f"/pools/nominations/{pk}/").status_code == 404
        assert client.post(f"/pools/nominations/{pk}/comment/", {"comment": "x"}).status_code == 404
    listing = client.get("/pools/nominations/").content.decode()
    assert world.draft.enterprise.name not in listing

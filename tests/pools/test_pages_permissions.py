"""Who may open or post to every pools page, role by role (the other town and the other enterprise
included); private evidence files; the pool page and its export; pinned query counts."""

from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from pools import services
from pools.models import CriterionCheck, Evidence, Nomination, NominationState
from tests.factories import (
    PDF_BYTES,
    EnterpriseFactory,
    EvidenceFactory,
    NominationFactory,
    NominationImportFactory,
    NominationWindowFactory,
)

from .support import YEAR, approved, nominate, qualitative, submitted

pytestmark = pytest.mark.django_db
ROLES = ("anonymous", "town", "other_town", "department", "office", "enterprise", "other_enterprise", "admin")
LOGIN = "/accounts/login/"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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


@dataclass
class World:
    users: dict
    draft: Nomination
    submitted: Nomination
    approved: Nomination
    ids: dict

    def url(self, template):
        return template.format(**self.ids)


@pytest.fixture
def world(
    backbone,
    pool_of,
    open_window,
    users,
    other_town_user,
    other_enterprise_user,
    enterprise,
    second_enterprise,
    department_user,
):
    town_user = users["town"]
    draft = nominate(town_user, backbone, enterprise)
    sent = submitted(town_user, pool_of("internet_plus"), enterprise, metrics={})
    entry = approved(town_user, department_user, backbone, second_enterprise)
    evidence = EvidenceFactory(nomination=sent, uploaded_by=town_user)
    draft_evidence = EvidenceFactory(nomination=draft, uploaded_by=town_user)
    job = NominationImportFactory(actor=town_user, pool=backbone, year=YEAR)
    ids = {
        "draft": draft.pk,
        "submitted": sent.pk,
        "approved": entry.pk,
        "evidence": evidence.pk,
        "draft_evidence": draft_evidence.pk,
        "job": job.pk,
        "window": open_window.pk,
        "criterion": qualitative(sent.pool)[0].pk,
    }
    all_users = {**users, "other_town": other_town_user, "other_enterprise": other_enterprise_user}
    return World(users=all_users, draft=draft, submitted=sent, approved=entry, ids=ids)


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


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def test_page_actions_move_the_nomination(world, client_for, department_user, town_user):
    # the lead department returns the submitted nomination from its page, with a comment
    client = client_for(department_user)
    response = client.post(
        f"/pools/nominations/{world.submitted.pk}/action/return/", {"comment": "请补充材料"}, follow=True
    )
    assert Nomination.objects.get(pk=world.submitted.pk).state == NominationState.RETURNED
    assert "操作成功：退回修改。" in _messages(response)
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
    assert "当前状态为“已入库”，不能通过入库。" in _messages(response)
    # rejecting without a comment
    response = client_for(department_user).post(
        f"/pools/nominations/{world.submitted.pk}/action/reject/", {"comment": ""}, follow=True
    )
    assert "不予通过须填写理由。" in _messages(response)
    assert Nomination.objects.get(pk=world.submitted.pk).state == NominationState.SUBMITTED


def test_other_town_is_404_on_every_nomination_page(world, client_for, other_town_user):
    client = client_for(other_town_user)
    for pk in (world.draft.pk, world.submitted.pk, world.approved.pk):
        assert client.get(f"/pools/nominations/{pk}/").status_code == 404
        assert client.post(f"/pools/nominations/{pk}/comment/", {"comment": "x"}).status_code == 404
    listing = client.get("/pools/nominations/").content.decode()
    assert world.draft.enterprise.name not in listing


# --- evidence files ------------------------------------------------------------------------------


def _upload(client, nomination, name, content, criterion=""):
    return client.post(
        f"/pools/nominations/{nomination.pk}/evidence/",
        {"criterion": criterion, "file": SimpleUploadedFile(name, content)},
        follow=True,
    )


def test_evidence_upload_is_private_and_downloads_for_those_who_see_the_nomination(
    world, client_for, users, other_town_user, other_enterprise_user, private_media, town_user
):
    own_ip = world.draft.pool.criteria.get(code="own_ip")
    # when the town uploads a real PDF for a qualitative criterion
    response = _upload(client_for(town_user), world.draft, "专利证书.pdf", PDF_BYTES, own_ip.pk)
    assert "材料已上传。" in _messages(response)
    evidence = Evidence.objects.get(nomination=world.draft, criterion=own_ip)
    # then it is stored under PRIVATE_MEDIA_ROOT, not under MEDIA or STATIC, and the criterion is claimed
    stored = Path(evidence.file.path).resolve()
    assert stored.is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT).resolve())
    assert stored.read_bytes() == PDF_BYTES
    assert not stored.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    static_dirs = [*settings.STATICFILES_DIRS, *([settings.STATIC_ROOT] if settings.STATIC_ROOT else [])]
    assert static_dirs and not any(stored.is_relative_to(Path(d).resolve()) for d in static_dirs)
    assert (evidence.original_name, evidence.size) == ("专利证书.pdf", len(PDF_BYTES))
    assert CriterionCheck.objects.get(nomination=world.draft, criterion=own_ip).claimed is True
    # and no static or media URL serves it
    assert client_for(town_user).get(f"/media/{evidence.file.name}").status_code == 404
    # it downloads for the nominating town and the office (no administrator: 三员分立)
    assert client_for(users["admin"]).get(f"/pools/evidence/{evidence.pk}/").status_code == 403
    for user in (town_user, users["office"]):
        response = client_for(user).get(f"/pools/evidence/{evidence.pk}/")
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF_BYTES
        assert response["Content-Disposition"].startswith("attachment")
    # and is not found for another town, another enterprise, and (while a draft) its own enterprise
    # and the pool's lead department
    for user in (
        other_town_user,
        other_enterprise_user,
        users["enterprise"],
        users["department"],
    ):
        assert client_for(user).get(f"/pools/evidence/{evidence.pk}/").status_code == 404


def test_evidence_of_a_submitted_nomination_downloads_for_its_enterprise(
    world, client_for, users, other_enterprise_user
):
    evidence = world.submitted.evidence.get()
    assert client_for(users["enterprise"]).get(f"/pools/evidence/{evidence.pk}/").status_code == 200
    assert client_for(other_enterprise_user).get(f"/pools/evidence/{evidence.pk}/").status_code == 404


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("setup.exe", b"MZ\x90\x00\x03\x00\x00\x00", "只接受 PDF、JPG、PNG、XLSX、DOCX 文件。"),
        ("说明.pdf", b"this is only text, renamed", "文件内容与扩展名“.pdf”不符。"),
        ("照片.png", PDF_BYTES, "文件内容与扩展名“.png”不符。"),
    ],
)
def test_evidence_that_is_not_what_it_says_is_refused(
    world, client_for, town_user, private_media, name, content, message
):
    before = Evidence.objects.count()
    response = _upload(client_for(town_user), world.draft, name, content)
    assert message in _messages(response)
    assert Evidence.objects.count() == before
    assert not any(
        p.name.endswith(Path(name).suffix)
        for p in Path(private_media).rglob("*")
        if p.is_file() and p.stat().st_size == len(content) and p.read_bytes() == content
    )


def test_evidence_delete_removes_the_file(world, client_for, town_user, django_capture_on_commit_callbacks):
    evidence = world.draft.evidence.get()
    path = Path(evidence.file.path)
    assert path.exists()
    with django_capture_on_commit_callbacks(execute=True):  # the file goes when the delete commits
        response = client_for(town_user).post(f"/pools/evidence/{evidence.pk}/delete/")
    assert response.status_code == 302
    assert not Evidence.objects.filter(pk=evidence.pk).exists()
    assert not path.exists()


# --- pool page and export ------------------------------------------------------------------------


def test_pool_page_shows_count_against_quota_and_export_has_the_entries(
    world, client_for, office_user, town, department_user, town_user
):
    # given one more entry, then removed by the office
    gone = approved(
        town_user,
        department_user,
        world.approved.pool,
        EnterpriseFactory(town=town, name="临沂已移出有限公司"),
    )
    services.pool_entry_remove(actor=office_user, nomination=gone, reason="企业已停产")
    client = client_for(office_user)
    # when the office opens the backbone page of 2018
    page = client.get(f"/pools/{YEAR}/backbone/")
    html = page.content.decode()
    # then it counts the one entry against the quota (≥ 10) and lists it, not the removed one
    assert page.context["count"] == 1
    assert page.context["quota"].quota_min == 10
    assert 'data-testid="pool-count">1<' in html
    assert "≥ 10" in html
    assert world.approved.enterprise.name in html
    assert "临沂已移出有限公司" not in html
    # and the overview agrees
    overview = client.get(f"/pools/?year={YEAR}")
    backbone_row = next(r for r in overview.context["rows"] if r["pool"].code == "backbone")
    assert backbone_row["count"] == 1
    # and the export has the entry and not the removed one
    response = client.get(f"/pools/{YEAR}/backbone/export.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    sheet = load_workbook(BytesIO(response.content)).active
    values = [[c.value for c in r] for r in sheet.iter_rows()]
    names = [r[2] for r in values[2:] if r[0] is not None and isinstance(r[0], int)]
    assert names == [world.approved.enterprise.name]
    assert values[2][3] == world.approved.enterprise.uscc
    assert "临沂已移出有限公司" not in str(values)
    # the removed entry's own page still tells its history
    detail = client.get(f"/pools/nominations/{gone.pk}/").content.decode()
    assert "企业已停产" in detail and "移出培育库" in detail


def test_pool_page_for_an_enterprise_shows_only_its_own_entries(
    world, client_for, users, other_enterprise_user
):
    assert client_for(users["enterprise"]).get(f"/pools/{YEAR}/backbone/").context["count"] == 0
    assert client_for(other_enterprise_user).get(f"/pools/{YEAR}/backbone/").context["count"] == 0
    assert client_for(users["town"]).get(f"/pools/{YEAR}/backbone/").context["count"] == 1


# --- query counts --------------------------------------------------------------------------------

REVIEW_QUEUE_QUERIES = 11  # incl. session, user and the menu's one query (grants, unread badge)
POOL_PAGE_QUERIES = 14  # incl. session, user, unread-notice badge and the session save


def _submitted_many(pool, town, n):
    NominationFactory.create_batch(n, pool=pool, town=town, year=YEAR, submitted=True)


def _approved_many(pool, town, n):
    NominationFactory.create_batch(n, pool=pool, town=town, year=YEAR, approved=True)


@pytest.mark.parametrize("extra", [3, 30])
def test_review_queue_query_count_is_pinned(
    backbone, town, other_town, department_user, client_for, django_assert_num_queries, extra
):
    _submitted_many(backbone, town, extra)
    _submitted_many(backbone, other_town, 2)
    client = client_for(department_user)
    client.get("/pools/review/")  # warm the session
    with django_assert_num_queries(REVIEW_QUEUE_QUERIES):
        response = client.get("/pools/review/")
    assert response.context["page"].paginator.count == extra + 2


@pytest.mark.parametrize("extra", [3, 30])
def test_pool_page_query_count_is_pinned(
    backbone, town, other_town, office_user, client_for, django_assert_num_queries, extra
):
    _approved_many(backbone, town, extra)
    _approved_many(backbone, other_town, 2)
    client = client_for(office_user)
    client.get(f"/pools/{YEAR}/backbone/")
    with django_assert_num_queries(POOL_PAGE_QUERIES):
        response = client.get(f"/pools/{YEAR}/backbone/")
    assert response.context["count"] == extra + 2

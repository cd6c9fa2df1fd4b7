"""The annual summary's pages: who opens which page and file, the list, the office's generate, edit and
publish, the audited download."""

import pytest

from assessment.models import AnnualSummary
from assessment.services.annual import annual_publish
from core.models import AuditLog
from tests.assessment.annual_support import YEAR
from tests.factories import BankUserFactory

pytestmark = pytest.mark.django_db


def test_who_opens_which_page_and_file(summaries, users, client_for):
    users = {**users, "bank": BankUserFactory()}
    ok_units = {"town": 200, "department": 200, "office": 200}
    expected = {
        "/assessment/annual/": {**ok_units, "enterprise": 200, "bank": 200, "admin": 403},
        "/assessment/annual/{published}/": {**ok_units, "enterprise": 404, "bank": 404, "admin": 403},
        "/assessment/annual/{draft}/": {
            "town": 404,
            "department": 404,
            "office": 200,
            "enterprise": 404,
            "bank": 404,
        },
        "/assessment/annual/{published}/summary.docx": {**ok_units, "enterprise": 404, "bank": 404},
        "/assessment/annual/{published}/summary.xlsx": {**ok_units, "enterprise": 404},
        "/assessment/annual/{draft}/summary.docx": {"town": 404, "office": 200},
        "/assessment/annual/{draft}/summary.pdf": {"office": 404},
    }
    for url, by_role in expected.items():
        path = url.format(published=summaries["published"].pk, draft=summaries["draft"].pk)
        for role, status in by_role.items():
            response = client_for(users[role]).get(path)
            assert response.status_code == status, (role, path, response.status_code)


def test_the_list_shows_a_town_only_thepublished_summary(summaries, town_user, client_for):
    content = client_for(town_user).get("/assessment/annual/").content.decode()
    assert summaries["published"].doc_number in content
    assert "2020年度总结" not in content


def test_only_the_office_generates_edits_and_publishes(summaries, users, client_for):
    draft = summaries["draft"]
    for role in ("town", "department", "enterprise"):
        client = client_for(users[role])
        assert client.post("/assessment/annual/generate/", {"year": "2020"}).status_code == 403
        assert client.post(f"/assessment/annual/{draft.pk}/publish/").status_code == 404
    client = client_for(users["office"])
    response = client.post(
        f"/assessment/annual/{draft.pk}/edit/", {"title": "2020年度总结", "overview": "全年平稳。"}
    )
    assert response.status_code == 302
    assert AnnualSummary.objects.get(pk=draft.pk).paragraphs["overview"] == "全年平稳。"
    assert client.post(f"/assessment/annual/{draft.pk}/publish/").status_code == 302
    assert AnnualSummary.objects.get(pk=draft.pk).state == "published"


def test_a_download_is_audited(summaries, town_user, client_for):
    response = client_for(town_user).get(f"/assessment/annual/{summaries['published'].pk}/summary.docx")
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:2] == b"PK"
    assert AuditLog.objects.filter(action="download", actor=town_user).exists()


def test_the_generate_page_drafts_the_year_once_and_leaves_a_published_one(
    year_world, office_user, client_for
):
    client = client_for(office_user)
    assert client.post("/assessment/annual/generate/", {"year": "19"})["Location"] == "/assessment/annual/"
    assert not AnnualSummary.objects.exists()  # an invalid year: back to the list, nothing built

    response = client.post("/assessment/annual/generate/", {"year": str(YEAR)}, follow=True)
    summary = AnnualSummary.objects.get()
    assert response.redirect_chain == [(f"/assessment/annual/{summary.pk}/", 302)]
    assert f"已生成{YEAR}年度总结草稿" in response.content.decode()

    annual_publish(actor=office_user, summary=summary)
    response = client.post("/assessment/annual/generate/", {"year": str(YEAR)}, follow=True)
    assert response.redirect_chain == [(f"/assessment/annual/{summary.pk}/", 302)]
    assert "该年度总结已印发，不再重新生成。" in response.content.decode()
    assert AnnualSummary.objects.count() == 1

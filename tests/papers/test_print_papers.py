"""Print pages and PDFs: the 申报表 with its opinion, signature and seal areas, and the 入库名单;
the PDFs open with pypdf and hold the enterprise's name as text; both are scoped like the pages."""

from io import BytesIO

import pytest
from pypdf import PdfReader

from core.models import AuditAction, AuditLog
from tests.pools.support import YEAR, approved, nominate

pytestmark = pytest.mark.django_db


def _pdf_text(response) -> str:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    reader = PdfReader(BytesIO(response.content))
    return "".join(page.extract_text() for page in reader.pages), reader


def test_the_nomination_form_prints_with_opinion_and_seal_areas(
    client_for, backbone, open_window, town_user, enterprise
):
    nomination = nominate(town_user, backbone, enterprise)
    page = client_for(town_user).get(f"/pools/nominations/{nomination.pk}/print/").content.decode()
    assert f"{YEAR}年“骨干型”培育库入库申报表" in page
    for text in ("街镇意见", "部门意见", "负责人（签字）：", "（盖章）", enterprise.name, enterprise.uscc):
        assert text in page
    assert "portal/print.css" in page and "portal/print.js" in page
    assert "<script>" not in page  # no inline script (CSP)


def test_the_nomination_pdf_holds_the_enterprise_as_text(
    client_for, backbone, open_window, town_user, enterprise
):
    nomination = nominate(town_user, backbone, enterprise)
    text, reader = _pdf_text(client_for(town_user).get(f"/pools/nominations/{nomination.pk}/print.pdf"))
    assert enterprise.name in text and "街镇意见" in text and "部门意见" in text
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert (round(width), round(height)) == (595, 842)  # A4 portrait
    assert AuditLog.objects.filter(actor=town_user, action=AuditAction.DOWNLOAD).exists()


def test_another_towns_nomination_form_is_not_found(
    client_for, backbone, open_window, other_town_user, town_user, enterprise
):
    nomination = nominate(town_user, backbone, enterprise)
    client = client_for(other_town_user)
    assert client.get(f"/pools/nominations/{nomination.pk}/print/").status_code == 404
    assert client.get(f"/pools/nominations/{nomination.pk}/print.pdf").status_code == 404


def test_the_pool_list_prints_and_downloads_as_a_landscape_pdf(
    client_for, backbone, open_window, town_user, department_user, enterprise
):
    approved(town_user, department_user, backbone, enterprise)
    client = client_for(department_user)
    page = client.get(f"/pools/{YEAR}/backbone/print/").content.decode()
    assert f"{YEAR}年“骨干型”培育库入库名单" in page and enterprise.name in page
    text, reader = _pdf_text(client.get(f"/pools/{YEAR}/backbone/print.pdf"))
    assert enterprise.name in text and "入库名单" in text
    assert reader.pages[0].mediabox.width > reader.pages[0].mediabox.height  # landscape


def test_a_towns_pool_pdf_lists_only_its_own_entries(
    client_for,
    backbone,
    open_window,
    town_user,
    other_town_user,
    department_user,
    enterprise,
    other_enterprise,
):
    approved(town_user, department_user, backbone, enterprise)
    approved(other_town_user, department_user, backbone, other_enterprise)
    text, _reader = _pdf_text(client_for(other_town_user).get(f"/pools/{YEAR}/backbone/print.pdf"))
    assert other_enterprise.name in text and enterprise.name not in text

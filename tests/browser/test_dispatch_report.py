"""The monthly dispatch report through the real pages, in headless Chromium, one browser context per user.

The office opens the draft the task generated for March 2019, edits a paragraph and publishes it; the
town official of 罗庄街道 then sees the published report in the list, its own row on the page, and
downloads the .docx, which opens with python-docx and holds the office's paragraph and the number."""

from io import BytesIO

import pytest
from docx import Document
from playwright.sync_api import expect

from assessment.models import DispatchReport
from assessment.services.dispatch import generate_dispatch_report
from core.models import AuditLog
from tests.assessment.support import TODAY, dispatch_world
from tests.browser.support import expect_message, sign_in
from tests.factories import (
    DepartmentFactory,
    DepartmentUserFactory,
    OfficeUserFactory,
    TownFactory,
    TownUserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PARAGRAPH = "三月份各街镇月报报送总体及时，个别企业逾期，已督促整改。"


@pytest.fixture
def cast(transactional_db):
    town = TownFactory(code="luozhuang", name="罗庄街道")
    other = TownFactory(code="fuzhuang", name="傅庄街道")
    department = DepartmentFactory(code="economy_info", name="区经信局")
    dispatch_world(town=town, other_town=other, department=department)
    report = generate_dispatch_report(2019, 3, today=TODAY)
    return {
        "report": report,
        "office": OfficeUserFactory(username="office_dispatch", last_name="李", first_name="华"),
        "town": TownUserFactory(username="town_luozhuang", town=town, last_name="王", first_name="芳"),
        "department": DepartmentUserFactory(username="dept_economy", department=department),
    }


def test_the_office_publishes_and_a_town_downloads(cast, live_server, user_pages):
    report = cast["report"]
    office = user_pages("office")
    sign_in(office, live_server, cast["office"], "office")
    office.goto(f"{live_server.url}/assessment/dispatch/")
    office.get_by_role("link", name=report.title).click()
    expect(office.get_by_test_id("state")).to_have_text("草稿")
    office.get_by_label("一、总体情况").fill(PARAGRAPH)
    office.get_by_test_id("save-paragraphs").click()
    expect_message(office, "已保存正文。")
    office.get_by_test_id("action-publish").click()
    expect_message(office, "已印发")
    report.refresh_from_db()
    assert report.state == "published" and report.paragraphs["overview"] == PARAGRAPH
    expect(office.get_by_test_id("doc-number")).to_have_text(report.doc_number)

    town = user_pages("town")
    sign_in(town, live_server, cast["town"], "town")
    town.goto(f"{live_server.url}/assessment/dispatch/")
    row = town.get_by_test_id("dispatch-2019-3")
    expect(row).to_contain_text(report.doc_number)
    row.get_by_role("link", name=report.title).click()
    expect(town.get_by_test_id("section-overview")).to_have_text(PARAGRAPH)
    expect(town.get_by_test_id("town-罗庄街道")).to_have_count(1)
    expect(town.get_by_test_id("town-傅庄街道")).to_have_count(0)
    with town.expect_download() as info:
        town.get_by_test_id("download-docx").click()
    download = info.value
    assert download.suggested_filename == f"{report.doc_number}.docx"
    with open(download.path(), "rb") as handle:
        texts = [p.text for p in Document(BytesIO(handle.read())).paragraphs]
    assert PARAGRAPH in texts and report.doc_number in texts
    assert AuditLog.objects.filter(action="download", actor=cast["town"]).exists()
    assert DispatchReport.objects.count() == 1

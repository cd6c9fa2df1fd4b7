"""The whole nomination cycle through the real pages, in headless Chromium, one browser context per user.

The office opens a 2019 window; a town official nominates one of its enterprises into 骨干型 (figures,
qualitative claims, an evidence PDF, the path plan) and submits; 区经信局, the pool's lead department,
returns it with a comment; the town corrects a figure and resubmits; the department confirms every
qualitative criterion and approves; the enterprise is then on the 2019 pool page and in its Excel export.
Every user signs in through the login form.
"""

import re
from datetime import timedelta

import openpyxl
import pytest
from django.utils import timezone
from django.utils.functional import empty
from playwright.sync_api import expect

from core.storage import private_storage
from pools.models import (
    CriterionCheck,
    Evidence,
    Nomination,
    NominationEvent,
    NominationState,
)
from programs.models import Criterion, Pool, Town
from tests.browser.support import expect_message, sign_in
from tests.factories import (
    DepartmentFactory,
    DepartmentUserFactory,
    EnterpriseFactory,
    OfficeUserFactory,
    TownUserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

YEAR = 2019
ENTERPRISE_NAME = "临沂罗庄华瓷新材料有限公司"
RETURN_COMMENT = "纳税额增幅与税务部门数据不一致，请核对后重新提交。"
PATH_PLAN = "围绕新型陶瓷主导产业实施智能化技术改造，三年内产值翻番。"


def small_pdf() -> bytes:
    """A real one-page PDF: catalog, page tree, page, and a cross-reference table with the right offsets."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f\r\n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n\r\n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


@pytest.fixture
def cast(programme, industry):
    """The policy as loaded in production (towns, departments, pools, criteria) and one user per unit involved."""
    town = Town.objects.get(code="luozhuang")
    return {
        "office": OfficeUserFactory(username="office_browser"),
        "town": TownUserFactory(username="town_luozhuang", town=town),
        # 区经信局 comes from the programme file; it leads 骨干型
        "department": DepartmentUserFactory(
            username="dept_economy_info", department=DepartmentFactory(code="economy_info")
        ),
        "enterprise": EnterpriseFactory(name=ENTERPRISE_NAME, town=town, industry=industry),
        "pool": Pool.objects.get(programme=programme, code="backbone"),
    }


@pytest.fixture
def evidence_storage(tmp_path, settings):
    """Evidence files go to tmp_path, not the checkout's private_media/ (the storage is built lazily once)."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private_media"
    private_storage._wrapped = empty
    yield settings.PRIVATE_MEDIA_ROOT
    private_storage._wrapped = empty


def test_nomination_cycle_window_to_pool_export(
    live_server, screenshot_on_failure, user_pages, cast, evidence_storage, tmp_path
):
    url = live_server.url
    enterprise, pool = cast["enterprise"], cast["pool"]
    qualitative = list(pool.criteria.filter(kind=Criterion.Kind.QUALITATIVE).order_by("order", "id"))
    assert [c.code for c in qualitative] == ["market_share", "own_ip", "informatization", "city_leading"]
    today = timezone.localdate()

    # --- the office opens the 2019 window for all pools -------------------------------------------
    office = user_pages("office")
    sign_in(office, live_server, cast["office"], "office")
    office.goto(f"{url}/pools/windows/")
    form = office.get_by_test_id("window-form")
    form.locator("#id_year").select_option(str(YEAR))  # this year (2026) is outside the programme
    expect(form.locator("#id_pool")).to_have_value("")  # 全部培育库
    form.locator("#id_opens_on").fill(today.isoformat())
    form.locator("#id_closes_on").fill((today + timedelta(days=30)).isoformat())
    form.get_by_role("button", name="开放").click()
    expect(office).to_have_url(f"{url}/pools/windows/?year={YEAR}")
    expect_message(office, "申报窗口已设置。")
    row = office.get_by_test_id("windows-table").locator("tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("全部培育库")
    expect(row).to_contain_text(today.isoformat())
    expect(row).to_contain_text((today + timedelta(days=30)).isoformat())
    expect(row).to_contain_text("申报中")

    # --- the town creates the nomination ----------------------------------------------------------
    town = screenshot_on_failure
    sign_in(town, live_server, cast["town"], "town")
    town.goto(f"{url}/pools/nominations/")
    town.get_by_test_id("new-nomination").click()
    expect(town).to_have_url(f"{url}/pools/nominations/new/")
    form = town.get_by_test_id("nomination-start")
    form.locator("#id_pool").select_option(str(pool.pk))
    expect(form.locator("#id_pool option:checked")).to_contain_text("骨干型")
    form.locator("#id_year").select_option(str(YEAR))
    form.locator("#id_enterprise").select_option(str(enterprise.pk))
    form.get_by_role("button", name="下一步：填写数据").click()
    expect(town).to_have_url(re.compile(rf"{re.escape(url)}/pools/nominations/\d+/edit/$"))
    expect_message(town, "已创建申报草稿")
    nomination = Nomination.objects.get(enterprise=enterprise, pool=pool, year=YEAR)
    edit_url = f"{url}/pools/nominations/{nomination.pk}/edit/"
    detail_url = f"{url}/pools/nominations/{nomination.pk}/"
    expect(town.get_by_role("heading", level=1)).to_contain_text(ENTERPRISE_NAME)
    expect(town.get_by_test_id("state")).to_have_text("草稿")

    # figures and qualitative claims, saved as a draft
    form = town.get_by_test_id("nomination-form")
    form.locator("#id_metric_output_value").fill("620000")
    form.locator("#id_metric_main_revenue_growth").fill("18.5")
    form.locator("#id_metric_tax_growth").fill("12")  # below the 15% threshold: corrected after the return
    for criterion in qualitative:
        form.locator(f"#id_claim_{criterion.code}").check()
    form.locator("#id_note_own_ip").fill("发明专利3项")
    form.get_by_test_id("save-draft").click()
    expect(town).to_have_url(detail_url)
    expect_message(town, "已保存，资格已重新核验。")
    expect(town.get_by_test_id("state")).to_have_text("草稿")
    expect(town.get_by_test_id("criteria-table")).to_contain_text("发明专利3项")

    # the evidence PDF, through the evidence form of the edit page
    pdf = tmp_path / "市场占有率证明.pdf"
    pdf.write_bytes(small_pdf())
    town.get_by_test_id("edit-nomination").click()
    expect(town).to_have_url(edit_url)
    evidence_form = town.get_by_test_id("evidence-form")
    evidence_form.locator("#id_criterion").select_option(label="市场占有率较高")
    evidence_form.locator("#id_file").set_input_files(str(pdf))
    evidence_form.get_by_role("button", name="上传").click()
    expect(town).to_have_url(edit_url)
    expect_message(town, "材料已上传。")
    expect(town.get_by_role("link", name=pdf.name)).to_be_visible()
    evidence = Evidence.objects.get(nomination=nomination)
    assert (evidence.original_name, evidence.size, evidence.criterion.code) == (
        pdf.name,
        pdf.stat().st_size,
        "market_share",
    )
    assert evidence.file.path.startswith(str(evidence_storage))
    with evidence.file.open("rb") as fh:
        assert fh.read() == pdf.read_bytes()

    # the path plan, then 保存并提交
    form = town.get_by_test_id("nomination-form")
    expect(form.locator("#id_metric_output_value")).to_have_value("620000")  # kept from the draft
    expect(form.locator("#id_claim_market_share")).to_be_checked()
    form.locator("#id_path_plan").fill(PATH_PLAN)
    form.locator("#id_explanation").fill("2018年受环保限产影响，纳税额增幅暂未达标。")
    form.get_by_test_id("save-submit").click()
    expect(town).to_have_url(detail_url)
    expect_message(town, "操作成功：提交。")
    expect(town.get_by_test_id("state")).to_have_text("已提交")
    expect(town.get_by_test_id("edit-nomination")).to_have_count(0)

    # --- the department returns it with a comment -------------------------------------------------
    dept = user_pages("department")
    sign_in(dept, live_server, cast["department"], "department")
    dept.goto(f"{url}/pools/review/")
    queue = dept.get_by_test_id("nomination-table").locator("tbody tr")
    expect(queue).to_have_count(1)
    expect(queue).to_contain_text("骨干型")
    expect(queue).to_contain_text("罗庄街道")
    queue.get_by_role("link", name=ENTERPRISE_NAME).click()
    expect(dept).to_have_url(detail_url)
    expect(dept.get_by_test_id("state")).to_have_text("已提交")
    expect(dept.get_by_text(PATH_PLAN)).to_be_visible()
    expect(dept.get_by_test_id("criteria-table").get_by_role("link", name=pdf.name)).to_be_visible()
    dept.locator("#decision-comment").fill(RETURN_COMMENT)
    dept.get_by_test_id("action-return").click()
    expect(dept).to_have_url(detail_url)
    expect_message(dept, "操作成功：退回修改。")
    expect(dept.get_by_test_id("state")).to_have_text("退回修改")

    # --- the town sees the return and the comment, fixes the figure, resubmits --------------------
    town.goto(f"{url}/pools/nominations/")
    row = town.get_by_test_id("nomination-table").locator("tbody tr").filter(has_text=ENTERPRISE_NAME)
    expect(row.get_by_test_id("state")).to_have_text("退回修改")
    row.get_by_role("link", name=ENTERPRISE_NAME).click()
    expect(town).to_have_url(detail_url)
    expect(town.get_by_test_id("state")).to_have_text("退回修改")
    returned = town.get_by_test_id("history").locator("li").filter(has_text="退回")
    expect(returned).to_contain_text(RETURN_COMMENT)
    expect(returned).to_contain_text("区经信局")
    town.get_by_test_id("edit-nomination").click()
    expect(town).to_have_url(edit_url)
    form = town.get_by_test_id("nomination-form")
    expect(form.locator("#id_metric_tax_growth")).to_have_value("12")
    form.locator("#id_metric_tax_growth").fill("16.2")
    form.locator("#id_explanation").fill("")  # every figure passes now
    form.get_by_test_id("save-submit").click()
    expect(town).to_have_url(detail_url)
    expect_message(town, "操作成功：提交。")
    expect(town.get_by_test_id("state")).to_have_text("已提交")

    # --- the department confirms each qualitative criterion and approves -------------------------
    dept.goto(f"{url}/pools/review/")
    queue = dept.get_by_test_id("nomination-table").locator("tbody tr")
    expect(queue).to_have_count(1)
    queue.get_by_role("link", name=ENTERPRISE_NAME).click()
    expect(dept).to_have_url(detail_url)
    expect(dept.get_by_test_id("criteria-table")).to_contain_text("16.2")
    for criterion in qualitative:
        dept.get_by_test_id(f"confirm-{criterion.code}").click()
        expect(dept).to_have_url(detail_url)
        row = dept.get_by_test_id("criteria-table").locator("tbody tr").filter(has_text=criterion.description)
        expect(row).to_contain_text("审核部门已确认。")
    dept.get_by_test_id("action-approve").click()
    expect(dept).to_have_url(detail_url)
    expect_message(dept, "操作成功：通过入库。")
    expect(dept.get_by_test_id("state")).to_have_text("已入库")
    expect(dept.get_by_test_id("action-approve")).to_have_count(0)

    nomination.refresh_from_db()
    assert nomination.state == NominationState.APPROVED and nomination.eligible is True
    assert nomination.metrics == {
        "output_value": "620000",
        "main_revenue_growth": "18.5",
        "tax_growth": "16.2",
    }
    assert nomination.decided_by == cast["department"]
    assert set(CriterionCheck.objects.filter(nomination=nomination).values_list("review", flat=True)) == {
        "confirmed"
    }
    assert list(
        nomination.events.exclude(action=NominationEvent.Action.REVIEW).values_list("action", flat=True)
    ) == ["create", "edit", "edit", "edit", "submit", "return", "edit", "submit", "approve"]

    # --- the pool page and its export -------------------------------------------------------------
    office.goto(f"{url}/pools/{YEAR}/backbone/")
    expect(office.get_by_role("heading", level=1)).to_contain_text(f"{YEAR}年“骨干型”培育库")
    expect(office.get_by_test_id("pool-count")).to_have_text("1")
    entries = office.get_by_test_id("pool-entries").locator("tbody tr")
    expect(entries).to_have_count(1)
    expect(entries).to_contain_text(ENTERPRISE_NAME)
    expect(entries).to_contain_text("罗庄街道")
    with office.expect_download() as info:
        office.get_by_test_id("pool-export").click()
    download = info.value
    assert download.suggested_filename == f"pool-{YEAR}-backbone.xlsx"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    sheet = openpyxl.load_workbook(saved, read_only=True).active
    cells = [str(v) for row in sheet.iter_rows(values_only=True) for v in row if v is not None]
    assert ENTERPRISE_NAME in cells
    assert enterprise.uscc in cells

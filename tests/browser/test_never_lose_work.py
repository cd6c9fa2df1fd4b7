"""Never lose work, in a real browser: figures, notes and the 路径解决方案 typed on the nomination edit
page survive an evidence upload; after 退回修改 the department's comment is on the edit page, and the
window's 关闭 asks before it closes."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.functional import empty
from playwright.sync_api import expect

from core.storage import private_storage
from pools import services
from pools.models import Evidence, Nomination
from programs.models import Pool, Town
from tests.browser.support import expect_message, sign_in
from tests.browser.test_nomination_cycle import small_pdf
from tests.factories import (
    DepartmentFactory,
    DepartmentUserFactory,
    EnterpriseFactory,
    OfficeUserFactory,
    TownUserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

YEAR = 2019
PATH_PLAN = "围绕新型陶瓷主导产业实施智能化技术改造，三年内产值翻番。"
RETURN_COMMENT = "纳税额增幅与税务部门数据不一致，请核对后重新提交。"


@pytest.fixture
def setting(programme, industry, tmp_path, settings):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private_media"
    private_storage._wrapped = empty
    town = Town.objects.get(code="luozhuang")
    office = OfficeUserFactory(username="office_keep")
    pool = Pool.objects.get(programme=programme, code="backbone")
    today = timezone.localdate()
    window = services.window_open(
        actor=office, programme=programme, year=YEAR, opens_on=today, closes_on=today + timedelta(days=30)
    )
    town_user = TownUserFactory(username="town_keep", town=town)
    enterprise = EnterpriseFactory(name="临沂罗庄保存测试陶瓷有限公司", town=town, industry=industry)
    nomination = services.nomination_create(actor=town_user, pool=pool, year=YEAR, enterprise=enterprise)
    yield {
        "office": office,
        "town": town_user,
        "department": DepartmentUserFactory(
            username="dept_keep", department=DepartmentFactory(code="economy_info")
        ),
        "nomination": nomination,
        "window": window,
    }
    private_storage._wrapped = empty


def test_typed_figures_and_plan_survive_an_evidence_upload(live_server, user_pages, setting, tmp_path):
    url = live_server.url
    nomination = setting["nomination"]
    edit_url = f"{url}/pools/nominations/{nomination.pk}/edit/"
    page = user_pages("town")
    sign_in(page, live_server, setting["town"], "town")
    page.goto(edit_url)
    # when the town official types figures, a note and the plan, and uploads a file without saving
    form = page.get_by_test_id("nomination-form")
    form.locator("#id_metric_output_value").fill("620000")
    form.locator("#id_metric_tax_growth").fill("12")
    form.locator("#id_claim_own_ip").check()
    form.locator("#id_note_own_ip").fill("发明专利3项")
    form.locator("#id_path_plan").fill(PATH_PLAN)
    pdf = tmp_path / "专利证书.pdf"
    pdf.write_bytes(small_pdf())
    evidence = page.get_by_test_id("evidence-form")
    evidence.locator("#id_criterion").select_option(label="拥有自主知识产权")
    evidence.locator("#id_file").set_input_files(str(pdf))
    evidence.get_by_test_id("evidence-upload").click()
    # then the page comes back with the file listed and everything typed still there
    expect(page).to_have_url(edit_url)
    expect_message(page, "草稿已保存，材料已上传。")
    expect(page.get_by_role("link", name=pdf.name)).to_be_visible()
    form = page.get_by_test_id("nomination-form")
    expect(form.locator("#id_metric_output_value")).to_have_value("620000")
    expect(form.locator("#id_metric_tax_growth")).to_have_value("12")
    expect(form.locator("#id_claim_own_ip")).to_be_checked()
    expect(form.locator("#id_note_own_ip")).to_have_value("发明专利3项")
    expect(form.locator("#id_path_plan")).to_have_value(PATH_PLAN)
    saved = Nomination.objects.get(pk=nomination.pk)
    assert saved.path_plan == PATH_PLAN
    assert Evidence.objects.filter(nomination=nomination, original_name=pdf.name).count() == 1


def test_the_return_comment_is_where_the_fix_is_made(live_server, user_pages, setting):
    url = live_server.url
    nomination = setting["nomination"]
    services.nomination_update(
        actor=setting["town"],
        nomination=nomination,
        metrics={"output_value": "620000", "main_revenue_growth": "18", "tax_growth": "16"},
        path_plan=PATH_PLAN,
    )
    services.nomination_transition(actor=setting["town"], nomination=nomination, action="submit")
    services.nomination_transition(
        actor=setting["department"], nomination=nomination, action="return", comment=RETURN_COMMENT
    )
    page = user_pages("town")
    sign_in(page, live_server, setting["town"], "town")
    page.goto(f"{url}/pools/nominations/{nomination.pk}/")
    # the town's actions carry no 意见 box that would be ignored
    expect(page.get_by_test_id("action-submit")).to_be_visible()
    expect(page.locator("#decision-comment")).to_have_count(0)
    page.get_by_test_id("edit-nomination").click()
    comment = page.get_by_test_id("return-comment")
    expect(comment).to_contain_text(RETURN_COMMENT)
    expect(comment).to_contain_text("区经信局")
    # still there after a first save reopened the draft
    page.get_by_test_id("nomination-form").locator("#id_metric_tax_growth").fill("16.5")
    page.get_by_test_id("save-draft").click()
    expect_message(page, "已保存")
    page.get_by_test_id("edit-nomination").click()
    expect(page.get_by_test_id("return-comment")).to_contain_text(RETURN_COMMENT)


def test_closing_a_window_asks_first(live_server, user_pages, setting):
    page = user_pages("office")
    sign_in(page, live_server, setting["office"], "office")
    page.goto(f"{live_server.url}/pools/windows/?year={YEAR}")
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.get_by_role("button", name="关闭", exact=True).click()
    # dismissed: the window stays open
    expect(page.get_by_test_id("windows-table")).to_contain_text("申报中")
    assert asked and re.search("关闭", asked[0])
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="关闭", exact=True).click()
    expect_message(page, "申报窗口已关闭。")

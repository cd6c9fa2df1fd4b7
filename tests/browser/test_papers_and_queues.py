"""Papers and work queues through the real pages, in headless Chromium: the department's bulk review
with per-item results and 上一件/下一件, a town's 催报 on the late-reports page, and the 申报表 print
view (menu hidden in print, PDF download). Screenshots of each page visited go to
tests/browser/screenshots/ (gitignored)."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from pools.models import Nomination, NominationState
from reporting.models import LateReminder
from tests.browser.support import expect_message, sign_in
from tests.factories import (
    EnterpriseFactory,
    EnterpriseUserFactory,
    NominationWindowFactory,
    ReportDueFactory,
)
from tests.pools.support import YEAR, nominate, review_all, submitted

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(__file__).parent / "screenshots"


@pytest.fixture
def backbone(programme, department_user):
    """骨干型, led by 区经信局 (department_user's department)."""
    return programme.pools.get(code="backbone")


@pytest.fixture
def open_window(programme, office_user):
    from pools import services

    window = NominationWindowFactory.build(programme=programme, year=YEAR)
    return services.window_open(
        actor=office_user,
        programme=programme,
        year=YEAR,
        opens_on=window.opens_on,
        closes_on=window.closes_on,
    )


@pytest.fixture
def second_enterprise(town):
    return EnterpriseFactory(name="临沂丙新材料有限公司", town=town)


def shot(page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_the_department_approves_in_bulk_and_walks_the_queue(
    live_server, user_pages, backbone, open_window, town_user, department_user, enterprise, second_enterprise
):
    # given three submitted nominations, the first two with every qualitative criterion reviewed
    third = EnterpriseFactory(name="临沂丁电子有限公司", town=enterprise.town)
    items = [submitted(town_user, backbone, e) for e in (enterprise, second_enterprise, third)]
    review_all(department_user, items[0])
    review_all(department_user, items[1])
    page = user_pages("department")
    sign_in(page, live_server, department_user, "department")
    # the home says how many wait and which waited longest
    expect(page.get_by_test_id("review-summary")).to_contain_text("待审核 3 件")
    expect(page.get_by_test_id("review-summary")).to_contain_text(enterprise.name)
    shot(page, "department-home")
    # when the department ticks all three in the queue and approves them
    page.get_by_role("link", name="进入审核队列").click()
    expect(page.get_by_test_id("bulk-pick")).to_have_count(3)
    page.get_by_test_id("bulk-pick-all").check()  # 全选 ticks every item
    for box in page.get_by_test_id("bulk-pick").all():
        expect(box).to_be_checked()
    shot(page, "review-queue")
    page.get_by_test_id("bulk-approve").click()
    # then each item's result is listed: two approved, the third refused with the reason
    expect(page.get_by_test_id("batch-summary")).to_have_text("成功 2 件，未办理 1 件。")
    expect(page.get_by_test_id("batch-results")).to_contain_text("请先逐项核查定性标准")
    shot(page, "bulk-review-results")
    states = [Nomination.objects.get(pk=i.pk).state for i in items]
    assert states == [NominationState.APPROVED, NominationState.APPROVED, NominationState.SUBMITTED]
    # and from a decided one, 下一件 leads on through the queue
    page.goto(f"{live_server.url}/pools/nominations/{items[1].pk}/")
    page.get_by_test_id("queue-next").click()
    expect(page).to_have_url(f"{live_server.url}/pools/nominations/{items[2].pk}/")
    shot(page, "review-next")


def test_a_town_reminds_a_late_enterprise_once_a_day(
    live_server, user_pages, town_user, enterprise, other_enterprise
):
    EnterpriseUserFactory(enterprise=enterprise, email="ent@example.com")
    ReportDueFactory(enterprise=enterprise, year=2018, month=2)
    ReportDueFactory(enterprise=enterprise, year=2018, month=3)
    ReportDueFactory(enterprise=other_enterprise, year=2018, month=3)  # another town's: not listed
    page = user_pages("town")
    sign_in(page, live_server, town_user, "town")
    page.goto(f"{live_server.url}/reporting/late/")
    table = page.get_by_test_id("late-table")
    expect(table).to_contain_text(enterprise.name)
    expect(table).not_to_contain_text(other_enterprise.name)
    expect(page.get_by_test_id("last-reminded")).to_have_text("未催报")
    shot(page, "late-before-reminder")
    page.get_by_test_id("remind").click()
    expect_message(page, "已催报 1 家企业。")
    expect(page.get_by_test_id("late-table")).to_contain_text("今日已催报")
    expect(page.get_by_test_id("remind")).to_have_count(0)
    shot(page, "late-after-reminder")
    # 全部催报 the same day reminds nobody again
    page.get_by_test_id("remind-all").click()
    expect_message(page, "今天已催报过")
    assert LateReminder.objects.filter(enterprise=enterprise).count() == 1


def test_the_nomination_form_prints_without_the_menu(
    live_server, user_pages, backbone, open_window, town_user, enterprise
):
    nomination = nominate(town_user, backbone, enterprise)
    page = user_pages("town")
    sign_in(page, live_server, town_user, "town")
    page.goto(f"{live_server.url}/pools/nominations/{nomination.pk}/")
    page.get_by_test_id("print-nomination").click()
    paper = page.get_by_test_id("paper")
    expect(paper).to_contain_text("培育库入库申报表")
    expect(page.get_by_test_id("opinions")).to_contain_text("街镇意见")
    expect(page.get_by_test_id("opinions")).to_contain_text("（盖章）")
    shot(page, "nomination-print-screen")
    # in print, the menu and the buttons are hidden and the sheet fits an A4 page's width
    page.emulate_media(media="print")
    expect(page.locator("nav.navbar")).to_be_hidden()
    expect(page.get_by_test_id("print")).to_be_hidden()
    expect(paper).to_be_visible()
    shot(page, "nomination-print-media")
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    # the PDF download is the 申报表 too
    page.emulate_media(media="screen")
    with page.expect_download() as download:
        page.get_by_test_id("pdf").click()
    assert download.value.suggested_filename.endswith(".pdf")


# typed as characters, as pinyin initials, and as full pinyin (data-pinyin on each option, core/forms.py)
@pytest.mark.parametrize("typed", ["独一无二", "dywe", "duyiwuer"])
def test_a_long_list_of_enterprises_is_searchable(live_server, user_pages, programme, town_user, town, typed):
    # given a town with 30 enterprises
    for i in range(29):
        EnterpriseFactory(town=town, name=f"临沂批量{i:02d}陶瓷有限公司")
    wanted = EnterpriseFactory(town=town, name="临沂独一无二光电有限公司")
    page = user_pages("town")
    sign_in(page, live_server, town_user, "town")
    page.goto(f"{live_server.url}/pools/nominations/new/")
    # the enterprise select is a searchable one; typing narrows it to the match
    search = page.get_by_test_id("search-enterprise")
    expect(search).to_be_visible()
    search.click()
    page.keyboard.type(typed)
    option = page.locator(".ts-dropdown .option", has_text=wanted.name)
    expect(option).to_have_count(1)
    expect(page.locator(".ts-dropdown .option")).to_have_count(1)
    shot(page, "searchable-select")
    option.click()
    assert page.locator("select[name=enterprise]").input_value() == str(wanted.pk)


def test_an_invitation_prints_as_a_notice_with_its_qr_code(live_server, user_pages, town_user, enterprise):
    page = user_pages("town")
    sign_in(page, live_server, town_user, "town")
    page.goto(f"{live_server.url}/reporting/accounts/")
    form = page.get_by_test_id("invite-form")
    form.get_by_label("企业").select_option(str(enterprise.pk))
    form.get_by_label("账号").fill("ent_notice")
    form.get_by_label("姓名").fill("李雷")
    form.get_by_label("手机号码").fill("13900000000")
    form.get_by_role("button", name="开设账号并生成邀请链接").click()
    notice = page.get_by_test_id("invitation-notice")
    expect(notice).to_contain_text(enterprise.name)
    expect(page.get_by_test_id("invitation-qr").locator("svg")).to_be_visible()
    expect(page.get_by_test_id("wechat-text")).to_contain_text("/reporting/invitation/")
    shot(page, "invitation-notice-screen")
    page.emulate_media(media="print")
    expect(page.get_by_test_id("invite-form")).to_be_hidden()
    expect(page.get_by_test_id("wechat-text")).to_be_hidden()
    expect(notice).to_be_visible()
    shot(page, "invitation-notice-print")

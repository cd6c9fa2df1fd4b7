"""An enterprise reports its month through the real pages, in headless Chromium, one browser context per user.

The enterprise (in the 2018 骨干型 pool, with the statistics bureau's 2017 figures on file) signs in, sees
its pool and its late reports on its home page, fills December 2018's report and submits it; its town
official confirms it; the year's figures (December's year-to-date, self-reported) then appear on the
enterprise's home and figures pages with 同比 against the 2017 statistics, and prefill a 2019 nomination,
naming their source and period. Every user signs in through the login form.
"""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from pools.models import Nomination
from programs.models import Pool, Town
from reporting import services
from reporting.models import Figure, FigureSource, Report, ReportState
from tests.browser.support import expect_message, sign_in
from tests.factories import (
    EnterpriseFactory,
    EnterpriseUserFactory,
    FigureFactory,
    NominationWindowFactory,
    PoolEntryFactory,
    TownUserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ENTERPRISE_NAME = "临沂罗庄华瓷新材料有限公司"
# December 2018: (当月, 本年累计) in 万元; employees at the end of the month
DECEMBER = {
    "output": ("52000", "576000"),
    "main_revenue": ("45000", "480000"),
    "tax": ("2100", "24000"),
    "fixed_asset_investment": ("300", "3000"),
    "rd_spending": ("800", "9000"),
    "high_end_revenue": ("19000", "200000"),
    "custom_order_value": ("10", "120"),
}
STATISTICS_2017 = {"output": "480000", "main_revenue": "400000", "tax": "20000"}


@pytest.fixture
def cast(programme, industry):
    town = Town.objects.get(code="luozhuang")
    enterprise = EnterpriseFactory(name=ENTERPRISE_NAME, town=town, industry=industry)
    pool = Pool.objects.get(programme=programme, code="backbone")
    entry = PoolEntryFactory(pool=pool, year=2018, enterprise=enterprise)
    for code, value in STATISTICS_2017.items():
        FigureFactory(enterprise=enterprise, year=2017, metric=code, value=Decimal(value))
    services.dues_ensure()  # the obligations the scheduled task creates: 2018 is long past, all 12 are late
    return {
        "town": TownUserFactory(username="town_luozhuang", town=town, last_name="王", first_name="芳"),
        "enterprise_user": EnterpriseUserFactory(
            username="ent_huaci", enterprise=enterprise, last_name="刘", first_name="敏"
        ),
        "enterprise": enterprise,
        "pool": pool,
        "entry": entry,
        "programme": programme,
    }


def test_enterprise_reports_town_confirms_figures_reach_home_and_prefill(live_server, user_pages, cast):
    url = live_server.url
    enterprise = cast["enterprise"]

    # --- the enterprise's home: its pool, and what is late -------------------------------------------
    ent = user_pages("enterprise")
    sign_in(ent, live_server, cast["enterprise_user"], "enterprise")
    expect(ent.get_by_role("heading", level=1)).to_contain_text(f"{ENTERPRISE_NAME} · 企业工作台")
    expect(ent.get_by_test_id("entries-table")).to_contain_text("骨干型")
    expect(ent.get_by_test_id("stat-late")).to_have_text("12")
    expect(ent.get_by_test_id("late-list")).to_contain_text("2018年12月月报")

    # --- it starts December 2018's report and fills it -------------------------------------------------
    start = ent.get_by_test_id("start-report")
    start.locator("#id_year").select_option("2018")
    start.locator("#id_month").select_option("12")
    start.get_by_role("button", name="填报月报").click()
    report = Report.objects.get(enterprise=enterprise, year=2018, month=12)
    expect(ent).to_have_url(f"{url}/reporting/{report.pk}/edit/")
    expect_message(ent, "已创建2018年12月月报草稿")
    form = ent.get_by_test_id("report-form")
    for code, (value, ytd) in DECEMBER.items():
        form.locator(f"#id_{code}_value").fill(value)
        form.locator(f"#id_{code}_ytd").fill(ytd)
    form.locator("#id_employees_value").fill("850")
    form.locator(f"#id_entry_{cast['entry'].pk}_progress").fill("智能化生产线全线投产，全年产值57.6亿元。")
    form.locator("#id_note").fill("全年目标完成。")
    form.get_by_test_id("save-submit").click()
    expect(ent).to_have_url(f"{url}/reporting/{report.pk}/")
    expect_message(ent, "操作成功：提交。")
    expect(ent.get_by_test_id("report-state")).to_have_text("已提交")
    expect(ent.get_by_test_id("edit-report")).to_have_count(0)
    # the growth the report implies is shown with its working: December's year-to-date against the
    # statistics bureau's 2017 annual figure (no monthly 2017 data is needed for December)
    expect(ent.get_by_test_id("figure-output")).to_contain_text("20.00%")
    expect(ent.get_by_test_id("figure-output")).to_contain_text("上年同期：2017年统计数据")

    # --- the town confirms it --------------------------------------------------------------------------
    town = user_pages("town")
    sign_in(town, live_server, cast["town"], "town")
    town.locator("aside").get_by_role("link", name="月度报告").click()
    expect(town).to_have_url(f"{url}/reporting/")
    rows = town.get_by_test_id("report-table").locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows).to_contain_text(ENTERPRISE_NAME)
    expect(rows).to_contain_text("已提交")
    rows.get_by_role("link", name="2018年12月").click()
    expect(town).to_have_url(f"{url}/reporting/{report.pk}/")
    town.get_by_test_id("action-confirm").click()
    expect_message(town, "操作成功：确认。")
    expect(town.get_by_test_id("report-state")).to_have_text("已确认")
    report.refresh_from_db()
    assert report.state == ReportState.CONFIRMED and report.decided_by == cast["town"]
    output = Figure.objects.get(
        enterprise=enterprise, year=2018, month=12, metric="output", source=FigureSource.SELF
    )
    assert (output.value, output.ytd) == (Decimal("52000.00"), Decimal("576000.00"))

    # --- the figures appear on the enterprise's home and figures page --------------------------------
    ent.goto(f"{url}/home/enterprise/")
    figures = ent.get_by_test_id("key-figures")
    expect(ent.get_by_text("2018年主要指标")).to_be_visible()
    output_row = figures.locator("tr").filter(has_text="产值")
    expect(output_row.first).to_contain_text("576,000.00")
    expect(output_row.first).to_contain_text("20.0%")
    expect(output_row.first).to_contain_text("企业自报")
    expect(ent.get_by_test_id("stat-late")).to_have_text("11")
    ent.goto(f"{url}/reporting/figures/")
    annual = ent.get_by_test_id("annual-output")
    expect(annual).to_contain_text("按12月本年累计")
    expect(annual).to_contain_text("（576000.00 − 480000.00）÷ 480000.00 × 100 = 20.00%")

    # --- and prefill the town's 2019 nomination, naming source and period ----------------------------
    NominationWindowFactory(programme=cast["programme"], year=2019)
    town.goto(f"{url}/pools/nominations/new/")
    start = town.get_by_test_id("nomination-start")
    start.locator("#id_pool").select_option(str(cast["pool"].pk))
    start.locator("#id_year").select_option("2019")
    start.locator("#id_enterprise").select_option(str(enterprise.pk))
    start.get_by_role("button", name="下一步：填写数据").click()
    expect(town).to_have_url(re.compile(rf"{re.escape(url)}/pools/nominations/\d+/edit/$"))
    form = town.get_by_test_id("nomination-form")
    expect(form.locator("#id_metric_output_value")).to_have_value("576000.00")
    expect(form.locator("#id_metric_main_revenue_growth")).to_have_value("20.00")
    expect(form.locator("#id_metric_tax_growth")).to_have_value("20.00")
    expect(form).to_contain_text("来源：企业自报（2018年（按12月本年累计））")
    expect(form).to_contain_text("来源：企业自报、统计数据（2018年同比）")
    nomination = Nomination.objects.get(enterprise=enterprise, year=2019)
    assert nomination.metrics["output_value"] == "576000.00"
    assert nomination.metric_sources["main_revenue_growth"]["source"] == "企业自报、统计数据"

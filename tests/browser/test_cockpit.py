"""The office opens the leadership cockpit from its home page, changes the year and the month, clicks
the bar of a town in the chart of pool entries by town and lands on that town's entries at that
month's end."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from cockpit.services import refresh_cockpit
from programs.loader import DEFAULT_PROGRAMME_FILE, programme_load_file
from programs.models import Town
from tests.browser.support import sign_in
from tests.cockpit.support import nominations_world
from tests.factories import OfficeUserFactory, TownFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_office_goes_from_a_town_bar_to_the_towns_entries(
    live_server, screenshot_on_failure, transactional_db
):
    page = screenshot_on_failure
    page.set_viewport_size({"width": 1366, "height": 768})
    programme = programme_load_file(path=DEFAULT_PROGRAMME_FILE)
    town = Town.objects.get(code="ceshan")  # 册山街道
    other = TownFactory(code="fuzhuang")
    nominations_world(programme, town, other, year=2018)
    refresh_cockpit(today=date.today())
    office = OfficeUserFactory(username="office")

    sign_in(page, live_server, office, "office")
    page.get_by_test_id("open-cockpit").click()
    expect(page).to_have_url(f"{live_server.url}/cockpit/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("领导驾驶舱")
    page.get_by_test_id("cockpit-year").select_option("2018")
    expect(page).to_have_url(re.compile(r"/cockpit/\?year=2018&month=12$"))
    expect(page.get_by_test_id("cockpit-progress")).to_contain_text("2018年截至12月")
    page.get_by_test_id("cockpit-month").select_option("6")
    expect(page).to_have_url(re.compile(r"/cockpit/\?year=2018&month=6$"))
    expect(page.get_by_test_id("cockpit-progress")).to_contain_text("2018年截至6月")
    expect(page.get_by_test_id("stamp").first).to_contain_text("数据截至 2018-06-30")
    chart = page.locator("#chart-by-town")
    expect(chart).to_have_attribute("data-ready", "1")
    chart.scroll_into_view_if_needed()
    # the bar of 册山街道 (its three entries): the middle of the bar, from the chart's own coordinates
    names = [t.name for t in Town.objects.filter(pk__in=[town.pk, other.pk]).order_by("order", "code")]
    index = names.index(town.name)
    x, y = page.evaluate(
        "([i, v]) => echarts.getInstanceByDom(document.getElementById('chart-by-town'))"
        ".convertToPixel({seriesIndex: 0}, [i, v])",
        [index, 1.5],
    )
    box = chart.bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y)
    expect(page).to_have_url(
        re.compile(rf"/pools/nominations/\?year=2018&town={town.pk}&in_pool=1&as_of=2018-06-30$")
    )
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.first).to_contain_text(town.name)

"""The office confirms a quarterly review through the real pages, in headless Chromium; the town sees
its own rating afterwards.

The review of 2018 Q2 was proposed by the rules (town A red: half its reports late; town B green).
The office opens it, changes town B's rating to yellow with a comment, confirms; town A's official
signs in and reads its red rating and the rule's comment, and not town B's."""

import pytest
from playwright.sync_api import expect

from assessment import services
from assessment.models import ReviewRating
from tests.browser.support import expect_message, sign_in
from tests.factories.assessment import assessment_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def review(town, other_town, department_user, office_user, town_user):
    world = assessment_world(town=town, other_town=other_town, department=department_user.department)
    return services.quarterly_review_generate(
        actor=office_user, programme=world["programme"], year=2018, quarter=2, today=world["today"]
    )


def test_the_office_edits_and_confirms_a_quarterly_review(
    review, live_server, user_pages, office_user, town_user, other_town
):
    office = user_pages("office")
    sign_in(office, live_server, office_user, "office")
    office.goto(f"{live_server.url}/assessment/reviews/")
    office.get_by_role("link", name="2018年第2季度点评").click()
    expect(office.get_by_test_id("review-state")).to_have_text("待确认")
    b = ReviewRating.objects.get(review=review, town=other_town)
    row = office.get_by_test_id(f"rating-{b.pk}")
    row.locator("select").select_option("yellow")
    row.locator("textarea").fill("有企业未纳入调度，请核实名单。")
    row.get_by_role("button", name="保存").click()
    expect_message(office, "已修改“傅庄街道”的点评。")
    office.get_by_test_id("confirm-review").click()
    expect_message(office, "点评已确认")
    expect(office.get_by_test_id("review-state")).to_have_text("已确认")
    b.refresh_from_db()
    assert (b.colour, b.edited) == ("yellow", True)

    town = user_pages("town")
    sign_in(town, live_server, town_user, "town")
    town.goto(f"{live_server.url}/assessment/reviews/{review.pk}/")
    ratings = town.get_by_test_id("ratings")
    expect(ratings).to_contain_text("罗庄街道")
    expect(ratings).to_contain_text("按时率低于70%")
    expect(ratings).not_to_contain_text("傅庄街道")

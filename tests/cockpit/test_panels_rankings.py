"""The cockpit's panel of rankings, 通报 and supervision: the latest published 调度通报's first and last
three, the latest confirmed review's colours and red units, open cases and overdue rectifications,
the latest published assessment's top and bottom; scoped through each model's visible_to."""

from datetime import date, timedelta

import pytest

from assessment.cockpit_panels import PANELS
from tests.factories import TownFactory

from .support_panels import confirmed_review, open_case, published_report, published_run

pytestmark = pytest.mark.django_db
PANEL = PANELS[0]


def _context(user):
    return PANEL.context(user=user, year=2019, month=12)


def _alerts(user):
    return PANEL.alerts(user=user, year=2019, month=12)


@pytest.fixture
def rankings_world(programme, town, other_town, department_user):
    towns = [town, other_town] + [TownFactory(code=f"t{i}", name=f"第{i}镇") for i in range(3)]
    report = published_report(programme, towns=[t.name for t in towns], departments=["区经信局"])
    review = confirmed_review(
        programme, {town: "red", other_town: "green", towns[2]: "yellow", department_user.department: "red"}
    )
    run = published_run(programme, {t: 100 - 10 * i for i, t in enumerate(towns)})
    return {"towns": towns, "report": report, "review": review, "run": run}


def test_the_panel_shows_the_report_the_review_and_the_run(rankings_world, users, client_for, town):
    data = _context(users["office"])
    dispatch = data["dispatch"]
    assert dispatch["report"] == rankings_world["report"]
    assert [r["town"] for r in dispatch["towns_first"]] == ["罗庄街道", "傅庄街道", "第0镇"]
    assert [r["town"] for r in dispatch["towns_last"]] == ["第2镇", "第1镇", "第0镇"]
    review = data["review"]
    assert {c["code"]: c["n"] for c in review["colours"]} == {"red": 2, "yellow": 1, "green": 1}
    assert [u["name"] for u in review["red"]] == ["区经信局", "罗庄街道"]  # departments sort before towns
    assert [r["name"] for r in data["run"]["top"]] == ["罗庄街道", "傅庄街道", "第0镇"]
    assert [r["name"] for r in data["run"]["bottom"]] == ["第2镇", "第1镇"]
    html = client_for(users["office"]).get("/cockpit/?year=2019").content.decode()
    assert 'data-testid="cockpit-rankings"' in html
    assert "罗转升办〔2019〕6号" in html
    assert f'href="/assessment/dispatch/{rankings_world["report"].pk}/"' in html
    assert f'href="/assessment/reviews/{rankings_world["review"].pk}/"' in html


def test_its_links_open(rankings_world, users, client_for, programme, town):
    open_case(programme, town, deadline=date.today() - timedelta(days=1))
    client = client_for(users["office"])
    data = _context(users["office"])
    urls = {data["dispatch"]["url"], data["review"]["url"], data["cases"]["url"], data["run"]["url"]}
    urls |= {r["url"] for r in data["run"]["top"] + data["run"]["bottom"]}
    urls |= {r["url"] for r in data["cases"]["rows"]}
    for url in sorted(urls):
        assert client.get(url).status_code == 200, url


def test_a_town_sees_only_its_own_colour_cases_and_result(
    rankings_world, users, other_town_user, programme, town, other_town
):
    open_case(programme, town)
    open_case(programme, other_town, kind="criticism")
    data = _context(users["town"])
    assert {c["code"]: c["n"] for c in data["review"]["colours"]} == {"red": 1, "yellow": 0, "green": 0}
    assert [u["name"] for u in data["review"]["red"]] == ["罗庄街道"]
    assert data["cases"]["n"] == 1 and [r["case"].town for r in data["cases"]["rows"]] == [town]
    assert [r["name"] for r in data["run"]["top"]] == ["罗庄街道"] and data["run"]["bottom"] == []
    # the rankings are the published document's, which every unit receives
    assert len(data["dispatch"]["towns_first"]) == 3
    other = _context(other_town_user)
    assert {c["code"]: c["n"] for c in other["review"]["colours"]} == {"red": 0, "yellow": 0, "green": 1}
    assert other["review"]["red"] == [] and other["cases"]["n"] == 1


def test_drafts_are_not_shown_to_a_town(programme, users, town):
    from assessment.models import QuarterlyReview

    QuarterlyReview.objects.create(programme=programme, year=2019, quarter=3, as_of=date(2019, 9, 30))
    case = open_case(programme, town, state="proposed")  # a proposal the office has not decided
    assert _context(users["town"]) is None  # neither the draft review nor the proposal
    # the office sees the draft and the proposal on their pages, but neither counts on the cockpit
    assert _context(users["office"]) is None
    assert case.state == "proposed"


def test_the_empty_state_without_data(programme, users, client_for):
    for role in ("office", "town", "department"):
        assert _context(users[role]) is None, role
        assert _alerts(users[role]) == []
    response = client_for(users["office"]).get("/cockpit/?year=2019")
    panel = next(p for p in response.context["cockpit"].panels if p["code"] == "rankings")
    assert panel["context"] is None
    assert 'data-testid="cockpit-rankings"' not in response.content.decode()


def test_red_units_and_overdue_rectifications_alert_and_clear(
    rankings_world, users, client_for, programme, town
):
    case = open_case(programme, town, deadline=date.today() - timedelta(days=3))
    alerts = _alerts(users["office"])
    assert {a["kind"] for a in alerts} == {"review_red", "rectification_overdue"}
    assert sum(a["kind"] == "review_red" for a in alerts) == 2
    overdue = next(a for a in alerts if a["kind"] == "rectification_overdue")
    assert "罗庄街道" in overdue["message"] and overdue["url"] == f"/assessment/supervision/{case.pk}/"
    town_alerts = _alerts(users["town"])
    assert {a["message"] for a in town_alerts if a["kind"] == "review_red"} == {
        a["message"] for a in alerts if a["kind"] == "review_red" and "罗庄街道" in a["message"]
    }
    page_alerts = client_for(users["office"]).get("/cockpit/?year=2019").context["cockpit"].alerts
    assert any("被评为红色" in a["message"] for a in page_alerts)
    # the rectification is reported and the next review is green everywhere: nothing left to alert
    type(case).objects.filter(pk=case.pk).update(state="reported")
    confirmed_review(programme, {t: "green" for t in rankings_world["towns"]}, quarter=3)
    assert _alerts(users["office"]) == []

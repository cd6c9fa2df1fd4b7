"""Who may open which assessment page and API, role → HTTP status; another unit's objects are 404."""

import pytest

from assessment import services
from assessment.models import Result, ReviewRating, Score, SupervisionCase
from tests.factories import EnterpriseUserFactory

pytestmark = pytest.mark.django_db
ROLES = ("anonymous", "town", "department", "office", "enterprise", "admin")


@pytest.fixture
def data(world, office_user, department_user, town, other_town):
    today = world["today"]
    schemes = world["schemes"]
    run = services.assessment_run_start(actor=office_user, scheme=schemes["towns"], year=2018, today=today)
    for score in Score.objects.filter(result__run=run, indicator__code="quality"):
        services.score_rate(actor=world["rater"], score=score, value="15")
    services.run_transition(actor=office_user, run=run, action="close")
    services.run_transition(actor=office_user, run=run, action="publish")
    draft_run = services.assessment_run_start(
        actor=office_user, scheme=schemes["departments"], year=2018, today=today
    )
    ent_run = services.assessment_run_start(
        actor=office_user, scheme=schemes["enterprises"], year=2018, today=today
    )
    services.run_transition(actor=office_user, run=ent_run, action="close")
    services.run_transition(actor=office_user, run=ent_run, action="publish")
    for quarter in (1, 2):
        review = services.quarterly_review_generate(
            actor=office_user, programme=world["programme"], year=2018, quarter=quarter, today=today
        )
        services.review_confirm(actor=office_user, review=review)
    case = services.case_create(
        actor=office_user,
        programme=world["programme"],
        subject="town",
        unit=town,
        kind="criticism",
        reason="推进不力",
    )
    visit = services.visit_create(
        actor=office_user,
        programme=world["programme"],
        year=2018,
        half=1,
        title="观摩",
        nominations=[world["entry"]],
        members=[department_user],
    )
    enterprise_user = EnterpriseUserFactory(username="ent_world", enterprise=world["enterprise"])
    return {
        "scheme": schemes["towns"].pk,
        "run": run.pk,
        "draft_run": draft_run.pk,
        "result_a": Result.objects.get(run=run, town=town).pk,
        "result_b": Result.objects.get(run=run, town=other_town).pk,
        "result_ent": Result.objects.get(run=ent_run, enterprise=world["enterprise"]).pk,
        "review": review.pk,
        "rating_b": ReviewRating.objects.get(review=review, town=other_town).pk,
        "case": case.pk,
        "proposal": SupervisionCase.objects.get(state="proposed").pk,
        "visit": visit.pk,
        "enterprise_user": enterprise_user,
    }


def row(*codes):
    return dict(zip(ROLES, codes, strict=True))


#                                                    anon town dept office ent admin
GET_MATRIX = {
    "/assessment/schemes/": row(302, 200, 200, 200, 200, 403),
    "/assessment/schemes/{scheme}/": row(302, 200, 200, 200, 200, 403),
    "/assessment/schemes/{scheme}/edit/": row(302, 403, 403, 200, 403, 403),
    "/assessment/runs/": row(302, 200, 200, 200, 200, 403),
    "/assessment/runs/{run}/": row(302, 200, 200, 200, 200, 403),
    "/assessment/runs/{draft_run}/": row(302, 404, 404, 200, 404, 403),
    "/assessment/results/{result_a}/": row(302, 200, 404, 200, 404, 403),
    "/assessment/results/{result_b}/": row(302, 404, 404, 200, 404, 403),
    "/assessment/results/{result_ent}/": row(302, 404, 404, 200, 200, 403),
    "/assessment/rewards/": row(302, 403, 403, 200, 403, 403),
    "/assessment/rewards/export.xlsx": row(302, 403, 403, 200, 403, 403),
    "/assessment/reviews/": row(302, 200, 200, 200, 200, 403),
    "/assessment/reviews/{review}/": row(302, 200, 200, 200, 404, 403),
    "/assessment/reviews/rules/": row(302, 403, 403, 200, 403, 403),
    "/assessment/supervision/": row(302, 200, 200, 200, 200, 403),
    "/assessment/supervision/{case}/": row(302, 200, 404, 200, 404, 403),
    "/assessment/supervision/{proposal}/": row(302, 404, 404, 200, 404, 403),
    "/assessment/visits/": row(302, 200, 200, 200, 200, 403),
    "/assessment/visits/{visit}/": row(302, 404, 200, 200, 404, 403),
    "/assessment/visits/new/": row(302, 403, 403, 200, 403, 403),
}

POST_MATRIX = {
    "/assessment/runs/start/": row(302, 403, 403, 302, 403, 403),
    "/assessment/runs/{draft_run}/close/": row(302, 404, 404, 302, 404, 403),
    "/assessment/reviews/generate/": row(302, 403, 403, 302, 403, 403),
    "/assessment/supervision/new/": row(302, 403, 403, 302, 403, 403),
    "/assessment/supervision/{case}/close/": row(
        302, 403, 404, 302, 404, 403
    ),  # office: a refused move, a message
    "/assessment/visits/{visit}/close/": row(302, 404, 403, 302, 404, 403),
}


def _user(users, data, role):
    return data["enterprise_user"] if role == "enterprise" else users[role]


def test_get_matrix(data, users, client_for):
    # one world for the whole table (building it is the slow part)
    for url, expected_by_role in GET_MATRIX.items():
        for role, expected in expected_by_role.items():
            response = client_for(_user(users, data, role)).get(url.format(**data))
            assert response.status_code == expected, (url, role, response.status_code)


def test_post_matrix(data, users, client_for):
    for url, expected_by_role in POST_MATRIX.items():
        for role, expected in expected_by_role.items():
            response = client_for(_user(users, data, role)).post(url.format(**data), {})
            assert response.status_code == expected, (url, role, response.status_code)


def test_the_api_shows_a_town_its_own_published_results_and_ratings(data, users, client_for, other_town_user):
    town = client_for(users["town"])
    ids = [r["id"] for r in town.get("/api/v1/assessment/results/").json()["results"]]
    assert ids == [data["result_a"]]
    assert town.get(f"/api/v1/assessment/results/{data['result_b']}/").status_code == 404
    assert town.get(f"/api/v1/assessment/reviews/{data['rating_b']}/").status_code == 404
    body = town.get(f"/api/v1/assessment/results/{data['result_a']}/").json()
    assert body["scores"] and all("formula" in s["working"] for s in body["scores"])
    ratings = client_for(other_town_user).get("/api/v1/assessment/reviews/").json()["results"]
    assert {r["id"] for r in ratings} >= {data["rating_b"]} and all(
        r["town"] == other_town_user.town_id for r in ratings
    )


def test_the_api_refuses_administrators_and_gives_the_office_everything(data, users, client_for):
    assert client_for(users["admin"]).get("/api/v1/assessment/results/").status_code == 403
    office = client_for(users["office"]).get("/api/v1/assessment/results/").json()
    assert office["count"] == Result.objects.count()
    enterprise = client_for(data["enterprise_user"]).get("/api/v1/assessment/results/").json()["results"]
    assert [r["id"] for r in enterprise] == [data["result_ent"]]
    assert client_for(data["enterprise_user"]).get("/api/v1/assessment/reviews/").json()["results"] == []


def test_the_reward_list_names_enterprises_whose_published_grade_earns_it(data, users, client_for, world):
    from assessment.models import AssessmentRun

    # the enterprise scored 73 (较差): not on the list; raise it to 良好 by the band and it is
    response = client_for(users["office"]).get("/assessment/rewards/?year=2018")
    assert response.context["rows"] == []
    run = AssessmentRun.objects.get(pk=Result.objects.get(pk=data["result_ent"]).run_id)
    Result.objects.filter(pk=data["result_ent"]).update(grade="good", grade_name="良好")
    response = client_for(users["office"]).get("/assessment/rewards/?year=2018")
    assert [r.enterprise for r in response.context["rows"]] == [world["enterprise"]]
    assert response.context["schemes"] == [run.scheme]
    export = client_for(users["office"]).get("/assessment/rewards/export.xlsx?year=2018")
    from io import BytesIO

    import openpyxl

    from core.xlsx import read_xlsx  # noqa: F401  (the writer's own reader proves the file opens)

    sheet = openpyxl.load_workbook(BytesIO(export.content)).active
    values = [c.value for row in sheet.iter_rows() for c in row]
    assert world["enterprise"].name in values and world["enterprise"].uscc in values

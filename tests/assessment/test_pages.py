"""The office's pages over the services: editing a scheme and an indicator (audited), starting a run,
a rater's form, the load command."""

from decimal import Decimal as D
from io import StringIO

import pytest
from django.core.management import call_command

from assessment.models import AssessmentRun, Score
from core.models import AuditLog
from tests.factories.assessment import SECOND_SCHEME

pytestmark = pytest.mark.django_db


def test_the_load_command_reads_a_file_and_names_each_scheme(world):
    out = StringIO()
    call_command("load_assessment_scheme", str(SECOND_SCHEME), stdout=out)
    assert "towns: 7 indicators" in out.getvalue()


def test_the_office_edits_caps_and_bands_on_the_page_and_the_edit_is_audited(world, office_user, client_for):
    scheme = world["schemes"]["towns"]
    client = client_for(office_user)
    response = client.post(
        f"/assessment/schemes/{scheme.pk}/edit/",
        {
            "name": scheme.name,
            "full_marks": "100",
            "bands": '[{"code": "excellent", "name": "优秀", "min": "85"}, {"code": "poor", "name": "较差", "min": "0"}]',
            "excellent_share_cap": "20",
            "bonus_cap": "2",
            "penalty_cap": "",
        },
    )
    assert response.status_code == 302
    scheme.refresh_from_db()
    assert (scheme.excellent_share_cap, scheme.bonus_cap, scheme.penalty_cap) == (D("20"), D("2"), None)
    assert [b["min"] for b in scheme.bands] == ["85", "0"]
    row = AuditLog.objects.filter(object_id=str(scheme.pk), action="update").latest("id")
    assert row.before["excellent_share_cap"] == "50.00" and row.actor == office_user
    # bands out of order are refused with the reason, nothing saved
    response = client.post(
        f"/assessment/schemes/{scheme.pk}/edit/",
        {
            "name": scheme.name,
            "full_marks": "100",
            "bands": '[{"code": "a", "name": "甲", "min": "10"}, {"code": "b", "name": "乙", "min": "50"}]',
        },
    )
    assert response.status_code == 200 and "从高到低" in response.content.decode()


def test_the_office_edits_an_indicators_tiers_and_a_wrong_tier_is_refused(world, office_user, client_for):
    indicator = world["schemes"]["towns"].indicators.get(code="entries")
    client = client_for(office_user)
    ok = client.post(
        f"/assessment/indicators/{indicator.pk}/edit/",
        {"name": "入库", "weight": "20", "params": '{"tiers": [[3, 1], [1, 0.5]]}', "source": "测试"},
    )
    assert ok.status_code == 302
    indicator.refresh_from_db()
    assert indicator.params == {"tiers": [[3, 1], [1, 0.5]]}
    bad = client.post(
        f"/assessment/indicators/{indicator.pk}/edit/",
        {"name": "入库", "weight": "20", "params": '{"tiers": [[3]]}', "source": ""},
    )
    assert bad.status_code == 200 and "计分参数有误" in bad.content.decode()


def test_the_office_starts_a_run_on_the_page_and_the_rater_rates_on_it(world, office_user, client_for, town):
    scheme = world["schemes"]["towns"]
    response = client_for(office_user).post("/assessment/runs/start/", {"scheme": scheme.pk, "year": 2018})
    run = AssessmentRun.objects.get(scheme=scheme, year=2018)
    assert response.status_code == 302 and response["Location"] == f"/assessment/runs/{run.pk}/"
    rater = client_for(world["rater"])
    page = rater.get(f"/assessment/runs/{run.pk}/")
    assert page.status_code == 200 and len(page.context["queue"]) == 4  # quality and award of two towns
    score = Score.objects.get(result__run=run, result__town=town, indicator__code="quality")
    rater.post(f"/assessment/scores/{score.pk}/rate/", {"value": "16", "note": "方案扎实"})
    score.refresh_from_db()
    assert score.points == D("16.00") and score.note == "方案扎实"
    result_page = client_for(office_user).get(f"/assessment/results/{score.result_id}/")
    assert "评分 16.00（满分 20）" in result_page.content.decode()


def test_the_office_edits_a_review_rule_and_the_next_review_applies_it(
    world, office_user, town_user, client_for, town
):
    from assessment import services
    from assessment.models import ReviewRating, ReviewRule

    rule = ReviewRule.objects.get(code="t-on-time-red")
    assert client_for(town_user).get("/assessment/reviews/rules/").status_code == 403
    client = client_for(office_user)
    assert client.get("/assessment/reviews/rules/").status_code == 200
    prefix = f"r{rule.pk}"
    response = client.post(
        f"/assessment/reviews/rules/review/{rule.pk}/",
        {
            f"{prefix}-operator": "below",
            f"{prefix}-threshold": "40",
            f"{prefix}-days": "15",
            f"{prefix}-colour": "red",
            f"{prefix}-comment": "按时率低于40%。",
        },
    )
    assert response.status_code == 302
    rule.refresh_from_db()
    assert rule.threshold == D("40")
    assert AuditLog.objects.filter(object_id=str(rule.pk), action="update").exists()
    review = services.quarterly_review_generate(
        actor=office_user, programme=world["programme"], year=2018, quarter=2, today=world["today"]
    )
    assert (
        ReviewRating.objects.get(review=review, town=town).proposed == "yellow"
    )  # 50%: below 90, not below 40

"""Assessment runs over the portal's data: every computed kind against hand-computed values (see
tests/factories/assessment.py), raters' items, idempotency, the workflow and publication."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from assessment import services
from assessment.loader import DEFAULT_FILE, AssessmentFileError, assessment_load_file
from assessment.models import AssessmentRun, Result, RunEvent, Score
from core.exceptions import Conflict
from core.models import AuditLog

pytestmark = pytest.mark.django_db


def _scores(run, field, unit) -> dict:
    result = Result.objects.get(run=run, **{field: unit})
    return {s.indicator.code: s for s in result.scores.select_related("indicator")}, result


def test_the_repository_file_loads_four_schemes_with_their_sources(programme):
    schemes = assessment_load_file(path=DEFAULT_FILE)
    assert [s.code for s in schemes] == [
        "towns",
        "departments",
        "enterprise-credit",
        "enterprise-development",
    ]
    assert {s.get_category_display() for s in schemes[2:]} == {"诚信体系考核", "发展体系考核"}
    for scheme in schemes:
        assert scheme.indicators.exists() and all(i.source for i in scheme.indicators.all())
    # loading again updates in place
    assert len(assessment_load_file(path=DEFAULT_FILE)) == 4
    assert schemes[0].indicators.count() == 8


def test_a_second_scheme_loads_from_a_file_without_code(world):
    schemes = world["schemes"]
    assert set(schemes) == {"towns", "departments", "enterprises"}
    towns = schemes["towns"]
    assert towns.excellent_share_cap == D("50") and towns.bonus_cap == D("3")
    assert [i.code for i in towns.indicators.all()] == [
        "nominations",
        "entries",
        "on_time",
        "milestones",
        "quality",
        "award",
        "overdue",
    ]
    assert schemes["departments"].full_marks == D("60")


def test_a_file_with_weights_that_do_not_add_up_is_refused_whole(world, tmp_path):
    text = world["schemes"]["towns"].source_file
    assert text == "second-scheme.yaml"
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "programme: assess-test\nschemes:\n  - code: x\n    name: X\n    subject: town\n"
        "    bands: [{code: a, name: 优, min: 90}, {code: b, name: 差, min: 0}]\n"
        "    indicators:\n      - {code: n, name: 申报, kind: entries_approved, method: linear, weight: 50, params: {target: 1}}\n",
        encoding="utf-8",
    )
    with pytest.raises(AssessmentFileError, match="分值之和为50"):
        assessment_load_file(path=bad)


def test_every_computed_kind_of_a_town(world, office_user, town, other_town):
    run = services.assessment_run_start(
        actor=office_user, scheme=world["schemes"]["towns"], year=2018, today=world["today"]
    )
    a, result = _scores(run, "town", town)
    assert a["nominations"].value == D("150.00") and a["nominations"].points == D("20.00")  # 3 ÷ share 2
    assert a["nominations"].working["inputs"] == {"申报数": "3", "应报份额": "2.00"}
    assert a["entries"].points == D("20.00")  # 2 entries: the first tier
    assert a["on_time"].value == D("75.00") and a["on_time"].points == D("15.00")  # 3 of 4 on time
    assert a["milestones"].value == D("50.00") and a["milestones"].points == D("10.00")
    assert a["overdue"].points == D("3.00")  # 1 overdue × 3
    assert a["quality"].points is None and "待区委督委办评分" in a["quality"].working["formula"]
    assert (result.base, result.penalty, result.total) == (D("65.00"), D("3.00"), D("62.00"))
    assert result.grade_name == "一般" and not result.complete  # 62: 60分以上
    b, other = _scores(run, "town", other_town)
    assert b["nominations"].points == D("10.00")  # 1 ÷ 2
    assert b["entries"].points == D("0.00") and b["on_time"].points is None  # no report due: no data
    assert other.total == D("10.00") and other.rank == 2 and result.rank == 1


def test_every_computed_kind_of_a_department_and_an_enterprise(world, office_user, department_user):
    run = services.assessment_run_start(
        actor=office_user, scheme=world["schemes"]["departments"], year=2018, today=world["today"]
    )
    d, result = _scores(run, "department", department_user.department)
    assert d["turnaround"].value == D("15.00") and d["turnaround"].points == D("20.00")  # 10 ÷ 15 × 30
    assert d["entries"].points == D("30.00") and result.total == D("50.00")
    run = services.assessment_run_start(
        actor=office_user, scheme=world["schemes"]["enterprises"], year=2018, today=world["today"]
    )
    e, result = _scores(run, "enterprise", world["enterprise"])
    assert e["credit"].working["inputs"] == {"信用等级": "BBB"} and e["credit"].points == D("16.00")
    assert e["on_time"].points == D("15.00")
    assert e["output"].value == D("25.00") and e["output"].points == D("20.00")  # official 1000 → 1250
    assert e["tax"].value == D("10.00") and e["tax"].points == D("12.00")
    assert e["milestones"].points == D("10.00")
    assert result.total == D("73.00") and result.grade_name == "较差"
    assert Result.objects.filter(run=run).count() == 2  # both enterprises with an entry in 2018


def test_starting_twice_gives_one_run_and_keeps_the_raters_entries(world, office_user, town):
    scheme = world["schemes"]["towns"]
    run = services.assessment_run_start(actor=office_user, scheme=scheme, year=2018, today=world["today"])
    quality = Score.objects.get(result__run=run, result__town=town, indicator__code="quality")
    services.score_rate(actor=world["rater"], score=quality, value="18", note="路径方案扎实")
    again = services.assessment_run_start(actor=office_user, scheme=scheme, year=2018, today=world["today"])
    assert again.pk == run.pk and AssessmentRun.objects.filter(scheme=scheme, year=2018).count() == 1
    quality.refresh_from_db()
    assert quality.points == D("18.00") and quality.rated_by == world["rater"]
    assert Result.objects.get(run=run, town=town).total == D("80.00")  # 65 + 18 − 3
    assert list(run.events.values_list("action", flat=True)) == [
        RunEvent.Action.CREATE,
        RunEvent.Action.RATE,
        RunEvent.Action.COMPUTE,
    ]
    assert AuditLog.objects.filter(object_repr__contains="quality").exists() or AuditLog.objects.exists()


def test_bonus_and_penalty_caps_apply_to_rated_counts(world, office_user, town):
    run = services.assessment_run_start(
        actor=office_user, scheme=world["schemes"]["towns"], year=2018, today=world["today"]
    )
    award = Score.objects.get(result__run=run, result__town=town, indicator__code="award")
    services.score_rate(actor=world["rater"], score=award, value="5")  # 5 × 2 = 10, item cap 4, scheme cap 3
    result = Result.objects.get(run=run, town=town)
    award.refresh_from_db()
    assert award.points == D("4.00") and result.bonus == D("3.00")
    assert "上限" in result.working["formula"]


def test_a_rater_of_another_department_or_a_computed_item_is_refused(
    world, office_user, department_user, town
):
    run = services.assessment_run_start(
        actor=office_user, scheme=world["schemes"]["towns"], year=2018, today=world["today"]
    )
    quality = Score.objects.get(result__run=run, result__town=town, indicator__code="quality")
    computed = Score.objects.get(result__run=run, result__town=town, indicator__code="on_time")
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied, match="区委督委办"):
        services.score_rate(actor=department_user, score=quality, value="10")
    with pytest.raises(PermissionDenied, match="不能手工评分"):
        services.score_rate(actor=world["rater"], score=computed, value="10")
    with pytest.raises(ValidationError):
        services.score_rate(actor=world["rater"], score=quality, value="25")  # above the weight


def test_evidence_is_checked_by_the_upload_validator(world, office_user, town):
    run = services.assessment_run_start(
        actor=office_user, scheme=world["schemes"]["towns"], year=2018, today=world["today"]
    )
    quality = Score.objects.get(result__run=run, result__town=town, indicator__code="quality")
    fake = SimpleUploadedFile("evidence.pdf", b"not a pdf at all", content_type="application/pdf")
    with pytest.raises(ValidationError):
        services.score_rate(actor=world["rater"], score=quality, value="10", evidence=fake)


def test_the_run_moves_rating_review_published_and_then_is_frozen(world, office_user, town, other_town):
    scheme = world["schemes"]["towns"]
    run = services.assessment_run_start(actor=office_user, scheme=scheme, year=2018, today=world["today"])
    with pytest.raises(ValidationError, match="2项"):
        services.run_transition(actor=office_user, run=run, action="close")
    for score in Score.objects.filter(result__run=run, indicator__code="quality"):
        services.score_rate(actor=world["rater"], score=score, value="20")
    run = services.run_transition(actor=office_user, run=run, action="close")
    with pytest.raises(ValidationError):
        services.run_transition(actor=office_user, run=run, action="reopen")  # needs a reason
    run = services.run_transition(actor=office_user, run=run, action="publish")
    assert run.state == "published" and run.published_at is not None
    with pytest.raises(Conflict):
        services.run_transition(actor=office_user, run=run, action="publish")
    before = list(Result.objects.filter(run=run).values_list("total", flat=True))
    again = services.assessment_run_start(actor=office_user, scheme=scheme, year=2018, today=world["today"])
    assert (
        again.pk == run.pk and list(Result.objects.filter(run=run).values_list("total", flat=True)) == before
    )


def test_the_share_cap_on_excellent_is_applied_over_the_run(world, office_user, town, other_town):
    # both towns reach 优秀 with the raters' points and the award; the cap (50% of 2 = 1) keeps one
    scheme = world["schemes"]["towns"]
    services.scheme_update(actor=office_user, scheme=scheme, penalty_cap=D("0"))
    run = services.assessment_run_start(actor=office_user, scheme=scheme, year=2018, today=world["today"])
    for unit, quality in ((town, "20"), (other_town, "20")):
        services.score_rate(
            actor=world["rater"],
            score=Score.objects.get(result__run=run, result__town=unit, indicator__code="quality"),
            value=quality,
        )
    services.scheme_update(
        actor=office_user,
        scheme=scheme,
        bands=[
            {"code": "excellent", "name": "优秀", "min": "30"},
            {"code": "good", "name": "良好", "min": "0"},
        ],
    )
    services.grade_run(run, scheme.__class__.objects.get(pk=scheme.pk))
    a, b = Result.objects.get(run=run, town=town), Result.objects.get(run=run, town=other_town)
    assert a.grade_name == "优秀" and b.grade_name == "良好"
    assert "优秀比例不超过50.00%" in b.working["capped"]


def test_the_office_edits_a_weight_and_a_run_refuses_a_scheme_whose_weights_do_not_add_up(world, office_user):
    scheme = world["schemes"]["towns"]
    indicator = scheme.indicators.get(code="entries")
    services.indicator_update(actor=office_user, indicator=indicator, weight=D("25"))
    assert AuditLog.objects.filter(object_id=str(indicator.pk), action="update").exists()
    with pytest.raises(ValidationError, match="分值之和为105"):
        services.assessment_run_start(actor=office_user, scheme=scheme, year=2018, today=world["today"])


def test_a_run_writes_its_results_and_scores_in_batches_so_a_province_size_run_stays_linear(
    world, office_user, monkeypatch
):
    """One UPDATE … CASE over every result of a run is quadratic in PostgreSQL: at scale 100 an
    enterprise assessment did not finish in a quarter of an hour. Batched, each statement is bounded."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from core import bounds

    monkeypatch.setattr(bounds, "BULK_BATCH_SIZE", 1)
    scheme = world["schemes"]["enterprises"]
    services.assessment_run_start(actor=office_user, scheme=scheme, year=2018, today=world["today"])
    with CaptureQueriesContext(connection) as ctx:
        run = services.assessment_run_start(actor=office_user, scheme=scheme, year=2018, today=world["today"])
    results = Result.objects.filter(run=run).count()
    assert results == 2
    updates = [q["sql"] for q in ctx.captured_queries if q["sql"].startswith('UPDATE "assessment_result"')]
    assert len(updates) == results  # one statement per batch of one, not one over the whole run

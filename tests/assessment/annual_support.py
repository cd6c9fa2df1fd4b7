"""The annual summary's hand-made year (the figures the tests check are computed by hand from it)."""

from datetime import date, datetime

from django.utils import timezone

from assessment.models import (
    AnnualSummary,
    AssessmentRun,
    DispatchCounter,
    DispatchReport,
    QuarterlyReview,
    Result,
    ReviewRating,
    Scheme,
    SupervisionCase,
)
from assessment.selectors.annual import annual_figures
from assessment.services.annual import annual_edit, annual_publish, generate_annual_summary
from tests.factories import ProgrammeFactory

YEAR = 2019
TODAY = date(2020, 1, 15)


def _month(town, other, *, rate, entries, on_time, late, missing, overdue_town, due, done, figures=None):
    return {
        "reporting": {
            "totals": {
                "entries": entries,
                "on_time": on_time,
                "late": late,
                "missing": missing,
                "on_time_rate": rate,
            },
            "by_town": [
                {
                    "town": town.name,
                    "entries": entries - 1,
                    "on_time": on_time - 1,
                    "late": late,
                    "missing": missing,
                },
                {"town": other.name, "entries": 1, "on_time": 1, "late": 0, "missing": 0},
            ],
        },
        "milestones": {
            "totals": {"due": due, "done": done, "overdue": overdue_town},
            "by_town": [{"town": town.name, "overdue": overdue_town}, {"town": other.name, "overdue": 0}],
        },
        "figures": figures or {"metrics": [], "district": [], "time_progress": "0"},
    }


def _published(programme, month, number, snapshot):
    at = timezone.make_aware(datetime(YEAR, month + 1, 10, 9))
    return DispatchReport.objects.create(
        programme=programme,
        year=YEAR,
        month=month,
        state="published",
        number_year=YEAR,
        number=number,
        doc_number=f"罗转升办〔{YEAR}〕{number}号",
        title=f"{month}月通报",
        snapshot=snapshot,
        generated_at=at,
        issued_on=at.date(),
        published_at=at,
    )


def annual_world(town, other_town, department):
    """Two published months (March, April) and a draft May; one confirmed review (and a draft one);
    one published run (and one still rating); one decided case (and a proposal)."""
    programme = ProgrammeFactory(
        start_year=2019, end_year=2021, is_current=True, doc_number="罗发〔2016〕23号"
    )
    figures = {
        "metrics": [
            {
                "label": "营业收入",
                "ytd": "120.00",
                "goal": "400.00",
                "completion": "30.0",
                "time_progress": "33.3",
            }
        ],
        "district": [],
        "time_progress": "33.3",
    }
    _published(
        programme,
        3,
        4,
        _month(
            town,
            other_town,
            rate="50.0",
            entries=4,
            on_time=2,
            late=1,
            missing=1,
            overdue_town=1,
            due=2,
            done=1,
        ),
    )
    _published(
        programme,
        4,
        5,
        _month(
            town,
            other_town,
            rate="100.0",
            entries=4,
            on_time=4,
            late=0,
            missing=0,
            overdue_town=2,
            due=1,
            done=1,
            figures=figures,
        ),
    )
    DispatchReport.objects.create(
        programme=programme,
        year=YEAR,
        month=5,
        title="5月通报",
        snapshot=_month(
            town, other_town, rate="0", entries=9, on_time=1, late=0, missing=8, overdue_town=9, due=9, done=0
        ),
        generated_at=timezone.now(),
    )
    DispatchCounter.objects.create(year=YEAR, last_number=5)

    review = QuarterlyReview.objects.create(
        programme=programme, year=YEAR, quarter=1, state="confirmed", as_of=date(YEAR, 3, 31)
    )
    ReviewRating.objects.create(review=review, subject="town", town=town, proposed="red", colour="red")
    ReviewRating.objects.create(
        review=review, subject="town", town=other_town, proposed="green", colour="green"
    )
    ReviewRating.objects.create(
        review=review, subject="department", department=department, proposed="yellow", colour="yellow"
    )
    draft_review = QuarterlyReview.objects.create(
        programme=programme, year=YEAR, quarter=2, state="draft", as_of=date(YEAR, 6, 30)
    )
    ReviewRating.objects.create(review=draft_review, subject="town", town=town, proposed="red", colour="red")

    bands = [{"code": "excellent", "name": "优秀", "min": "90"}, {"code": "pass", "name": "合格", "min": "0"}]
    scheme = Scheme.objects.create(
        programme=programme, code="towns", name="街镇考核", subject="town", bands=bands
    )
    run = AssessmentRun.objects.create(scheme=scheme, year=YEAR, state="published")
    Result.objects.create(
        run=run, subject="town", town=town, total=95, grade="excellent", grade_name="优秀", rank=1
    )
    Result.objects.create(
        run=run, subject="town", town=other_town, total=70, grade="pass", grade_name="合格", rank=2
    )
    other_scheme = Scheme.objects.create(
        programme=programme, code="depts", name="部门考核", subject="department", bands=bands
    )
    AssessmentRun.objects.create(scheme=other_scheme, year=YEAR, state="rating")

    case = SupervisionCase.objects.create(
        programme=programme,
        subject="town",
        town=town,
        kind="talk",
        state="open",
        reason="第一季度红色",
        deadline=date(YEAR, 6, 30),
    )
    proposal = SupervisionCase.objects.create(
        programme=programme,
        subject="town",
        town=other_town,
        kind="criticism",
        state="proposed",
        reason="建议",
    )
    SupervisionCase.objects.filter(pk__in=[case.pk, proposal.pk]).update(
        created_at=timezone.make_aware(datetime(YEAR, 4, 20, 10))
    )
    return {"programme": programme, "town": town, "other_town": other_town, "department": department}


def published_summary(office_user):
    summary = generate_annual_summary(YEAR, actor=office_user, today=TODAY)
    annual_edit(actor=office_user, summary=summary, paragraphs={"next_year": "（一）抓好明年工作。"})
    return annual_publish(actor=office_user, summary=summary, issued_on=date(YEAR, 12, 31))


def summaries_of(year_world, office_user):
    published = published_summary(office_user)
    ProgrammeFactory(start_year=2022, end_year=2024, is_current=False)
    draft = AnnualSummary.objects.create(
        programme=year_world["programme"],
        year=2020,
        title="2020年度总结",
        snapshot=annual_figures(year_world["programme"], 2020),
        paragraphs={},
        generated_at=timezone.now(),
    )
    return {"published": published, "draft": draft}

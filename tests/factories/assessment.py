"""A small world for assessment tests: a programme with one pool (quota 4 in 2018) led by a
department, two towns, entries, dues, milestones, figures and credit ratings whose every indicator
value is hand-computed in tests/assessment (see the comments), and the schemes of
tests/assessment/data/second-scheme.yaml."""

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from django.utils import timezone

from assessment.loader import assessment_load_file
from credit.models import RatingTrigger
from credit.rating import rate_all
from reporting.models import FigureSource

from .accounts import DepartmentUserFactory
from .enterprises import EnterpriseFactory
from .pools import NominationFactory
from .programs import DepartmentFactory, PoolFactory, PoolQuotaFactory, ProgrammeFactory
from .reporting import (
    DevelopmentPlanFactory,
    FigureFactory,
    MilestoneFactory,
    PoolEntryFactory,
    ReportDueFactory,
)

SECOND_SCHEME = Path(__file__).resolve().parent.parent / "assessment" / "data" / "second-scheme.yaml"
SH = ZoneInfo("Asia/Shanghai")


def at(y, m, d) -> datetime:
    return datetime(y, m, d, 10, 0, tzinfo=SH)


def assessment_world(*, town, other_town, department, extra_entries: int = 0) -> dict:
    """Town A (`town`): 3 nominations (1 entry), 4 dues (3 on time), 2 milestones (1 done, 1 overdue).
    Town B: 1 nomination, no dues. The department leads the pool: nominations decided after 10 and
    20 days (mean 15). A's enterprise: output 1000 → 1250 (25%), tax 100 → 110 (10%), rated BBB."""
    programme = ProgrammeFactory(code="assess-test", start_year=2018, end_year=2020, is_current=True)
    rater = DepartmentUserFactory(
        username="rater", department=DepartmentFactory(code="supervision_office", name="区委督委办")
    )
    pool = PoolFactory(programme=programme, code="growth", lead_departments=[department])
    PoolQuotaFactory(pool=pool, year=2018, quota_min=4)  # two towns: a share of 2 each
    enterprise = EnterpriseFactory(town=town, name="甲企业")
    entry = PoolEntryFactory(
        pool=pool, year=2018, enterprise=enterprise, submitted_at=at(2018, 3, 1), decided_at=at(2018, 3, 11)
    )
    NominationFactory(pool=pool, year=2018, town=town, submitted=True, submitted_at=at(2018, 3, 1))
    NominationFactory(
        pool=pool,
        year=2018,
        town=town,
        approved=True,
        submitted_at=at(2018, 3, 1),
        decided_at=at(2018, 3, 21),
    )
    NominationFactory(pool=pool, year=2018, town=other_town, submitted=True, submitted_at=at(2018, 3, 1))
    NominationFactory(pool=pool, year=2018, town=town)  # a draft: not counted
    entries = [entry]
    for i in range(extra_entries):  # more of the same kind, for query counts
        entries.append(
            PoolEntryFactory(pool=pool, year=2018, enterprise=EnterpriseFactory(town=town, name=f"乙{i}"))
        )
    for month, submitted in (
        (1, date(2018, 2, 5)),
        (2, date(2018, 3, 4)),
        (3, date(2018, 4, 5)),
        (4, date(2018, 5, 9)),
    ):
        ReportDueFactory(
            enterprise=enterprise,
            year=2018,
            month=month,
            submitted_at=datetime(submitted.year, submitted.month, submitted.day, 9, tzinfo=SH),
        )
    plan = DevelopmentPlanFactory(nomination=entry)
    MilestoneFactory(plan=plan, due_on=date(2018, 5, 31), status="done", done_on=date(2018, 5, 30))
    MilestoneFactory(plan=plan, due_on=date(2018, 6, 30), status="in_progress")
    for year, output, tax in ((2017, "1000", "100"), (2018, "1250", "110")):
        FigureFactory(enterprise=enterprise, year=year, month=0, metric="output", value=Decimal(output))
        FigureFactory(enterprise=enterprise, year=year, month=0, metric="tax", value=Decimal(tax))
    FigureFactory(
        enterprise=enterprise,
        year=2018,
        month=0,
        metric="output",
        source=FigureSource.SELF,
        value=Decimal("9999"),
    )
    rate_all(trigger=RatingTrigger.SEED)
    schemes = {s.code: s for s in assessment_load_file(path=SECOND_SCHEME)}
    return {
        "programme": programme,
        "pool": pool,
        "enterprise": enterprise,
        "entry": entry,
        "entries": entries,
        "rater": rater,
        "schemes": schemes,
        "today": date(2019, 1, 15),
        "now": timezone.now(),
    }


def assessment_rows(*, office, town, department, enterprise) -> None:
    """One row of every scoped assessment model, for the access table's world (published, confirmed
    and decided, so the table's owners see them)."""
    from django.utils import timezone

    from assessment.models import (
        AnnualEvent,
        AnnualSummary,
        AssessmentRun,
        Indicator,
        QuarterlyReview,
        Result,
        ReviewRating,
        Scheme,
        Score,
        SiteVisit,
        SupervisionCase,
        VisitMember,
        VisitScore,
        VisitSite,
    )
    from pools.models import Nomination
    from programs.models import Programme

    programme = Programme.objects.current()
    bands = [{"code": "excellent", "name": "优秀", "min": "90"}, {"code": "poor", "name": "较差", "min": "0"}]
    for subject, unit in (("town", town), ("department", department), ("enterprise", enterprise)):
        scheme = Scheme.objects.create(
            programme=programme, code=f"access-{subject}", name=f"考核{subject}", subject=subject, bands=bands
        )
        indicator = Indicator.objects.create(
            scheme=scheme,
            code="entries",
            name="入库",
            kind="entries_approved",
            method="linear",
            weight=100,
            params={"target": 1},
        )
        run = AssessmentRun.objects.create(scheme=scheme, year=2018, state="published")
        result = Result.objects.create(
            run=run, subject=subject, **{subject: unit}, total=95, grade="excellent", grade_name="优秀"
        )
        Score.objects.create(result=result, indicator=indicator, value=1, points=100)
    review = QuarterlyReview.objects.create(
        programme=programme, year=2018, quarter=1, state="confirmed", as_of=date(2018, 3, 31)
    )
    ReviewRating.objects.create(
        review=review, subject="town", town=town, proposed="red", colour="red", comment="推进不力"
    )
    ReviewRating.objects.create(
        review=review, subject="department", department=department, proposed="green", colour="green"
    )
    SupervisionCase.objects.create(
        programme=programme, subject="town", town=town, kind="talk", state="open", reason="连续两个季度红色"
    )
    now = timezone.now()
    summary = AnnualSummary.objects.create(
        programme=programme,
        year=2018,
        state="published",
        number_year=2018,
        number=1,
        doc_number="罗转升办〔2018〕1号",
        title="2018年度总结",
        generated_at=now,
        issued_on=now.date(),
        published_at=now,
    )
    AnnualEvent.objects.create(summary=summary, action="create", to_state="draft", actor=office)
    visit = SiteVisit.objects.create(
        programme=programme,
        year=2018,
        half=1,
        title="上半年观摩",
        state="closed",
        sheet=[{"code": "p", "name": "进度", "max": "100"}],
    )
    VisitMember.objects.create(visit=visit, user=office)
    entry = Nomination.objects.in_pool().first()
    if entry is not None:
        site = VisitSite.objects.create(visit=visit, nomination=entry)
        VisitScore.objects.create(site=site, visitor=office, points={"p": "90"}, total=90)

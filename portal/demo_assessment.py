"""Demo data for assessment (called from portal.demo.seed_demo): the schemes of the programme's file,
the towns' assessment of the programme's last year rated and published, the enterprises' credit
assessment under way, two confirmed quarterly reviews (and whatever the escalation rules propose), a
supervision case with its rectification reported, and a half-year site visit with a visitor's sheet.
Through the services, so events, audit rows and notifications are real. Idempotent."""

from datetime import date, datetime, timedelta
from decimal import Decimal

from django.utils import timezone

from accounts.models import Role, User
from assessment import services
from assessment.loader import DEFAULT_FILE, assessment_load_file
from assessment.models import Indicator, QuarterlyReview, Scheme, Score, SiteVisit, SupervisionCase
from pools.models import Nomination
from programs.models import Department, Programme


def _raters(accounts: list, make_account) -> None:
    """A demo account for every rating department the schemes name that has none yet."""
    have = {a.username for a in accounts}
    ids = Indicator.objects.filter(rater_department__isnull=False).values("rater_department_id")
    for department in Department.objects.filter(pk__in=ids).order_by("order"):
        if f"dept_{department.code}" not in have:
            accounts.append(make_account(department))


def _criticise(office, programme, review, rating, *, leader: str, deadline, trigger=None):
    """A 通报批评 of the town a review rated, its 分管副主任 named."""
    return services.case_create(
        actor=office,
        programme=programme,
        subject="town",
        unit=rating.town,
        kind="criticism",
        reason=f"{review}：{rating.comment}",
        leader_name=leader,
        leader_post="分管副主任",
        deadline=deadline,
        trigger=trigger,
    )


def _past_years(programme: Programme, office) -> None:
    """The programme's years before its last: four confirmed quarterly reviews each (generated as a
    week after each quarter), and in its second year a 通报批评 of the town rated worst in the first
    quarter, registered in April and still under rectification past its May deadline (the
    cockpit's accountability panel of that year's months). What the escalation rules propose from
    these reviews is dismissed, as the office decided then (the queue keeps the last year's)."""
    proposed_before = set(SupervisionCase.objects.filter(state="proposed").values_list("pk", flat=True))
    for year in programme.years[:-1]:
        for quarter in (1, 2, 3, 4):
            on = date(year, quarter * 3, 28) + timedelta(days=7)
            review = services.quarterly_review_generate(
                actor=office, programme=programme, year=year, quarter=quarter, today=on
            )
            if review.state == "draft":
                services.review_confirm(actor=office, review=review)
    for case in SupervisionCase.objects.filter(state="proposed").exclude(pk__in=proposed_before):
        services.case_transition(
            actor=office, case=case, action="dismiss", comment="已在当季调度中督促整改，不再立案。"
        )
    year = programme.start_year + 1
    review = QuarterlyReview.objects.filter(programme=programme, year=year, quarter=1).first()
    done = SupervisionCase.objects.filter(programme=programme, rule__isnull=True, created_at__year=year)
    rating = review.ratings.filter(subject="town").order_by("-colour", "pk").first() if review else None
    if rating is None or done.exists():
        return
    case = _criticise(office, programme, review, rating, leader="李长青", deadline=date(year, 5, 31))
    registered = timezone.make_aware(datetime(year, 4, 20, 10))
    SupervisionCase.objects.filter(pk=case.pk).update(created_at=registered, updated_at=registered)


def seed_assessment(programme: Programme, accounts: list, make_account) -> dict:
    """`make_account(department)` makes (or updates) a department's demo account and returns its entry."""
    if programme.code != "luofa-2016-23":
        return {}
    if not Scheme.objects.filter(programme=programme).exists():
        assessment_load_file(path=DEFAULT_FILE)
    office = User.objects.filter(role=Role.OFFICE, is_active=True).order_by("pk").first()
    if office is None:
        return {}
    year, today = programme.end_year, timezone.localdate()
    schemes = {s.code: s for s in Scheme.objects.filter(programme=programme)}
    _raters(accounts, make_account)
    rater = User.objects.filter(
        role=Role.DEPARTMENT, department__code="supervision_office", is_active=True
    ).first()
    run = services.assessment_run_start(actor=office, scheme=schemes["towns"], year=year, today=today)
    if run.state == "rating" and rater is not None:
        for i, score in enumerate(
            Score.objects.filter(result__run=run, indicator__kind="rated").select_related("indicator")
        ):
            value = (
                Decimal(
                    str(max(0, min(float(score.indicator.weight) - i % 4, float(score.indicator.weight))))
                )
                if score.indicator.section == "score"
                else Decimal(i % 2)
            )
            services.score_rate(actor=rater, score=score, value=value, note="年终考核评分（演示）")
        services.run_transition(actor=office, run=run, action="close")
        services.run_transition(actor=office, run=run, action="publish")
    services.assessment_run_start(actor=office, scheme=schemes["enterprise-credit"], year=year, today=today)
    for quarter in (1, 2):
        review = services.quarterly_review_generate(
            actor=office, programme=programme, year=year, quarter=quarter, today=today
        )
        if review.state == "draft":
            services.review_confirm(actor=office, review=review)
    first_review = QuarterlyReview.objects.filter(programme=programme, year=year, quarter=2).first()
    if not SupervisionCase.objects.filter(programme=programme, rule__isnull=True).exists():
        rating = (
            first_review.ratings.filter(subject="town").order_by("-colour", "pk").first()
            if first_review
            else None
        )
        if rating is not None:
            case = _criticise(
                office,
                programme,
                first_review,
                rating,
                leader="王建国",
                deadline=today + timedelta(days=30),
                trigger={
                    "ratings": [
                        {
                            "review": first_review.pk,
                            "year": year,
                            "quarter": 2,
                            "colour": rating.colour,
                            "comment": rating.comment[:200],
                        }
                    ]
                },
            )
            reporter = User.objects.filter(role=Role.TOWN, town=rating.town, is_active=True).first()
            if reporter is not None:
                services.case_transition(
                    actor=reporter,
                    case=case,
                    action="report",
                    report_text="已逐户督促企业按时报送月报，建立周调度台账。",
                )
    _past_years(programme, office)
    if not SiteVisit.objects.filter(programme=programme, year=year).exists():
        sites = list(Nomination.objects.in_pool().filter(programme=programme, year=year).order_by("pk")[:4])
        members = [office, *User.objects.filter(role=Role.DEPARTMENT, is_active=True).order_by("pk")[:2]]
        if sites:
            visit = services.visit_create(
                actor=office,
                programme=programme,
                year=year,
                half=1,
                title=f"{year}年上半年现场观摩",
                nominations=sites,
                members=members,
                visit_on=date(year, 7, 10),
            )
            for i, site in enumerate(visit.sites.all()):
                services.visit_score(
                    actor=office, site=site, points={"progress": 30 + i, "results": 32 - i, "site": 15}
                )
    return {
        "schemes": len(schemes),
        "runs": run.scheme.runs.count(),
        "reviews": QuarterlyReview.objects.filter(programme=programme).count(),
        "cases": SupervisionCase.objects.filter(programme=programme).count(),
    }

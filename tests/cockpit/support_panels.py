"""Builders for the cockpit's panel tests: a hand-made fund (a bridge and a guarantee sub-fund of the
current programme, loans overdue in two age bands) and the assessment rows the rankings panel reads."""

from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone

PAID_IN = date(2019, 10, 8)
DISBURSED = date(2019, 12, 19)
AGED = date(2019, 12, 31)  # a 10-day loan (due 12-29) is 2 days overdue, a 5-day one (due 12-24) 7 days


def money_world(programme):
    """Bridge fund: 1亿 size, 8,000万 paid in (October 2019), two loans of 100万 lent in December 2019
    and overdue 2 and 7 days at its end (the fund is then paused by its overdue-share rule). Guarantee
    fund: 1,000万 paid in, no guarantee yet."""
    from funds.services.daily import run_daily
    from tests.factories.funds import FundFactory, funded_sub_fund
    from tests.funds.support import World

    fund = FundFactory(programme=programme)
    bridge = funded_sub_fund(kind="bridge", cash="80000000.00", fund=fund, paid_on=PAID_IN)
    guarantee = funded_sub_fund(
        kind="guarantee", cash="10000000.00", fund=fund, name="融资担保基金", paid_on=PAID_IN
    )
    first, second = World(bridge), World(bridge)
    loans = [
        first.to("disbursed", amount="1000000.00", term_days=10, on=DISBURSED),
        second.to("disbursed", amount="1000000.00", term_days=5, on=DISBURSED),
    ]
    run_daily(AGED)
    return {"bridge": bridge, "guarantee": guarantee, "worlds": [first, second], "loans": loans}


def aware(y, m, d) -> datetime:
    return timezone.make_aware(datetime(y, m, d, 10))


def published_report(programme, *, year=2019, month=6, towns=("罗庄街道",), departments=("区经信局",)):
    """A published 调度通报 whose snapshot ranks the given towns and departments (first three, last three)."""
    from assessment.models import DispatchReport

    town_rows = [{"town": t, "on_time_rate": "90.00", "entries": 3, "overdue_milestones": 0} for t in towns]
    dept_rows = [{"department": d, "overdue": 0, "pending": 1} for d in departments]
    return DispatchReport.objects.create(
        programme=programme,
        year=year,
        month=month,
        state="published",
        number_year=year,
        number=month,
        doc_number=f"罗转升办〔{year}〕{month}号",
        title=f"{year}年{month}月调度通报",
        snapshot={
            "rankings": {
                "towns_first": town_rows[:3],
                "towns_last": list(reversed(town_rows[-3:])) if len(town_rows) > 3 else [],
                "departments_first": dept_rows[:3],
                "departments_last": list(reversed(dept_rows[-3:])) if len(dept_rows) > 3 else [],
            }
        },
        generated_at=aware(year, month, 28),
        issued_on=date(year, month, 28),
        published_at=aware(year, month, 28),
    )


def confirmed_review(programme, colours: dict, *, year=2019, quarter=2):
    """A confirmed quarterly review rating each unit (town or department) with its colour."""
    from assessment.models import QuarterlyReview, ReviewRating
    from programs.models import Town

    review = QuarterlyReview.objects.create(
        programme=programme,
        year=year,
        quarter=quarter,
        state="confirmed",
        as_of=date(year, quarter * 3, 28),
        confirmed_at=aware(year, quarter * 3, 30),
    )
    for unit, colour in colours.items():
        subject = "town" if isinstance(unit, Town) else "department"
        ReviewRating.objects.create(
            review=review, subject=subject, **{subject: unit}, proposed=colour, colour=colour
        )
    return review


def open_case(programme, town, *, kind="talk", deadline=None, state="open"):
    from assessment.models import SupervisionCase

    return SupervisionCase.objects.create(
        programme=programme,
        subject="town",
        town=town,
        kind=kind,
        state=state,
        reason="连续两个季度红色",
        deadline=deadline,
    )


def published_run(programme, totals: dict):
    """A published assessment run of towns with the given totals, ranked."""
    from assessment.models import AssessmentRun, Result, Scheme

    bands = [{"code": "excellent", "name": "优秀", "min": "90"}, {"code": "poor", "name": "较差", "min": "0"}]
    scheme = Scheme.objects.create(
        programme=programme, code="towns", name="街镇考核", subject="town", bands=bands
    )
    run = AssessmentRun.objects.create(
        scheme=scheme, year=2019, state="published", published_at=aware(2020, 1, 20)
    )
    ordered = sorted(totals.items(), key=lambda kv: -kv[1])
    for rank, (town, total) in enumerate(ordered, start=1):
        Result.objects.create(
            run=run, subject="town", town=town, total=Decimal(total), rank=rank, grade_name="优秀"
        )
    return run

"""A small world for the dispatch report whose figures are computed by hand in the tests.

Programme 2019–2021 (current). Two towns: 罗庄街道 (three entries) and 傅庄街道 (one entry). Pool A led
by 区经信局 (the `department_user`'s department), pool B by 区发改局.

March 2019:
- e1 (罗庄, pool A) submitted 2019-04-03, due 2019-04-05: on time
- e2 (罗庄, pool A) submitted 2019-04-08, due 2019-04-05: late
- e3 (罗庄, pool B) due 2019-04-05, not submitted: missing
- e4 (傅庄, pool B) no due row and no report: missing
Milestones of e1's plan: m1 due 03-15 done 03-14; m2 due 03-31 in progress; m3 due 02-10 planned;
m4 due 04-20 planned; m5 due 03-20 done on 04-02.
Goal of e1 for 2019: output 1000; figures of 2019-03 output ytd: e1 official 300 (self 280), e2 self 200.
District indicator 工业投入 2019: target 2000, actual 500.
Nominations waiting for review in pool A: one submitted 20 days before TODAY, one 5 days before.
"""

from datetime import date, datetime, timedelta
from decimal import Decimal

from django.utils import timezone

from pools.models import NominationState
from reporting.models import FigureSource, MilestoneStatus, PlanGoal
from tests.factories import (
    DepartmentFactory,
    DepartmentUserFactory,
    DevelopmentPlanFactory,
    DistrictIndicatorFactory,
    EnterpriseFactory,
    FigureFactory,
    MilestoneFactory,
    NominationFactory,
    PoolEntryFactory,
    PoolFactory,
    ProgrammeFactory,
    ReportDueFactory,
    YearTargetFactory,
)

TODAY = date(2019, 4, 10)


def at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


def dispatch_world(*, town, other_town, department):
    programme = ProgrammeFactory(
        start_year=2019, end_year=2021, is_current=True, doc_number="罗发〔2016〕23号"
    )
    other_department = DepartmentFactory(code="development", name="区发改局")
    pool_a = PoolFactory(programme=programme, name="骨干型", order=1, lead_departments=[department])
    pool_b = PoolFactory(programme=programme, name="成长型", order=2, lead_departments=[other_department])

    def entry(pool, town, name):
        return PoolEntryFactory(pool=pool, year=2019, enterprise=EnterpriseFactory(town=town, name=name))

    e1 = entry(pool_a, town, "临沂一号陶瓷有限公司")
    e2 = entry(pool_a, town, "临沂二号机械有限公司")
    e3 = entry(pool_b, town, "临沂三号材料有限公司")
    e4 = entry(pool_b, other_town, "临沂四号装备有限公司")
    due = date(2019, 4, 5)
    ReportDueFactory(
        enterprise=e1.enterprise, year=2019, month=3, due_on=due, submitted_at=at(date(2019, 4, 3))
    )
    ReportDueFactory(
        enterprise=e2.enterprise, year=2019, month=3, due_on=due, submitted_at=at(date(2019, 4, 8))
    )
    ReportDueFactory(enterprise=e3.enterprise, year=2019, month=3, due_on=due)

    plan = DevelopmentPlanFactory(nomination=e1)
    MilestoneFactory(
        plan=plan,
        title="m1",
        due_on=date(2019, 3, 15),
        status=MilestoneStatus.DONE,
        done_on=date(2019, 3, 14),
    )
    MilestoneFactory(plan=plan, title="m2", due_on=date(2019, 3, 31), status=MilestoneStatus.IN_PROGRESS)
    MilestoneFactory(plan=plan, title="m3", due_on=date(2019, 2, 10))
    MilestoneFactory(plan=plan, title="m4", due_on=date(2019, 4, 20))
    MilestoneFactory(
        plan=plan, title="m5", due_on=date(2019, 3, 20), status=MilestoneStatus.DONE, done_on=date(2019, 4, 2)
    )
    PlanGoal.objects.create(plan=plan, year=2019, metric="output", target=Decimal("1000"), description="产值")

    FigureFactory(
        enterprise=e1.enterprise,
        year=2019,
        month=3,
        metric="output",
        source=FigureSource.OFFICIAL,
        value=Decimal("100"),
        ytd=Decimal("300"),
    )
    FigureFactory(
        enterprise=e1.enterprise,
        year=2019,
        month=3,
        metric="output",
        source=FigureSource.SELF,
        value=Decimal("90"),
        ytd=Decimal("280"),
    )
    FigureFactory(
        enterprise=e2.enterprise,
        year=2019,
        month=3,
        metric="output",
        source=FigureSource.SELF,
        value=Decimal("80"),
        ytd=Decimal("200"),
    )

    indicator = DistrictIndicatorFactory(programme=programme, name="工业投入")
    YearTargetFactory(indicator=indicator, year=2019, target=Decimal("2000"), actual=Decimal("500"))

    for days in (20, 5):
        NominationFactory(
            pool=pool_a,
            year=2019,
            town=town,
            state=NominationState.SUBMITTED,
            submitted_at=at(TODAY - timedelta(days=days)),
        )
    return {
        "programme": programme,
        "pools": (pool_a, pool_b),
        "entries": (e1, e2, e3, e4),
        "plan": plan,
        "other_department": other_department,
        "other_department_user": DepartmentUserFactory(username="dept_b", department=other_department),
    }


def row(rows, key, value):
    found = [r for r in rows if r[key] == value]
    assert len(found) == 1, (key, value, rows)
    return found[0]

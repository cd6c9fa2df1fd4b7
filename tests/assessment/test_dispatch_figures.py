"""The dispatch figures against the hand-computed world of tests/assessment/support.py."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessment.selectors.dispatch import dispatch_figures, time_progress
from tests.assessment.support import TODAY, row
from tests.factories import (
    DevelopmentPlanFactory,
    EnterpriseFactory,
    MilestoneFactory,
    PoolEntryFactory,
    ReportDueFactory,
)

pytestmark = pytest.mark.django_db


def figures(report_world, year=2019, month=3, today=TODAY, days=15):
    return dispatch_figures(report_world["programme"], year, month, today=today, overdue_days=days)


def test_reporting_by_town_and_pool_in_march(report_world):
    s = figures(report_world)

    assert s["reporting"]["totals"] == {
        "entries": 4,
        "on_time": 1,
        "late": 1,
        "missing": 2,
        "on_time_rate": "25.0",
    }
    luozhuang = row(s["reporting"]["by_town"], "town", "罗庄街道")
    assert (luozhuang["entries"], luozhuang["on_time"], luozhuang["late"], luozhuang["missing"]) == (
        3,
        1,
        1,
        1,
    )
    assert luozhuang["on_time_rate"] == "33.3"
    fuzhuang = row(s["reporting"]["by_town"], "town", "傅庄街道")
    assert (fuzhuang["entries"], fuzhuang["missing"], fuzhuang["on_time_rate"]) == (1, 1, "0.0")
    a = row(s["reporting"]["by_pool"], "pool", "骨干型")
    b = row(s["reporting"]["by_pool"], "pool", "成长型")
    assert (a["entries"], a["on_time"], a["late"], a["missing"]) == (2, 1, 1, 0)
    assert (b["entries"], b["on_time"], b["late"], b["missing"]) == (2, 0, 0, 2)
    statuses = {r["subject"]: r["status"] for r in s["entries"]}
    assert statuses == {
        "临沂一号陶瓷有限公司": "on_time",
        "临沂二号机械有限公司": "late",
        "临沂三号材料有限公司": "missing",
        "临沂四号装备有限公司": "missing",
    }


def test_milestones_due_done_overdue_at_the_month_end(report_world):
    s = figures(report_world)

    # due in March: m1, m2, m5; done by 31 March: m1 (m5 only on 2 April); overdue: m2, m3, m5
    assert s["milestones"]["totals"] == {"due": 3, "done": 1, "overdue": 3, "done_rate": "33.3"}
    assert {m["title"] for m in s["milestones"]["overdue"]} == {"m2", "m3", "m5"}
    assert row(s["milestones"]["by_town"], "town", "罗庄街道")["overdue"] == 3
    assert row(s["milestones"]["by_town"], "town", "傅庄街道")["overdue"] == 0
    assert row(s["milestones"]["by_pool"], "pool", "骨干型") | {} == {
        "pool_id": report_world["pools"][0].pk,
        "pool": "骨干型",
        "due": 3,
        "done": 1,
        "overdue": 3,
    }
    assert s["milestones"]["next_month_due"] == 1  # m4


def test_key_figures_against_goals_and_district_targets_with_time_progress(report_world):
    s = figures(report_world)

    output = row(s["figures"]["metrics"], "metric", "output")
    # official 300 wins over e1's self-report 280; e2 (no goal) adds 200 to the total only
    assert (output["ytd"], output["goal"], output["ytd_with_goal"], output["completion"]) == (
        "500.00",
        "1000.00",
        "300.00",
        "30.0",
    )
    assert s["figures"]["time_progress"] == "24.7"  # 90 / 365
    assert s["figures"]["district"] == [
        {
            "indicator": "工业投入",
            "unit": "万元",
            "target": "2000.00",
            "actual": "500.00",
            "completion": "25.0",
            "time_progress": "24.7",
        }
    ]


def test_reviews_waiting_beyond_the_office_days_by_department(report_world, department_user):
    s = figures(report_world)

    dept = row(s["reviews"]["by_department"], "department", department_user.department.name)
    assert (dept["pending"], dept["overdue"]) == (2, 1)
    assert row(s["reviews"]["by_department"], "department", "区发改局")["pending"] == 0
    assert [r["days"] for r in s["reviews"]["overdue"]] == [20]
    assert figures(report_world, days=3)["reviews"]["totals"] == {"pending": 2, "overdue": 2}


def test_rankings_and_problems_name_their_town_entry_or_department(report_world, department_user):
    s = figures(report_world)

    assert [r["town"] for r in s["rankings"]["towns_first"]] == ["罗庄街道", "傅庄街道"]
    assert s["rankings"]["departments_first"][0]["department"] == "区发改局"  # nothing overdue
    texts = [p["text"] for p in s["problems"]]
    assert "傅庄街道有1个入库对象未报送月报" in texts
    assert "临沂一号陶瓷有限公司（罗庄街道）的节点“m2”计划2019-03-31完成，逾期未完成" in texts
    assert f"{department_user.department.name}有1件入库申报超过15天未审核" in texts


def test_a_month_without_reports(report_world):
    s = figures(report_world, month=1, today=date(2019, 2, 10))

    assert s["reporting"]["totals"] == {
        "entries": 4,
        "on_time": 0,
        "late": 0,
        "missing": 4,
        "on_time_rate": "0.0",
    }
    assert s["milestones"]["totals"] == {"due": 0, "done": 0, "overdue": 0, "done_rate": None}
    assert s["figures"]["metrics"] == [
        {
            "metric": "output",
            "label": "产值",
            "ytd": None,
            "goal": "1000.00",
            "goals": 1,
            "ytd_with_goal": None,
            "completion": None,
            "time_progress": "8.5",
        }
    ]


def test_the_year_end(report_world):
    s = figures(report_world, month=12, today=date(2020, 1, 10))

    assert s["figures"]["time_progress"] == "100.0"
    # at 31 December: m2, m3, m4 not done; m5 done on 2 April
    assert s["milestones"]["totals"]["overdue"] == 3
    assert s["milestones"]["totals"]["due"] == 0
    assert s["reporting"]["totals"]["missing"] == 4


def test_time_progress_counts_the_leap_day():
    assert time_progress(2020, 2) == Decimal("16.4")  # 60 / 366
    assert time_progress(2019, 2) == Decimal("16.2")  # 59 / 365
    assert time_progress(2019, 12) == Decimal("100.0")


def _more_entries(report_world, town, n):
    pool = report_world["pools"][0]
    for i in range(n):
        e = PoolEntryFactory(pool=pool, year=2019, enterprise=EnterpriseFactory(town=town))
        ReportDueFactory(enterprise=e.enterprise, year=2019, month=3)
        MilestoneFactory(plan=DevelopmentPlanFactory(nomination=e), due_on=date(2019, 3, 1 + i % 28))


def test_the_query_count_does_not_grow_with_entries(report_world, town):
    with CaptureQueriesContext(connection) as small:
        first = figures(report_world)
    _more_entries(report_world, town, 12)
    with CaptureQueriesContext(connection) as large:
        second = figures(report_world)

    assert second["reporting"]["totals"]["entries"] == first["reporting"]["totals"]["entries"] + 12
    assert len(large) == len(small)
    assert len(small) <= 16

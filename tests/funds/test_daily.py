"""The daily task: overdue, ageing, penalty, one credit record, pause and resume; idempotent."""

from datetime import date
from decimal import Decimal

import pytest

from credit.models import CreditRecord
from funds.models import BridgeLoanState, JournalEntry
from funds.selectors import balances
from funds.services import bridge as svc
from funds.services.daily import run_daily
from funds.tasks import daily_task

from .support import World

pytestmark = pytest.mark.django_db
DISBURSED = date(2026, 11, 1)  # term 10 days: due 2026-11-11


@pytest.fixture
def overdue_world(funds):
    w = World(funds["bridge"])
    loan = w.to("disbursed", amount="1000000.00", term_days=10, on=DISBURSED)
    assert loan.due_on == date(2026, 11, 11)
    return w, loan


def test_not_yet_due_is_left_alone(overdue_world):
    _w, loan = overdue_world
    assert not run_daily(date(2026, 11, 11)).changed
    loan.refresh_from_db()
    assert loan.state == BridgeLoanState.DISBURSED


@pytest.mark.parametrize(
    "today, days, age",
    [
        (date(2026, 11, 12), 1, "1-3"),
        (date(2026, 11, 14), 3, "1-3"),
        (date(2026, 11, 15), 4, "4-10"),
        (date(2026, 11, 21), 10, "4-10"),
        (date(2026, 11, 22), 11, ">10"),
    ],
)
def test_overdue_loans_are_aged(overdue_world, today, days, age):
    _w, loan = overdue_world
    run_daily(today)
    loan.refresh_from_db()
    assert loan.state == BridgeLoanState.OVERDUE
    assert (loan.overdue_days, loan.overdue_age) == (days, age)
    # 0.5‰ a day of 1,000,000 = 500.00 a day
    assert loan.penalty_accrued == Decimal(500) * days
    assert balances(loan.sub_fund)["penalty_income"] == Decimal(500) * days


def test_penalty_accrues_across_runs_without_double_counting(overdue_world):
    _w, loan = overdue_world
    for day in (12, 13, 13, 15, 15):
        run_daily(date(2026, 11, day))
    loan.refresh_from_db()
    assert loan.penalty_accrued == Decimal("2000.00")  # 4 days
    assert JournalEntry.objects.filter(kind="penalty", object_id=loan.pk).count() == 3


def test_one_credit_record_after_the_grace_period_however_often_it_runs(overdue_world):
    w, loan = overdue_world
    run_daily(date(2026, 11, 14))  # 3 days: within the grace period
    assert not CreditRecord.objects.filter(enterprise=w.enterprise).exists()
    for _ in range(3):
        run_daily(date(2026, 11, 15))  # 4 days: past it
    run_daily(date(2026, 11, 20))
    records = CreditRecord.objects.filter(enterprise=w.enterprise)
    assert records.count() == 1
    record = records.get()
    assert record.kind.code == "bridge_overdue"
    assert record.source_department.code == "fund_manager"
    assert record.occurred_on == date(2026, 11, 15)
    loan.refresh_from_db()
    assert loan.credit_record_id == record.pk
    assert w.enterprise.credit_status.rating is not None  # re-rated by the credit services


def test_second_run_does_nothing(overdue_world):
    first = run_daily(date(2026, 11, 16))
    assert first.overdue_marked == 1 and first.penalties_posted == 1 and first.credit_records == 1
    entries = JournalEntry.objects.count()
    second = run_daily(date(2026, 11, 16))
    assert not second.changed
    assert JournalEntry.objects.count() == entries


def test_the_fund_pauses_above_the_overdue_limit_and_resumes_below(overdue_world):
    w, loan = overdue_world
    summary = run_daily(date(2026, 11, 12))
    assert summary.paused == ["bridge"]
    w.sub_fund.refresh_from_db()
    assert w.sub_fund.paused and w.sub_fund.paused_by_rule
    assert "逾期余额占在贷余额" in w.sub_fund.paused_reason
    loan = svc.bridge_repay(actor=w.bank_user, loan=loan, repaid_on=date(2026, 11, 13))
    assert loan.penalty_accrued == Decimal("1000.00")  # 2 days to the repayment
    summary = run_daily(date(2026, 11, 14))
    assert summary.resumed == ["bridge"]
    w.sub_fund.refresh_from_db()
    assert not w.sub_fund.paused
    assert balances(w.sub_fund)["receivables"] == 0


def test_a_pause_by_the_agency_is_not_lifted_by_the_task(overdue_world):
    from funds.services.funds import set_paused

    w, _loan = overdue_world
    set_paused(sub_fund=w.sub_fund, paused=True, reason="基金管理机构暂停")
    run_daily(date(2026, 11, 11))
    w.sub_fund.refresh_from_db()
    assert w.sub_fund.paused


def test_the_celery_task_runs_the_same(overdue_world):
    result = daily_task.apply(kwargs={"today": "2026-11-12"}).get()
    assert result["overdue_marked"] == 1

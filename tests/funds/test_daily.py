"""The daily task: overdue, ageing, penalty, one credit record, pause and resume; idempotent."""

from datetime import date, timedelta
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


def _falling_due(w, count, *, due_on):
    """`count` disbursed loans of the world's enterprise, due on `due_on` (made directly)."""
    from funds.models import BridgeLoan

    disbursed = due_on - timedelta(days=10)
    return BridgeLoan.objects.bulk_create(
        [
            BridgeLoan(
                sub_fund=w.sub_fund,
                enterprise=w.enterprise,
                town=w.enterprise.town,
                bank=w.bank,
                applied_by=w.town_user,
                amount=Decimal("100000.00"),
                approved_amount=Decimal("100000.00"),
                term_days=10,
                loan_amount=Decimal("100000.00"),
                loan_due_on=disbursed,
                renewal_amount=Decimal("200000.00"),
                renewal_on=disbursed,
                state=BridgeLoanState.DISBURSED,
                decided_by=w.approver,
                disbursed_by=w.payer,
                disbursed_on=disbursed,
                due_on=due_on,
            )
            for _ in range(count)
        ]
    )


def test_the_queries_do_not_grow_with_the_loans_falling_due(funds, django_assert_max_num_queries):
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from core.audit import verify_chain
    from core.models import AuditLog
    from funds.models import BridgeLoanEvent

    # given 2 loans falling due two days ago (within the 3-day grace period), run once
    w = World(funds["bridge"])
    today = date(2026, 11, 20)
    _falling_due(w, 2, due_on=date(2026, 11, 18))
    ContentType.objects.clear_cache()
    with CaptureQueriesContext(connection) as two:
        assert run_daily(today).overdue_marked == 2
    # when 20 more fall due the same way and the task runs again the same day
    loans = _falling_due(w, 20, due_on=date(2026, 11, 18))
    audit_rows = AuditLog.objects.count()
    ContentType.objects.clear_cache()
    with django_assert_max_num_queries(len(two.captured_queries)) as twenty:
        summary = run_daily(today)
    # then it takes the same number of queries, and each loan got its move, its event and its penalty
    assert len(twenty.captured_queries) == len(two.captured_queries)
    assert (summary.overdue_marked, summary.penalties_posted, summary.credit_records) == (20, 20, 0)
    pks = [loan.pk for loan in loans]
    assert BridgeLoanEvent.objects.filter(loan_id__in=pks, action="overdue", actor=None).count() == 20
    assert JournalEntry.objects.filter(kind="penalty", object_id__in=pks).count() == 20
    assert AuditLog.objects.count() - audit_rows == 40  # 20 moves, 20 entries
    assert verify_chain().ok  # the rows written together are chained one by one
    for loan in BridgeLoanEvent.objects.filter(loan_id__in=pks).select_related("loan"):
        assert (loan.loan.state, loan.loan.overdue_days, loan.loan.penalty_accrued) == (
            BridgeLoanState.OVERDUE,
            2,
            Decimal("100.00"),  # 0.5‰ a day of 100,000 for 2 days
        )
    assert balances(w.sub_fund)["penalty_income"] == Decimal("2200.00")  # 22 loans × 100.00


def _each_its_enterprise(loans):
    """The loans moved to an enterprise each, of the same town (each gets its own first rating)."""
    from funds.models import BridgeLoan
    from tests.factories import EnterpriseFactory

    for loan in loans:
        loan.enterprise = EnterpriseFactory(town=loan.town, industry=loan.enterprise.industry)
    BridgeLoan.objects.bulk_update(loans, ["enterprise"])
    return loans


def test_the_queries_do_not_grow_with_the_credit_records_due(funds):
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from core.audit import verify_chain
    from core.models import AuditLog

    # given 2 loans due ten days ago (past the 3-day grace period), run once
    w = World(funds["bridge"])
    today = date(2026, 11, 20)
    _each_its_enterprise(_falling_due(w, 2, due_on=date(2026, 11, 10)))
    ContentType.objects.clear_cache()
    with CaptureQueriesContext(connection) as two:
        assert run_daily(today).credit_records == 2
    # when 20 more are due the same way and the task runs again the same day
    loans = _each_its_enterprise(_falling_due(w, 20, due_on=date(2026, 11, 10)))
    audit_rows = AuditLog.objects.count()
    ContentType.objects.clear_cache()
    with CaptureQueriesContext(connection) as twenty:
        summary = run_daily(today)
    # then it takes no more queries (the record kinds' categories are cached by then), and each loan
    # got its one record, audited
    assert len(twenty.captured_queries) <= len(two.captured_queries)
    assert summary.credit_records == 20
    records = CreditRecord.objects.filter(document_ref__in=[f"过桥资金-{loan.pk}" for loan in loans])
    assert records.count() == 20
    assert AuditLog.objects.filter(action="create", object_id__in=[str(r.pk) for r in records]).count() == 20
    assert AuditLog.objects.count() > audit_rows
    assert verify_chain().ok
    assert all(loan.enterprise.credit_status.rating is not None for loan in loans)  # re-rated


def test_a_batch_move_is_all_or_nothing(funds):
    from core.exceptions import Conflict
    from funds.models import BridgeLoan, BridgeLoanEvent
    from funds.workflow import BRIDGE_LOANS

    # given a loan falling due and one still at its application
    w = World(funds["bridge"])
    (due,) = _falling_due(w, 1, due_on=date(2026, 11, 18))
    applied = w.apply()
    # when both are marked overdue in one batch, it is refused with the state of the second
    with pytest.raises(Conflict, match="不能逾期"):
        BRIDGE_LOANS.fire_many([applied.pk, due.pk], action="overdue", actor=None)
    # and nothing moved
    assert BridgeLoan.objects.get(pk=due.pk).state == BridgeLoanState.DISBURSED
    assert not BridgeLoanEvent.objects.filter(loan=due).exists()


def test_loans_beyond_one_batch_are_all_run_once(funds, monkeypatch):
    from funds.services import daily

    # given 7 loans falling due, taken 3 to a transaction
    monkeypatch.setattr(daily, "BATCH", 3)
    w = World(funds["bridge"])
    loans = _falling_due(w, 7, due_on=date(2026, 11, 18))
    # when the task runs twice the same day
    first = run_daily(date(2026, 11, 20))
    second = run_daily(date(2026, 11, 20))
    # then every loan is overdue with its one penalty entry, and the second run changed nothing
    assert (first.overdue_marked, first.penalties_posted) == (7, 7)
    assert not second.changed
    pks = [loan.pk for loan in loans]
    assert JournalEntry.objects.filter(kind="penalty", object_id__in=pks).count() == 7
    assert set(
        daily.BridgeLoan.objects.filter(pk__in=pks).values_list("state", "overdue_days", "penalty_through")
    ) == {(BridgeLoanState.OVERDUE, 2, date(2026, 11, 20))}

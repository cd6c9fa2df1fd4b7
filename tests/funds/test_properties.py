"""Ledger invariants as properties: any sequence of disbursements, repayments and overdue days keeps
every entry balanced, cash available ≥ 0, the balance rows equal to the lines, and the trial balance
equal to what the loans say."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.exceptions import Conflict
from funds.models import AccountBalance, BridgeLoan, BridgeLoanState, JournalLine
from funds.selectors import balances, trial_balance, trial_balance_totals
from funds.services import bridge as svc
from funds.services.daily import run_daily

from .support import World, approved_loan

pytestmark = pytest.mark.django_db
START = date(2025, 3, 1)

amounts = st.integers(min_value=1, max_value=200).map(lambda n: Decimal(n) * 100000)  # 0.1–20 million
operations = st.lists(
    st.one_of(
        st.tuples(st.just("approve"), amounts, st.integers(min_value=1, max_value=15)),
        st.tuples(st.just("disburse"), st.integers(min_value=0, max_value=30)),
        st.tuples(st.just("repay"), st.integers(min_value=0, max_value=30)),
        st.tuples(st.just("days"), st.integers(min_value=1, max_value=9)),
    ),
    min_size=1,
    max_size=14,
)


def _sum(queryset, field):
    return queryset.aggregate(total=Sum(field))["total"] or Decimal(0)


def _check_invariants(sub_fund):
    # every entry balanced
    per_entry = (
        JournalLine.objects.filter(entry__sub_fund=sub_fund)
        .values("entry_id")
        .annotate(dr=Sum("debit"), cr=Sum("credit"))
    )
    assert all(row["dr"] == row["cr"] for row in per_entry)
    now = balances(sub_fund)
    assert now["cash"] >= 0
    # balance rows equal the lines
    rows = {r.code: r for r in trial_balance(sub_fund)}
    for b in AccountBalance.objects.filter(sub_fund=sub_fund):
        assert (b.debit_total, b.credit_total, b.balance) == (
            rows[b.code].debit_total,
            rows[b.code].credit_total,
            rows[b.code].balance,
        ), b.code
    debits, credits = trial_balance_totals(list(rows.values()))
    assert debits == credits
    # the trial balance equals the business objects
    loans = BridgeLoan.objects.filter(sub_fund=sub_fund)
    outstanding = loans.filter(state__in=[BridgeLoanState.DISBURSED, BridgeLoanState.OVERDUE])
    assert now["loans_outstanding"] == _sum(outstanding, "approved_amount")
    assert now["fee_income"] == _sum(loans.filter(state=BridgeLoanState.REPAID), "fee")
    assert now["penalty_income"] == _sum(loans, "penalty_accrued")
    assert now["receivables"] == _sum(outstanding, "penalty_accrued")
    assert now["cash"] == (
        now["capital_paid_in"]
        - now["loans_outstanding"]
        + now["fee_income"]
        + now["penalty_income"]
        - now["receivables"]
    )


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ops=operations)
def test_any_sequence_keeps_the_books(funds, ops):
    with transaction.atomic():
        world = World(funds["bridge"])
        today = START
        approved, disbursed = [], []
        for op in ops:
            if op[0] == "approve":
                approved.append(approved_loan(world, op[1], term_days=op[2]))
            elif op[0] == "disburse" and approved:
                loan = approved.pop(op[1] % len(approved))
                try:
                    disbursed.append(svc.bridge_disburse(actor=world.payer, loan=loan, on=today))
                except ValidationError as exc:
                    assert "可用资金余额不足" in " ".join(exc.messages)
                except Conflict as exc:  # paused by the overdue rule
                    assert "暂停" in exc.message
            elif op[0] == "repay" and disbursed:
                loan = disbursed.pop(op[1] % len(disbursed))
                svc.bridge_repay(actor=world.bank_user, loan=loan, repaid_on=today, renewed_on=today)
            elif op[0] == "days":
                today += timedelta(days=op[1])
                run_daily(today)
            _check_invariants(world.sub_fund)
        transaction.set_rollback(True)

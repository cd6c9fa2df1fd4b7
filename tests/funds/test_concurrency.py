"""50 disbursements at the same instant, each on its own PostgreSQL connection, against a fund that
affords only some: the accepted ones fit exactly, none overdraws, each accepted one is in the ledger
once, each refused one says why. And two agency users disbursing the same loan: one wins."""

import random
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from core.exceptions import Conflict
from funds.models import BridgeLoan, BridgeLoanState, JournalEntry
from funds.selectors import balances
from funds.services import bridge as svc

from .support import World, agency, approved_loan

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
THREADS = 50


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")


def _race(calls):
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(i, fn):
        try:
            barrier.wait(timeout=30)
            fn()
            outcomes[i] = "ok"
        except (ValidationError, Conflict) as exc:
            outcomes[i] = exc
        except Exception as exc:  # noqa: BLE001 — reported by the assertions
            outcomes[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, fn)) for i, fn in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a disbursement hung"
    return outcomes


def test_fifty_parallel_disbursements_never_overdraw(funds):
    world = World(funds["bridge"])
    cash = balances(world.sub_fund)["cash"]
    rng = random.Random(50)
    loans = [
        approved_loan(world, Decimal(rng.randint(10, 30)) * 100000) for _ in range(THREADS)
    ]  # 1–3 million
    assert sum(loan.approved_amount for loan in loans) > cash  # the fund affords only some
    payers = [agency(f"payer_race_{i}") for i in range(4)]
    outcomes = _race(
        [
            lambda loan=loan, i=i: svc.bridge_disburse(actor=payers[i % 4], loan=loan)
            for i, loan in enumerate(loans)
        ]
    )
    accepted = [loan for loan, o in zip(loans, outcomes, strict=True) if o == "ok"]
    refused = [(loan, o) for loan, o in zip(loans, outcomes, strict=True) if o != "ok"]
    assert accepted and refused
    left = balances(world.sub_fund)["cash"]
    # fit exactly: what went out is what the accepted loans took, and nothing overdrew
    assert left >= 0
    assert sum(loan.approved_amount for loan in accepted) == cash - left
    assert balances(world.sub_fund)["loans_outstanding"] == cash - left
    # each refused one says why, and would not have fitted in what is left
    for loan, outcome in refused:
        assert isinstance(outcome, ValidationError), outcome
        assert "可用资金余额不足" in " ".join(outcome.messages)
        assert loan.approved_amount > left
    # each accepted one is in the ledger once, and its state says so
    for loan in accepted:
        assert JournalEntry.objects.filter(kind="disburse", object_id=loan.pk).count() == 1
    states = dict(BridgeLoan.objects.filter(pk__in=[loan.pk for loan in loans]).values_list("pk", "state"))
    assert {states[loan.pk] for loan in accepted} == {BridgeLoanState.DISBURSED}
    assert {states[loan.pk] for loan, _o in refused} == {BridgeLoanState.APPROVED}


def test_two_payers_disbursing_the_same_loan(funds):
    world = World(funds["bridge"])
    loan = approved_loan(world, Decimal("1000000.00"))
    other = agency("payer_other")
    outcomes = _race(
        [
            lambda: svc.bridge_disburse(actor=world.payer, loan=loan),
            lambda: svc.bridge_disburse(actor=other, loan=loan),
        ]
    )
    assert sorted(o == "ok" for o in outcomes) == [False, True]
    loser = next(o for o in outcomes if o != "ok")
    assert isinstance(loser, Conflict) and "已拨付" in loser.message
    assert JournalEntry.objects.filter(kind="disburse", object_id=loan.pk).count() == 1

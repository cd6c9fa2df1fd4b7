"""50 guarantee approvals at the same instant, each on its own PostgreSQL connection, against an
amplification cap that admits only 20 of them: the sub-fund's row lock lets them through one at a
time, so the accepted ones fit the cap exactly, each has its fee in the ledger once, and every
refused one says why."""

import threading
from decimal import Decimal

import pytest
from django.db import connection, connections

from core.exceptions import Conflict
from funds.models import JournalEntry
from funds.models.guarantees import Guarantee, GuaranteeState
from funds.selectors_guarantees import net_capital, outstanding_exposure_of
from funds.services import guarantees as services

from .support_guarantees import apply, assert_ledger_sound, bank_user, pool_enterprise, set_params

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
N = 50


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")


def test_fifty_parallel_approvals_fit_the_cap_exactly(programme, funds, agency_user, second_agency_user):
    # given 放大倍数 0.04 of 200,000,000 元 net capital = 8,000,000 元, and 50 applications of
    # 500,000 元 at 80% (400,000 元 of exposure each, no fee): exactly 20 fit
    fund = set_params(funds["guarantee"], amplification_cap="0.04")
    bank = bank_user()
    limit = (net_capital(fund) * Decimal("0.04")).quantize(Decimal("0.01"))
    assert limit == Decimal("8000000.00")
    guarantees = [apply(bank, fund, pool_enterprise(programme), "500000.00", fee_rate="0") for _ in range(N)]
    barrier = threading.Barrier(N)
    outcomes: dict[int, object] = {}

    def run(guarantee, actor):
        try:
            barrier.wait(timeout=30)
            services.guarantee_transition(actor=actor, guarantee=guarantee, action="approve")
            outcomes[guarantee.pk] = "ok"
        except Exception as exc:  # reported by the assertions below
            outcomes[guarantee.pk] = exc
        finally:
            connections.close_all()

    # when two agency officials approve all fifty at once
    threads = [
        threading.Thread(target=run, args=(g, agency_user if i % 2 else second_agency_user))
        for i, g in enumerate(guarantees)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "an approval hung"

    # then exactly 20 are accepted and their exposure is the cap to the cent
    accepted = [pk for pk, o in outcomes.items() if o == "ok"]
    refused = {pk: o for pk, o in outcomes.items() if o != "ok"}
    assert len(accepted) == 20, {pk: repr(o) for pk, o in refused.items() if not isinstance(o, Conflict)}
    assert outstanding_exposure_of(fund) == limit
    assert set(Guarantee.objects.filter(state=GuaranteeState.ACTIVE).values_list("pk", flat=True)) == set(
        accepted
    )
    # and each refused one is a conflict naming the cap, left as it was
    assert len(refused) == N - 20 and all(isinstance(o, Conflict) for o in refused.values())
    assert all("0.04 倍" in o.message and "8000000.00" in o.message for o in refused.values())
    assert Guarantee.objects.filter(pk__in=refused, state=GuaranteeState.SUBMITTED).count() == N - 20
    assert JournalEntry.objects.filter(sub_fund=fund, kind="guarantee_fee").count() == 0  # no fee asked
    assert_ledger_sound(fund)


def test_parallel_approvals_with_fees_book_each_fee_once(programme, funds, agency_user, second_agency_user):
    # given ten applications with a fee and room for all of them
    fund = funds["guarantee"]
    bank = bank_user()
    guarantees = [apply(bank, fund, pool_enterprise(programme), "100000.00") for _ in range(10)]
    barrier = threading.Barrier(len(guarantees) * 2)
    outcomes: list = []

    def run(guarantee, actor):
        try:
            barrier.wait(timeout=30)
            services.guarantee_transition(actor=actor, guarantee=guarantee, action="approve")
            outcomes.append("ok")
        except Exception as exc:
            outcomes.append(exc)
        finally:
            connections.close_all()

    # when each is approved twice at once, by two officials
    threads = [
        threading.Thread(target=run, args=(g, who))
        for g in guarantees
        for who in (agency_user, second_agency_user)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    # then each is approved once (the second sees it active: 409) and its fee is in the ledger once
    assert outcomes.count("ok") == 10
    assert all(isinstance(o, Conflict) for o in outcomes if o != "ok")
    assert JournalEntry.objects.filter(sub_fund=fund, kind="guarantee_fee").count() == 10
    assert_ledger_sound(fund)

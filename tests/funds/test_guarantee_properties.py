"""Ledger invariants of the guarantee business as properties (hypothesis): random sequences of
applications and approvals, releases, claims, payments and recoveries keep the exposure within both
caps, cash ≥ 0, every entry balanced, and the ledger equal to the business rows (fees, compensation,
recoveries)."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.exceptions import Conflict
from funds.models.guarantees import ClaimState, Guarantee, GuaranteeClaim, GuaranteeRecovery, GuaranteeState
from funds.selectors_guarantees import net_capital, outstanding_exposure_of
from funds.services import guarantees as services

from .support_guarantees import apply, assert_ledger_sound, balance, bank_user, pool_enterprise, set_params

pytestmark = pytest.mark.django_db

SHARES = [("0.2", "0.8", "0"), ("0.3", "0.6", "0.1"), ("0.25", "0.65", "0.1"), ("0.5", "0.5", "0")]
operation = st.one_of(
    st.tuples(
        st.just("approve"),
        st.integers(0, 3),  # borrower
        st.integers(1, 800_000_000),  # principal in cents
        st.sampled_from(SHARES),
        st.sampled_from(["0", "0.005", "0.01"]),
    ),
    st.tuples(st.just("release"), st.integers(0, 30)),
    st.tuples(st.just("claim"), st.integers(0, 30), st.integers(1, 100)),  # outstanding % of principal
    st.tuples(st.just("pay"), st.integers(0, 30)),
    st.tuples(st.just("decline"), st.integers(0, 30)),
    st.tuples(st.just("recover"), st.integers(0, 30), st.integers(1, 100_000_000)),
)


def _pick(fund, state, index):
    rows = list(Guarantee.objects.filter(fund=fund, state=state).order_by("pk"))
    return rows[index % len(rows)] if rows else None


def _run(op, fund, bank, agency, borrowers):
    kind = op[0]
    if kind == "approve":
        _k, who, cents, (bank_share, fund_share, other_share), fee = op
        guarantee = apply(
            bank,
            fund,
            borrowers[who],
            str(Decimal(cents) / 100),
            fee_rate=fee,
            bank_share=bank_share,
            fund_share=fund_share,
            other_share=other_share,
        )
        services.guarantee_transition(actor=agency, guarantee=guarantee, action="approve")
    elif kind == "release" and (g := _pick(fund, GuaranteeState.ACTIVE, op[1])):
        services.guarantee_transition(actor=bank, guarantee=g, action="release")
    elif kind == "claim" and (g := _pick(fund, GuaranteeState.ACTIVE, op[1])):
        outstanding = (g.principal * op[2] / 100).quantize(Decimal("0.01")) or Decimal("0.01")
        services.guarantee_transition(
            actor=bank,
            guarantee=g,
            action="claim",
            default_on=date(2025, 6, 1),
            outstanding_principal=outstanding,
        )
    elif kind == "pay" and (g := _pick(fund, GuaranteeState.CLAIMED, op[1])):
        services.guarantee_transition(actor=agency, guarantee=g, action="pay")
    elif kind == "decline" and (g := _pick(fund, GuaranteeState.CLAIMED, op[1])):
        services.guarantee_transition(actor=agency, guarantee=g, action="decline", comment="材料不全")
    elif kind == "recover" and (g := _pick(fund, GuaranteeState.COMPENSATED, op[1])):
        services.recovery_record(actor=agency, guarantee=g, amount=Decimal(op[2]) / 100)


def _check_invariants(fund):
    net = net_capital(fund)
    exposure = outstanding_exposure_of(fund)
    assert exposure >= 0
    assert balance(fund, "cash") >= 0
    assert_ledger_sound(fund)
    fees = (
        Guarantee.objects.filter(
            fund=fund,
            decided_at__isnull=False,
            state__in=[
                GuaranteeState.ACTIVE,
                GuaranteeState.CLAIMED,
                GuaranteeState.RELEASED,
                GuaranteeState.COMPENSATED,
            ],
        ).aggregate(s=Sum("fee_amount"))["s"]
        or 0
    )
    assert balance(fund, "fee_income") == fees
    paid = GuaranteeClaim.objects.filter(guarantee__fund=fund, state=ClaimState.PAID).aggregate(
        s=Sum("fund_amount")
    )["s"]
    assert balance(fund, "compensation_paid") == (paid or 0)
    recovered = GuaranteeRecovery.objects.filter(claim__guarantee__fund=fund).aggregate(s=Sum("fund_amount"))[
        "s"
    ]
    assert balance(fund, "recoveries") == (recovered or 0)
    for claim in GuaranteeClaim.objects.filter(guarantee__fund=fund):
        assert claim.fund_amount + claim.bank_amount + claim.other_amount == claim.outstanding_principal
    return net, exposure


@pytest.fixture
def world(programme, funds, agency_user):
    # a small cap so that refusals happen: 放大倍数 0.05 → 10,000,000 元; 单户 1% → 2,000,000 元
    fund = set_params(funds["guarantee"], amplification_cap="0.05", single_borrower_share="0.01")
    return fund, bank_user(), agency_user, [pool_enterprise(programme) for _ in range(4)]


@given(operations=st.lists(operation, min_size=1, max_size=25))
@settings(
    max_examples=25,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_random_sequences_keep_the_caps_cash_and_balance(world, operations):
    fund, bank, agency, borrowers = world
    with transaction.atomic():
        for op in operations:
            net_before, exposure_before = net_capital(fund), outstanding_exposure_of(fund)
            try:
                with transaction.atomic():
                    _run(op, fund, bank, agency, borrowers)
            except (Conflict, ValidationError):
                # a refused move changes nothing
                assert (net_capital(fund), outstanding_exposure_of(fund)) == (net_before, exposure_before)
                _check_invariants(fund)
                continue
            _net, exposure = _check_invariants(fund)
            if op[0] == "approve":
                # an accepted approval fits both caps against the net capital it was checked with
                assert exposure <= (net_before * Decimal("0.05")).quantize(Decimal("0.01"))
                mine = outstanding_exposure_of(fund, enterprise_id=borrowers[op[1]].pk)
                assert mine <= (net_before * Decimal("0.01")).quantize(Decimal("0.01"))
        transaction.set_rollback(True)

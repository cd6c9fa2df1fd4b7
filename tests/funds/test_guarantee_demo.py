"""The guarantee demo (portal/demo_guarantees.py, run by seed_demo after the funds demo): guarantees in
every state, a compensation with its recovery, a co-investment with a call and a distribution; a
second run adds nothing; the books stay sound."""

import pytest

from funds.models import CapitalCall, Distribution, GuidanceInvestment, JournalEntry
from funds.models.guarantees import Guarantee, GuaranteeRecovery, GuaranteeState
from portal.demo_guarantees import seed_guarantees

from .support_guarantees import assert_ledger_sound, bank_user, pool_enterprise

pytestmark = pytest.mark.django_db


def test_the_demo_fills_every_state_once(programme, funds, agency_user):
    for code in ("abc_luozhuang", "icbc_luozhuang", "ccb_luozhuang"):
        bank_user(code)
    for _ in range(7):
        pool_enterprise(programme)
    made = seed_guarantees([], "", "")
    assert made["guarantees"] == 6 and made["investments"] == 1
    # the programme's years (2017–2019): two a year, begun and ended within the programme, one compensated
    assert made["history"] == 6
    history = Guarantee.objects.filter(loan_contract__startswith="DEMO-H-")
    assert {g.loan_start.year for g in history} == set(programme.years)
    assert {g.state for g in history} == {GuaranteeState.RELEASED, GuaranteeState.COMPENSATED}
    states = set(Guarantee.objects.values_list("state", flat=True))
    assert states == {
        GuaranteeState.SUBMITTED,
        GuaranteeState.ACTIVE,
        GuaranteeState.RELEASED,
        GuaranteeState.CLAIMED,
        GuaranteeState.COMPENSATED,
    }
    assert GuaranteeRecovery.objects.count() == 1
    assert (
        GuidanceInvestment.objects.count() == CapitalCall.objects.count() == Distribution.objects.count() == 1
    )
    entries = JournalEntry.objects.count()
    again = seed_guarantees([], "", "")
    assert again["guarantees"] == again["investments"] == again["history"] == 0
    assert JournalEntry.objects.count() == entries
    for sub_fund in funds.values():
        assert_ledger_sound(sub_fund)

"""The bridge-loan and guarantee lists' filters: each narrows the rows to exactly those it names, and
no filter is all that the reader may see."""

import pytest

from funds.models import BridgeLoanState
from funds.selectors import bridge_loans_for
from funds.selectors_guarantees import guarantees_for
from tests.factories import BankUserFactory

from .support import World
from .support_guarantees import apply, bank_user, pool_enterprise

pytestmark = pytest.mark.django_db


def pks(rows):
    return {row.pk for row in rows}


def test_bridge_loans_by_state_bank_town_and_name(funds):
    first = World(funds["bridge"])
    second = World(funds["bridge"], bank_user=BankUserFactory())
    applied = first.apply()
    recommended = second.to("recommended")
    reader = first.approver
    assert pks(bridge_loans_for(reader)) == {applied.pk, recommended.pk}
    assert pks(bridge_loans_for(reader, state=BridgeLoanState.APPLIED)) == {applied.pk}
    assert pks(bridge_loans_for(reader, state=BridgeLoanState.RECOMMENDED)) == {recommended.pk}
    assert pks(bridge_loans_for(reader, bank=second.bank)) == {recommended.pk}
    assert pks(bridge_loans_for(reader, town=first.enterprise.town)) == {
        loan.pk for loan in (applied, recommended) if loan.town_id == first.enterprise.town_id
    }
    assert pks(bridge_loans_for(reader, q=second.enterprise.name)) == {recommended.pk}
    assert pks(bridge_loans_for(reader, bank=first.bank, state=BridgeLoanState.RECOMMENDED)) == set()
    # a town reads its own town's loans, and a filter never widens that
    assert pks(bridge_loans_for(first.town_user, bank=second.bank)) == (
        {recommended.pk} if first.enterprise.town_id == second.enterprise.town_id else set()
    )


def test_guarantees_by_state_bank_enterprise_fund_and_search(programme, funds, agency_user):
    fund = funds["guarantee"]
    abc, icbc = bank_user("abc_luozhuang"), bank_user("icbc_luozhuang")
    one, two = (
        pool_enterprise(programme, name="甲光电有限公司"),
        pool_enterprise(programme, name="乙机械有限公司"),
    )
    submitted = apply(abc, fund, one, "1000000.00")
    draft = apply(abc, fund, two, "2000000.00", submit=False)
    other_bank = apply(icbc, fund, two, "3000000.00")
    # the agency reads what banks submitted; a bank reads its own, drafts included
    seen = pks(guarantees_for(agency_user))
    assert {submitted.pk, other_bank.pk} <= seen
    assert pks(guarantees_for(agency_user, bank=icbc.bank_id)) == {other_bank.pk}
    assert pks(guarantees_for(agency_user, enterprise=one.pk)) == {submitted.pk}
    assert pks(guarantees_for(agency_user, fund=fund, q="甲光电")) == {submitted.pk}
    assert pks(guarantees_for(agency_user, q=other_bank.loan_contract)) == {other_bank.pk}
    assert pks(guarantees_for(abc)) == {submitted.pk, draft.pk}
    assert pks(guarantees_for(abc, state=draft.state)) == {draft.pk}
    assert pks(guarantees_for(abc, state=submitted.state)) == {submitted.pk}
    assert pks(guarantees_for(abc, bank=icbc.bank_id)) == set()

"""The docking lists' filters: each narrows the rows to exactly those it names, and no filter is all
that the user may see (the lists of meetings, intentions and green-channel applications)."""

from decimal import Decimal

import pytest

from docking import selectors, services
from docking.models import ApplicationState, IntentionState, MeetingState

from .support import application, days_ago, make_world

pytestmark = pytest.mark.django_db


def pks(rows):
    return {row.pk for row in rows}


@pytest.fixture
def world():
    return make_world()


def test_meetings_by_state_and_year(world):
    fo = world["fo"]
    held = world["meeting"]
    services.meeting_transition(actor=fo, meeting=held, action="hold")
    planned = services.meeting_create(
        actor=fo,
        title="融资对接会",
        held_on=days_ago(-5),
        place="区政务服务中心",
        banks=[world["bank_a"]],
        enterprises=[world["e1"]],
    )
    this_year = held.held_on.year
    assert pks(selectors.meetings_for(fo)) == {held.pk, planned.pk}
    assert pks(selectors.meetings_for(fo, state=MeetingState.HELD)) == {held.pk}
    assert pks(selectors.meetings_for(fo, state=MeetingState.PLANNED)) == {planned.pk}
    assert pks(selectors.meetings_for(fo, state=MeetingState.CLOSED)) == set()
    year = planned.held_on.year
    assert pks(selectors.meetings_for(fo, year=year)) == {
        m.pk for m in (held, planned) if m.held_on.year == year
    }
    assert pks(selectors.meetings_for(fo, year=this_year - 1)) == set()
    assert pks(selectors.meetings_for(fo, state="", year=None)) == {held.pk, planned.pk}


def test_intentions_by_meeting_and_state(world):
    fo, meeting = world["fo"], world["meeting"]
    services.meeting_transition(actor=fo, meeting=meeting, action="hold")
    kept, dropped = (
        services.intention_record(
            actor=fo,
            meeting=meeting,
            bank=bank,
            enterprise=world["e1"],
            amount=Decimal("100"),
            product="流动资金贷款",
            contact="王",
        )
        for bank in (world["bank_a"], world["bank_b"])
    )
    services.intention_drop(actor=fo, intention=dropped, reason="no_need")
    assert pks(selectors.intentions_for(fo)) == {kept.pk, dropped.pk}
    assert pks(selectors.intentions_for(fo, meeting=meeting)) == {kept.pk, dropped.pk}
    assert pks(selectors.intentions_for(fo, state=IntentionState.OPEN)) == {kept.pk}
    assert pks(selectors.intentions_for(fo, meeting=meeting, state=IntentionState.DROPPED)) == {dropped.pk}


def test_applications_by_bank_state_year_and_search(world):
    fo = world["fo"]
    a_open = application(world["a"], world["e1"], applied=3)
    a_refused = application(world["a"], world["e2"], applied=4, refused="collateral")
    b_open = application(world["b"], world["e2"], applied=5)
    everyone = {a_open.pk, a_refused.pk, b_open.pk}
    assert pks(selectors.applications_for(fo)) == everyone
    assert pks(selectors.applications_for(fo, bank=world["bank_a"])) == {a_open.pk, a_refused.pk}
    assert pks(selectors.applications_for(fo, state=ApplicationState.APPLIED)) == {a_open.pk, b_open.pk}
    assert pks(selectors.applications_for(fo, bank=world["bank_b"], state=ApplicationState.REFUSED)) == set()
    year = a_open.applied_on.year
    assert pks(selectors.applications_for(fo, year=year)) == {
        a.pk for a in (a_open, a_refused, b_open) if a.applied_on.year == year
    }
    assert pks(selectors.applications_for(fo, year=year - 5)) == set()
    assert pks(selectors.applications_for(fo, search=world["e2"].name)) == {a_refused.pk, b_open.pk}
    assert pks(selectors.applications_for(fo, search=world["e1"].uscc)) == {a_open.pk}
    # a bank sees its own applications only, and a filter never widens that
    assert pks(selectors.applications_for(world["b"], bank=world["bank_a"])) == set()

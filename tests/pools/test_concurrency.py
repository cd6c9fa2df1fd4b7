"""Two reviewers deciding the same nomination at the same moment, each on its own PostgreSQL
connection: the row lock lets exactly one decision through; the other sees the new state (409)."""

import threading
import time
from unittest import mock

import pytest
from django.db import connection, connections

from core.exceptions import Conflict
from core.models import Notification
from pools import services
from pools.models import Nomination, NominationEvent, NominationState
from tests.factories import DepartmentUserFactory, EnterpriseFactory

from .support import review_all, submitted

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
DECISIONS = {
    NominationEvent.Action.APPROVE: NominationState.APPROVED,
    NominationEvent.Action.REJECT: NominationState.REJECTED,
}


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")


def _race(nomination, moves):
    """Start every (actor, action, comment) in its own thread at the same instant; returns outcomes."""
    barrier = threading.Barrier(len(moves))
    outcomes = {}

    def run(actor, action, comment):
        try:
            barrier.wait(timeout=10)
            services.nomination_transition(actor=actor, nomination=nomination, action=action, comment=comment)
            outcomes[action] = "ok"
        except Conflict as exc:
            outcomes[action] = exc
        except Exception as exc:  # reported by the assertion in _check_one_decision
            outcomes[action] = exc
        finally:
            connections.close_all()  # this thread's own connection

    threads = [threading.Thread(target=run, args=move) for move in moves]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert not any(t.is_alive() for t in threads), "a decision hung"
    return outcomes


def _check_one_decision(nomination, outcomes, town_user):
    # exactly one succeeded, and the other was told of the conflict
    winners = [a for a, o in outcomes.items() if o == "ok"]
    losers = {a: o for a, o in outcomes.items() if o != "ok"}
    assert len(winners) == 1, outcomes
    assert len(losers) == 1 and isinstance(next(iter(losers.values())), Conflict), outcomes
    winner = winners[0]
    # the final state is the winner's, with one decision event and one notice to the town
    stored = Nomination.objects.get(pk=nomination.pk)
    assert stored.state == DECISIONS[winner]
    assert stored.decided_at is not None and stored.decided_by_id is not None
    decisions = NominationEvent.objects.filter(nomination=nomination, action__in=list(DECISIONS))
    assert list(decisions.values_list("action", "from_state", "to_state")) == [
        (winner, NominationState.SUBMITTED, DECISIONS[winner])
    ]
    assert (
        Notification.objects.filter(recipient=town_user, url=f"/pools/nominations/{nomination.pk}/").count()
        == 1
    )
    # and the loser's message names the state the winner left
    assert stored.get_state_display() in next(iter(losers.values())).message
    return winner


@pytest.fixture
def reviewers(department_user):
    """Two officials of 区经信局 (the backbone pool's lead department)."""
    return department_user, DepartmentUserFactory(username="dept2", department=department_user.department)


def test_approve_and_reject_at_once_one_wins(backbone, open_window, town_user, enterprise, reviewers):
    # given a submitted nomination with every criterion reviewed
    nomination = submitted(town_user, backbone, enterprise)
    review_all(reviewers[0], nomination)
    Notification.objects.filter(recipient=town_user).delete()

    # when one reviewer approves while the other rejects, started together
    outcomes = _race(nomination, [(reviewers[0], "approve", ""), (reviewers[1], "reject", "产值数据存疑")])

    # then exactly one decision stands
    _check_one_decision(nomination, outcomes, town_user)


def test_the_second_decision_waits_for_the_first_lock(backbone, open_window, town, town_user, reviewers):
    """The approval holds the row lock for a while (slow check); the rejection must wait and then lose."""
    real_check = services._check_approve

    def slow_check(nomination):
        time.sleep(0.5)
        real_check(nomination)

    winners = set()
    for n in range(3):
        nomination = submitted(town_user, backbone, EnterpriseFactory(town=town, name=f"临沂并发{n}有限公司"))
        review_all(reviewers[0], nomination)
        Notification.objects.filter(recipient=town_user).delete()
        with mock.patch.object(services.transitions, "_check_approve", slow_check):
            started = time.monotonic()
            outcomes = _race(nomination, [(reviewers[0], "approve", ""), (reviewers[1], "reject", "不符合")])
            elapsed = time.monotonic() - started
        winners.add(_check_one_decision(nomination, outcomes, town_user))
        if outcomes["approve"] == "ok":
            # the rejection could only answer after the approval released the lock
            assert elapsed >= 0.5
    assert winners <= set(DECISIONS)

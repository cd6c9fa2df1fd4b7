"""Workflow moves of meetings, intentions and applications; illegal moves are 409; audit rows; the
qualifying mark from the credit gate; the waiting flag in the database query at its edge."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.exceptions import Conflict
from core.models import AuditLog
from credit.services import blacklist_add
from docking import selectors, services
from docking.models import DockingSetting, IntentionState, LoanApplication, MeetingState

from .support import application, days_ago, make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return make_world()


def test_meeting_moves_planned_held_closed_and_refuses_the_rest(w):
    meeting = w["meeting"]
    # an intention cannot be recorded before the meeting is held
    with pytest.raises(PermissionDenied):
        services.intention_record(
            actor=w["fo"],
            meeting=meeting,
            bank=w["bank_a"],
            enterprise=w["e1"],
            amount=Decimal("100"),
            product="贷款",
            contact="王",
        )
    meeting = services.meeting_transition(actor=w["fo"], meeting=meeting, action="hold")
    assert meeting.state == MeetingState.HELD
    with pytest.raises(Conflict):
        services.meeting_transition(actor=w["fo"], meeting=meeting, action="hold")
    # a bank cannot move a meeting
    with pytest.raises(PermissionDenied):
        services.meeting_transition(actor=w["a"], meeting=meeting, action="close")
    meeting = services.meeting_transition(actor=w["fo"], meeting=meeting, action="close")
    assert meeting.state == MeetingState.CLOSED
    assert list(meeting.events.values_list("action", flat=True)) == ["create", "hold", "close"]


def test_intention_converted_by_the_bank_application_and_dropped_with_a_reason(w):
    meeting = services.meeting_transition(actor=w["fo"], meeting=w["meeting"], action="hold")
    i1 = services.intention_record(
        actor=w["fo"],
        meeting=meeting,
        bank=w["bank_a"],
        enterprise=w["e1"],
        amount=Decimal("800"),
        product="流动资金贷款",
        contact="刘敏",
    )
    i2 = services.intention_record(
        actor=w["fo"],
        meeting=meeting,
        bank=w["bank_b"],
        enterprise=w["e2"],
        amount=Decimal("300"),
        product="设备贷",
        contact="张",
    )
    # bank B cannot take bank A's intention into its application
    with pytest.raises(ValidationError):
        services.application_create(
            actor=w["b"],
            enterprise=w["e1"],
            product="x",
            amount_applied=Decimal("1"),
            applied_on=days_ago(1),
            intention=i1,
        )
    a = services.application_create(
        actor=w["a"],
        enterprise=w["e1"],
        product="流动资金贷款",
        amount_applied=Decimal("800"),
        applied_on=days_ago(1),
        intention=i1,
    )
    i1.refresh_from_db()
    assert i1.state == IntentionState.CONVERTED and i1.application_id == a.pk
    # a dropped intention needs a reason from the list; then it cannot be dropped again (409)
    with pytest.raises(ValidationError):
        services.intention_drop(actor=w["fo"], intention=i2, reason="no-such")
    services.intention_drop(actor=w["b"], intention=i2, reason="collateral")
    with pytest.raises(Conflict):
        services.intention_drop(actor=w["fo"], intention=i2, reason="collateral")
    with pytest.raises(Conflict):
        services.intention_drop(actor=w["a"], intention=i1, reason="collateral")
    # bank A may not drop bank B's intention
    i3 = services.intention_record(
        actor=w["fo"],
        meeting=meeting,
        bank=w["bank_b"],
        enterprise=w["e1"],
        amount=Decimal("50"),
        product="x",
        contact="y",
    )
    with pytest.raises(PermissionDenied):
        services.intention_drop(actor=w["a"], intention=i3, reason="collateral")


def test_application_moves_dates_and_409s(w):
    a = application(w["a"], w["e1"], applied=20)
    with pytest.raises(Conflict):
        services.application_disburse(actor=w["a"], application=a, disbursed_on=days_ago(1))
    with pytest.raises(PermissionDenied):  # another bank
        services.application_approve(
            actor=w["b"], application=a, approved_on=days_ago(1), amount_granted=Decimal("1")
        )
    with pytest.raises(ValidationError):  # before it applied
        services.application_approve(
            actor=w["a"], application=a, approved_on=days_ago(21), amount_granted=Decimal("1")
        )
    a = services.application_approve(
        actor=w["a"], application=a, approved_on=days_ago(10), amount_granted=Decimal("400")
    )
    a = services.application_disburse(actor=w["a"], application=a, disbursed_on=days_ago(8))
    with pytest.raises(Conflict):
        services.application_refuse(actor=w["a"], application=a, reason="credit")
    assert list(a.events.values_list("action", flat=True)) == ["create", "approve", "disburse"]
    assert AuditLog.objects.filter(object_id=str(a.pk), content_type__model="loanapplication").count() == 3


def test_green_channel_takes_pool_entries_only_and_marks_the_blacklisted_as_not_qualifying(w):
    with pytest.raises(ValidationError):
        application(w["a"], w["outsider"])
    blacklist_add(actor=w["fo"], enterprise=w["e2"], reason="恶意逃废银行债务")
    a = application(w["a"], w["e2"])
    assert a.qualifying is False and "黑名单" in a.block_reason
    assert application(w["a"], w["e1"]).qualifying is True


def test_waiting_query_at_its_edge_and_the_setting_is_audited(w):
    services.settings_update(actor=w["fo"], waiting_days=30)
    assert AuditLog.objects.filter(content_type__model="dockingsetting").count() == 1
    with pytest.raises(PermissionDenied):
        services.settings_update(actor=w["a"], waiting_days=5)
    exactly = application(w["a"], w["e1"], applied=30)
    over = application(w["a"], w["e2"], applied=31)
    approved_over = application(w["a"], w["e1"], applied=60, approved=31)
    application(w["a"], w["e1"], applied=60, approved=30)
    waiting = set(selectors.applications_for(w["a"], waiting=True).values_list("pk", flat=True))
    assert waiting == {over.pk, approved_over.pk}
    assert exactly.pk not in waiting
    assert DockingSetting.current().waiting_days == 30
    assert LoanApplication.objects.count() == 4


def test_specialist_is_an_account_of_the_bank_and_logs_visits(w):
    with pytest.raises(ValidationError):
        services.specialist_assign(actor=w["a"], enterprise=w["e1"], user=w["b"])
    with pytest.raises(ValidationError):
        services.specialist_assign(actor=w["a"], enterprise=w["outsider"], user=w["a2"])
    s = services.specialist_assign(actor=w["a"], enterprise=w["e1"], user=w["a2"])
    assert list(selectors.visits_due(w["a"], today=days_ago(0))) == [s]  # never visited
    with pytest.raises(PermissionDenied):
        services.visit_log(
            actor=w["b"],
            specialist=s,
            visited_on=days_ago(1),
            form="on_site",
            people_met="x",
            difficulties=[],
        )
    services.visit_log(
        actor=w["a2"],
        specialist=s,
        visited_on=days_ago(3),
        form="on_site",
        people_met="财务总监",
        difficulties=["collateral", "cost"],
        follow_up="推荐设备抵押贷",
        next_visit_on=days_ago(-5),
    )
    assert list(selectors.visits_due(w["a"], today=days_ago(0))) == []
    assert list(selectors.visits_due(w["a"], today=days_ago(-5))) == [s]
    # a new assignment ends the current one
    s2 = services.specialist_assign(actor=w["a"], enterprise=w["e1"], user=w["a"])
    s.refresh_from_db()
    assert s.ended_at is not None and s2.ended_at is None

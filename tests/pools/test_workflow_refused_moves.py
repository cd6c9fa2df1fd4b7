"""Moves the nomination state machine refuses, through pools.services: an action the state does not
allow is a conflict that names the state, only the lead department decides (a responsible department
comments), a town acts on its own town's nominations and enterprises only, and an enterprise or a
project is nominated once per pool-year."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.exceptions import Conflict
from core.models import Notification
from pools import services
from pools.models import Nomination, NominationEvent, NominationState
from programs.models import Department
from tests.factories import DepartmentUserFactory, NominationWindowFactory

from .support import YEAR, approved, nominate, qualitative, review_all, submit, submitted

pytestmark = pytest.mark.django_db
S = NominationState
E = NominationEvent.Action


# --- illegal moves -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("stage", "action", "who"),
    [
        ("draft", "approve", "department"),
        ("draft", "reject", "department"),
        ("draft", "return", "department"),
        ("approved", "submit", "town"),
        ("approved", "withdraw", "town"),
        ("approved", "approve", "department"),
        ("rejected", "submit", "town"),
        ("rejected", "withdraw", "town"),
        ("withdrawn", "submit", "town"),
        ("submitted", "submit", "town"),
    ],
)
def test_illegal_transitions_are_conflicts(
    backbone, open_window, town_user, enterprise, department_user, stage, action, who
):
    # given a nomination in `stage`
    nomination = nominate(town_user, backbone, enterprise)
    if stage != "draft" and stage != "withdrawn":
        submit(town_user, nomination)
    if stage == "approved":
        review_all(department_user, nomination)
        services.nomination_transition(actor=department_user, nomination=nomination, action="approve")
    elif stage == "rejected":
        services.nomination_transition(
            actor=department_user, nomination=nomination, action="reject", comment="不符"
        )
    elif stage == "withdrawn":
        services.nomination_transition(actor=town_user, nomination=nomination, action="withdraw")
    events = NominationEvent.objects.filter(nomination=nomination).count()
    actor = {"town": town_user, "department": department_user}[who]
    # when the action is tried  then  it is a conflict that names the current state, and nothing changes
    with pytest.raises(Conflict) as exc:
        services.nomination_transition(actor=actor, nomination=nomination, action=action, comment="意见")
    assert Nomination(state=stage).get_state_display() in exc.value.message
    assert Nomination.objects.get(pk=nomination.pk).state == stage
    assert NominationEvent.objects.filter(nomination=nomination).count() == events


def test_unknown_action_is_a_conflict(backbone, open_window, town_user, enterprise):
    with pytest.raises(Conflict):
        services.nomination_transition(
            actor=town_user, nomination=nominate(town_user, backbone, enterprise), action="publish"
        )


def test_a_decided_nomination_cannot_be_edited(backbone, open_window, town_user, enterprise, department_user):
    nomination = approved(town_user, department_user, backbone, enterprise)
    with pytest.raises(PermissionDenied):
        services.nomination_update(actor=town_user, nomination=nomination, path_plan="改")


# --- who decides -------------------------------------------------------------------------------


@pytest.mark.parametrize("action", ["approve", "reject", "return"])
def test_only_the_lead_department_decides(
    backbone, open_window, town_user, enterprise, responsible_user, office_user, admin_user, action
):
    nomination = submitted(town_user, backbone, enterprise)
    for user in (responsible_user, town_user, office_user, admin_user):
        with pytest.raises(PermissionDenied) as exc:
            services.nomination_transition(actor=user, nomination=nomination, action=action, comment="意见")
        assert "牵头部门" in str(exc.value)
    assert Nomination.objects.get(pk=nomination.pk).state == S.SUBMITTED


def test_a_responsible_department_comments_but_does_not_review(
    backbone, open_window, town_user, enterprise, responsible_user
):
    nomination = submitted(town_user, backbone, enterprise)
    with pytest.raises(PermissionDenied):
        services.criterion_review(
            actor=responsible_user,
            nomination=nomination,
            criterion=qualitative(backbone)[0],
            decision="confirmed",
        )
    event = services.nomination_comment(
        actor=responsible_user, nomination=nomination, comment="用地指标已落实"
    )
    assert (event.action, event.actor, event.comment) == (E.COMMENT, responsible_user, "用地指标已落实")
    # the town hears of it
    assert Notification.objects.filter(recipient=town_user, message__contains="区财政局").exists()


def test_an_unrelated_department_may_not_comment(backbone, open_window, town_user, enterprise):
    outsider = DepartmentUserFactory(department=Department.objects.get(code="court"))
    nomination = submitted(town_user, backbone, enterprise)
    with pytest.raises(PermissionDenied):
        services.nomination_comment(actor=outsider, nomination=nomination, comment="意见")
    with pytest.raises(ValidationError):
        services.nomination_comment(actor=town_user, nomination=nomination, comment="  ")


def test_another_town_cannot_edit_or_submit(backbone, open_window, town_user, other_town_user, enterprise):
    nomination = nominate(town_user, backbone, enterprise)
    with pytest.raises(PermissionDenied):
        services.nomination_update(actor=other_town_user, nomination=nomination, path_plan="改")
    for action in ("submit", "withdraw"):
        with pytest.raises(PermissionDenied):
            services.nomination_transition(actor=other_town_user, nomination=nomination, action=action)
    stored = Nomination.objects.get(pk=nomination.pk)
    assert (stored.state, stored.path_plan) == (S.DRAFT, nomination.path_plan)


def test_a_town_nominates_only_its_own_enterprises(backbone, town_user, other_enterprise, department_user):
    with pytest.raises(ValidationError) as exc:
        nominate(town_user, backbone, other_enterprise)
    assert "本街镇" in str(exc.value)
    with pytest.raises(PermissionDenied):
        nominate(department_user, backbone, other_enterprise)
    assert not Nomination.objects.exists()


# --- once per pool-year ------------------------------------------------------------------------


def test_an_enterprise_in_two_pools_but_once_per_pool_year(
    backbone, pool_of, open_window, town_user, enterprise
):
    first = nominate(town_user, backbone, enterprise)
    # the same enterprise in another pool the same year, and in the same pool another year, is fine
    nominate(town_user, pool_of("internet_plus"), enterprise, metrics={})
    NominationWindowFactory(programme=backbone.programme, year=YEAR + 1)
    services.nomination_create(actor=town_user, pool=backbone, year=YEAR + 1, enterprise=enterprise)
    # a second nomination to the same pool-year is refused with a clear message
    with pytest.raises(ValidationError) as exc:
        nominate(town_user, backbone, enterprise)
    assert "同一年度同一培育库只能申报一次" in exc.value.message_dict["enterprise"][0]
    # after withdrawing the first, it may be nominated again
    services.nomination_transition(actor=town_user, nomination=first, action="withdraw")
    again = nominate(town_user, backbone, enterprise)
    assert again.pk != first.pk
    assert Nomination.objects.filter(pool=backbone, year=YEAR, enterprise=enterprise).count() == 2


def test_a_project_once_per_pool_year(pool_of, open_window, town_user, enterprise):
    from tests.factories import ProjectFactory

    chain_fill = pool_of("chain_fill")
    project = ProjectFactory(enterprise=enterprise)
    nominate(town_user, chain_fill, project=project, metrics={"total_investment": "12000"})
    with pytest.raises(ValidationError) as exc:
        nominate(town_user, chain_fill, project=project, metrics={})
    assert "project" in exc.value.message_dict
    # and an enterprise pool does not take a project
    with pytest.raises(ValidationError):
        nominate(town_user, pool_of("backbone"), project=project)

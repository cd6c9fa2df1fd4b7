"""The nomination state machine through pools.services, the checks before each move: the lead
department is the one the programme file loads, windows open and close submissions, a submission needs
a path plan (and an explanation for a failing figure), a decision needs every qualitative criterion
reviewed and a comment where the move asks for one."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from core.exceptions import Conflict
from core.models import AuditAction, AuditLog, Notification
from pools import services
from pools.models import Nomination, NominationEvent, NominationState, NominationWindow
from programs.models import Department
from tests.factories import NominationWindowFactory

from .support import YEAR, events_of, nominate, qualitative, review_all, submit, submitted

pytestmark = pytest.mark.django_db
S = NominationState
E = NominationEvent.Action


# --- the lead department is the loaded one ------------------------------------------------------


def test_department_made_before_the_programme_is_the_one_the_programme_names(department_user, programme):
    # given 区经信局 created (by the fixture) before the programme file is loaded
    # then the loader upserted it by code: one row, and it leads the pools the file gives it
    assert Department.objects.filter(code="economy_info").count() == 1
    led = set(department_user.department.led_pools.values_list("code", flat=True))
    assert led == {
        "backbone",
        "small_micro",
        "chain_fill",
        "chain_strengthen",
        "chain_build",
        "internet_plus",
        "smart_manufacturing",
        "customization",
        "cooperation",
        "going_global",
    }


# --- windows -----------------------------------------------------------------------------------


def test_only_the_office_opens_a_window(programme, office_user, town_user, department_user):
    today = timezone.localdate()
    for user in (town_user, department_user):
        with pytest.raises(PermissionDenied):
            services.window_open(actor=user, programme=programme, year=YEAR, opens_on=today, closes_on=today)
    window = services.window_open(
        actor=office_user, programme=programme, year=YEAR, opens_on=today, closes_on=today + timedelta(days=5)
    )
    assert window.is_open()
    assert AuditLog.objects.filter(
        action=AuditAction.CREATE, object_id=str(window.pk), actor=office_user
    ).exists()
    with pytest.raises(ValidationError) as exc:
        services.window_open(
            actor=office_user, programme=programme, year=2030, opens_on=today, closes_on=today
        )
    assert "year" in exc.value.message_dict


def test_submit_outside_any_window_is_a_conflict(backbone, open_window, office_user, town_user, enterprise):
    # given a complete draft made while the window was open, and the window closed since
    nomination = nominate(town_user, backbone, enterprise)
    services.window_close(actor=office_user, window=open_window)
    # when the town submits  then  it is refused, and the draft stays a draft
    with pytest.raises(Conflict) as exc:
        submit(town_user, nomination)
    assert "不在申报期内" in exc.value.message
    assert Nomination.objects.get(pk=nomination.pk).state == S.DRAFT


def test_submit_before_the_window_says_when_it_opens(backbone, programme, office_user, town_user, enterprise):
    # given the office has set the window to open in ten days
    soon = NominationWindowFactory.build(upcoming=True)
    services.window_open(
        actor=office_user, programme=programme, year=YEAR, opens_on=soon.opens_on, closes_on=soon.closes_on
    )
    nomination = nominate(town_user, backbone, enterprise)
    # when the town submits today
    with pytest.raises(Conflict) as exc:
        submit(town_user, nomination)
    # then the message says when it opens and closes
    assert f"{soon.opens_on:%Y-%m-%d}" in exc.value.message
    assert f"{soon.closes_on:%Y-%m-%d}" in exc.value.message
    assert "尚未开始" in exc.value.message


def test_a_window_closed_early_stops_submissions(backbone, open_window, office_user, town_user, enterprise):
    nomination = nominate(town_user, backbone, enterprise)
    services.window_close(actor=office_user, window=open_window)
    with pytest.raises(Conflict):
        submit(town_user, nomination)
    # and extending it reopens it
    services.window_update(
        actor=office_user, window=open_window, closes_on=timezone.localdate() + timedelta(days=3)
    )
    assert submit(town_user, nomination).state == S.SUBMITTED


def test_a_window_for_another_pool_does_not_open_this_one(
    backbone, programme, office_user, town_user, enterprise
):
    other = programme.pools.get(code="growth")
    window = NominationWindowFactory.build()
    services.window_open(
        actor=office_user,
        programme=programme,
        year=YEAR,
        pool=other,
        opens_on=window.opens_on,
        closes_on=window.closes_on,
    )
    # the backbone pool has no window: not even a draft can be started for it
    with pytest.raises(ValidationError) as exc:
        nominate(town_user, backbone, enterprise)
    assert "没有开放或即将开放的申报窗口" in exc.value.message_dict["year"][0]
    assert NominationWindow.objects.filter(pool=other).count() == 1


# --- submit ------------------------------------------------------------------------------------


def test_submit_needs_a_path_plan(backbone, open_window, town_user, enterprise):
    nomination = nominate(town_user, backbone, enterprise, path_plan="   ")
    with pytest.raises(ValidationError) as exc:
        submit(town_user, nomination)
    assert "path_plan" in exc.value.message_dict
    assert Nomination.objects.get(pk=nomination.pk).state == S.DRAFT


def test_a_failing_figure_needs_an_explanation_and_stays_flagged(
    backbone, open_window, town_user, enterprise, department_user
):
    # given output below 50亿元
    nomination = nominate(
        town_user,
        backbone,
        enterprise,
        metrics={"output_value": "450000", "main_revenue_growth": "20", "tax_growth": "20"},
    )
    assert nomination.fails_quantitative is True
    assert nomination.eligible is False
    # when submitted without an explanation  then  refused
    with pytest.raises(ValidationError) as exc:
        submit(town_user, nomination)
    assert "explanation" in exc.value.message_dict
    # when explained  then  it goes, still flagged for the reviewer
    services.nomination_update(
        actor=town_user, nomination=nomination, explanation="受原料价格影响，产值暂未达标。"
    )
    nomination = submit(town_user, nomination)
    assert (nomination.state, nomination.fails_quantitative, nomination.eligible) == (
        S.SUBMITTED,
        True,
        False,
    )
    # and the lead department may still approve it on its judgement; the flag remains
    review_all(department_user, nomination)
    nomination = services.nomination_transition(
        actor=department_user, nomination=nomination, action="approve"
    )
    assert nomination.state == S.APPROVED
    assert Nomination.objects.get(pk=nomination.pk).fails_quantitative is True


# --- decide ------------------------------------------------------------------------------------


def test_approve_needs_every_qualitative_criterion_reviewed(
    backbone, open_window, town_user, enterprise, department_user
):
    nomination = submitted(town_user, backbone, enterprise)
    criteria = qualitative(backbone)
    assert len(criteria) == 4
    for criterion in criteria[:-1]:
        services.criterion_review(
            actor=department_user, nomination=nomination, criterion=criterion, decision="confirmed"
        )
    # when approved with one criterion unreviewed  then  refused, saying how many remain
    with pytest.raises(Conflict) as exc:
        services.nomination_transition(actor=department_user, nomination=nomination, action="approve")
    assert "1 项未核查" in exc.value.message
    # when the last one is reviewed  then  approved, with who and when
    services.criterion_review(
        actor=department_user, nomination=nomination, criterion=criteria[-1], decision="confirmed"
    )
    nomination = services.nomination_transition(
        actor=department_user, nomination=nomination, action="approve"
    )
    stored = Nomination.objects.get(pk=nomination.pk)
    assert (stored.state, stored.decided_by, stored.eligible) == (S.APPROVED, department_user, True)
    assert stored.decided_at is not None


def test_refusing_a_criterion_needs_a_reason(backbone, open_window, town_user, enterprise, department_user):
    nomination = submitted(town_user, backbone, enterprise)
    criterion = qualitative(backbone)[0]
    with pytest.raises(ValidationError):
        services.criterion_review(
            actor=department_user, nomination=nomination, criterion=criterion, decision="refused"
        )
    services.criterion_review(
        actor=department_user,
        nomination=nomination,
        criterion=criterion,
        decision="refused",
        note="市场占有率数据不足",
    )
    assert Nomination.objects.get(pk=nomination.pk).eligible is False


@pytest.mark.parametrize(("action", "target"), [("reject", S.REJECTED), ("return", S.RETURNED)])
def test_reject_and_return_need_a_comment(
    backbone, open_window, town_user, enterprise, department_user, action, target
):
    nomination = submitted(town_user, backbone, enterprise)
    for blank in ("", "   "):
        with pytest.raises(ValidationError) as exc:
            services.nomination_transition(
                actor=department_user, nomination=nomination, action=action, comment=blank
            )
        assert "comment" in exc.value.message_dict
    assert Nomination.objects.get(pk=nomination.pk).state == S.SUBMITTED
    decided = services.nomination_transition(
        actor=department_user, nomination=nomination, action=action, comment="自主知识产权证明不足"
    )
    assert decided.state == target
    assert NominationEvent.objects.get(nomination=nomination, action=action).comment == "自主知识产权证明不足"


def test_a_returned_nomination_is_a_draft_again_once_edited(
    backbone, open_window, town_user, enterprise, department_user
):
    nomination = submitted(town_user, backbone, enterprise)
    services.nomination_transition(
        actor=department_user, nomination=nomination, action="return", comment="请补充纳税证明"
    )
    # when the town edits it  then  it is a draft, and may be submitted again
    edited = services.nomination_update(
        actor=town_user, nomination=nomination, path_plan="补充纳税证明后的路径方案"
    )
    assert edited.state == S.DRAFT
    assert events_of(nomination)[-1] == (E.EDIT, S.RETURNED, S.DRAFT)
    assert submit(town_user, edited).state == S.SUBMITTED


@pytest.mark.parametrize("stage", ["draft", "submitted", "returned"])
def test_the_town_withdraws_before_a_decision(
    backbone, open_window, town_user, enterprise, department_user, stage
):
    nomination = nominate(town_user, backbone, enterprise)
    if stage != "draft":
        submit(town_user, nomination)
    if stage == "returned":
        services.nomination_transition(
            actor=department_user, nomination=nomination, action="return", comment="补充"
        )
    withdrawn = services.nomination_transition(actor=town_user, nomination=nomination, action="withdraw")
    assert withdrawn.state == S.WITHDRAWN
    assert events_of(nomination)[-1] == (E.WITHDRAW, stage, S.WITHDRAWN)


def test_withdrawing_a_submitted_nomination_tells_the_reviewers(
    backbone, open_window, town_user, enterprise, department_user
):
    # given a nomination in the lead department's queue
    nomination = submitted(town_user, backbone, enterprise)
    before = Notification.objects.filter(recipient=department_user).count()
    # when the town withdraws it
    services.nomination_transition(actor=town_user, nomination=nomination, action="withdraw")
    # then the lead department learns it has left the queue (not the town that withdrew it)
    notes = Notification.objects.filter(recipient=department_user)
    assert notes.count() == before + 1
    assert "已撤回" in notes.first().message
    assert not Notification.objects.filter(recipient=town_user).exists()


def test_withdrawing_a_draft_notifies_nobody(backbone, open_window, town_user, enterprise):
    nomination = nominate(town_user, backbone, enterprise)
    services.nomination_transition(actor=town_user, nomination=nomination, action="withdraw")
    assert not Notification.objects.exists()

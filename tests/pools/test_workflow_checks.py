"""The nomination state machine through pools.services: windows, the checks before each move, who
may move it, and what every move leaves behind (events, audit rows, notifications)."""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from core.exceptions import Conflict
from core.models import AuditAction, AuditLog, Notification
from pools import selectors, services
from pools.models import Nomination, NominationEvent, NominationState, NominationWindow
from programs.models import Department
from tests.factories import DepartmentUserFactory, NominationWindowFactory, TownUserFactory

from .support import YEAR, approved, nominate, qualitative, review_all, submit, submitted

pytestmark = pytest.mark.django_db
S = NominationState
E = NominationEvent.Action


def _events(nomination):
    return list(
        NominationEvent.objects.filter(nomination=nomination).values_list("action", "from_state", "to_state")
    )


def _audit(nomination):
    return AuditLog.objects.filter(
        content_type=ContentType.objects.get_for_model(Nomination), object_id=str(nomination.pk)
    )


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
    assert _events(nomination)[-1] == (E.EDIT, S.RETURNED, S.DRAFT)
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
    assert _events(nomination)[-1] == (E.WITHDRAW, stage, S.WITHDRAWN)


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


# --- what each move leaves behind --------------------------------------------------------------


def test_each_transition_writes_an_event_and_an_audit_row(
    backbone, open_window, town_user, enterprise, department_user
):
    nomination = nominate(town_user, backbone, enterprise)
    assert _events(nomination) == [(E.CREATE, S.DRAFT, S.DRAFT)]
    assert _audit(nomination).filter(action=AuditAction.CREATE, actor=town_user).count() == 1

    steps = [
        (town_user, "submit", "", S.DRAFT, S.SUBMITTED),
        (department_user, "return", "请补充材料", S.SUBMITTED, S.RETURNED),
        (town_user, "submit", "", S.RETURNED, S.SUBMITTED),
        (department_user, "reject", "产值不达标", S.SUBMITTED, S.REJECTED),
    ]
    for actor, action, comment, from_state, to_state in steps:
        events, transitions = (
            NominationEvent.objects.count(),
            _audit(nomination).filter(action=AuditAction.TRANSITION).count(),
        )
        # when the move is made
        services.nomination_transition(actor=actor, nomination=nomination, action=action, comment=comment)
        # then one event with its states, and one audit row with the before and after state
        assert NominationEvent.objects.count() == events + 1
        event = NominationEvent.objects.filter(nomination=nomination).last()
        assert (event.action, event.from_state, event.to_state, event.actor, event.comment) == (
            action,
            from_state,
            to_state,
            actor,
            comment,
        )
        rows = _audit(nomination).filter(action=AuditAction.TRANSITION)
        assert rows.count() == transitions + 1
        row = rows.order_by("-id").first()
        assert (row.actor, row.before["state"], row.after["state"]) == (actor, from_state, to_state)


def test_decisions_notify_the_towns_users(
    backbone, open_window, town, town_user, other_town_user, enterprise, second_enterprise, department_user
):
    colleague = TownUserFactory(town=town)
    first = submitted(town_user, backbone, enterprise)
    # the submission went to the lead department
    assert Notification.objects.filter(
        recipient=department_user, url=f"/pools/nominations/{first.pk}/"
    ).exists()
    review_all(department_user, first)
    services.nomination_transition(actor=department_user, nomination=first, action="approve")
    second = submitted(town_user, backbone, second_enterprise)
    services.nomination_transition(
        actor=department_user, nomination=second, action="reject", comment="不符合"
    )
    for user in (town_user, colleague):
        messages = list(
            Notification.objects.filter(recipient=user).order_by("id").values_list("message", "url")
        )
        assert messages == [
            (f"{YEAR}年“骨干型”申报：{enterprise.name} 已入库。", f"/pools/nominations/{first.pk}/"),
            (
                f"{YEAR}年“骨干型”申报：{second_enterprise.name} 未通过。意见：不符合",
                f"/pools/nominations/{second.pk}/",
            ),
        ]
    assert not Notification.objects.filter(recipient=other_town_user).exists()


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


# --- dynamic management ------------------------------------------------------------------------


def test_the_office_removes_an_entry_with_a_reason(
    backbone, open_window, town_user, enterprise, department_user, office_user
):
    nomination = approved(town_user, department_user, backbone, enterprise)
    assert list(selectors.pool_entries(office_user, backbone, YEAR)) == [nomination]
    # only the office, and only with a reason
    with pytest.raises(PermissionDenied):
        services.pool_entry_remove(actor=department_user, nomination=nomination, reason="停产")
    with pytest.raises(ValidationError):
        services.pool_entry_remove(actor=office_user, nomination=nomination, reason=" ")
    # when removed
    services.pool_entry_remove(actor=office_user, nomination=nomination, reason="企业已停产")
    # then the pool no longer lists it, the history keeps it and why, and the town is told
    assert not selectors.pool_entries(office_user, backbone, YEAR).exists()
    stored = Nomination.objects.get(pk=nomination.pk)
    assert (stored.state, stored.removed_reason) == (S.APPROVED, "企业已停产")
    assert stored.removed_at is not None
    assert NominationEvent.objects.filter(
        nomination=nomination, action=E.REMOVE, comment="企业已停产", actor=office_user
    ).exists()
    assert _events(nomination)[-1] == (E.REMOVE, S.APPROVED, S.APPROVED)
    assert Notification.objects.filter(recipient=town_user, message__contains="企业已停产").exists()
    # and it cannot be removed twice
    with pytest.raises(PermissionDenied):
        services.pool_entry_remove(actor=office_user, nomination=stored, reason="再次")


def test_only_entries_can_be_removed(backbone, open_window, town_user, enterprise, office_user):
    nomination = submitted(town_user, backbone, enterprise)
    with pytest.raises(PermissionDenied):
        services.pool_entry_remove(actor=office_user, nomination=nomination, reason="停产")


def test_a_resubmission_is_reviewed_afresh(backbone, open_window, town_user, enterprise, department_user):
    # given a nomination whose criteria the department confirmed before returning it
    nomination = review_all(department_user, submitted(town_user, backbone, enterprise))
    services.nomination_transition(
        actor=department_user, nomination=nomination, action="return", comment="请更新数据"
    )
    # when the town edits and resubmits it
    services.nomination_update(actor=town_user, nomination=nomination, path_plan="更新后的路径方案")
    submit(town_user, nomination)
    # then the earlier confirmations are gone: approving needs a new review of every criterion
    assert not nomination.checks.exclude(review="").exists()
    with pytest.raises(Conflict, match="逐项核查"):
        services.nomination_transition(actor=department_user, nomination=nomination, action="approve")


def test_evidence_changes_are_in_the_history_and_reopen_a_returned_draft(
    backbone, open_window, town_user, enterprise, department_user
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.factories import PDF_BYTES

    nomination = submitted(town_user, backbone, enterprise)
    services.nomination_transition(
        actor=department_user, nomination=nomination, action="return", comment="缺少材料"
    )
    criterion = qualitative(backbone)[0]
    # when the town uploads, then deletes, a file
    evidence = services.evidence_add(
        actor=town_user,
        nomination=nomination,
        criterion=criterion,
        upload=SimpleUploadedFile("专利证书.pdf", PDF_BYTES),
    )
    services.evidence_remove(actor=town_user, evidence=evidence)
    # then both are on the nomination's history, and the first reopened the draft
    events = list(NominationEvent.objects.filter(nomination=nomination).order_by("id"))[-2:]
    assert [(e.from_state, e.to_state) for e in events] == [(S.RETURNED, S.DRAFT), (S.DRAFT, S.DRAFT)]
    assert "专利证书.pdf" in events[0].comment and "专利证书.pdf" in events[1].comment
    nomination.refresh_from_db()
    assert nomination.state == S.DRAFT

"""What every move of a nomination leaves behind (an event, an audit row with before and after, the
notifications), and the office's dynamic management of entries: removal with a reason, a fresh review
after a resubmission, evidence changes on the history."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError

from core.exceptions import Conflict
from core.models import AuditAction, AuditLog, Notification
from pools import selectors, services
from pools.models import Nomination, NominationEvent, NominationState
from tests.factories import TownUserFactory

from .support import YEAR, approved, events_of, nominate, qualitative, review_all, submit, submitted

pytestmark = pytest.mark.django_db
S = NominationState
E = NominationEvent.Action


def _audit(nomination):
    return AuditLog.objects.filter(
        content_type=ContentType.objects.get_for_model(Nomination), object_id=str(nomination.pk)
    )


# --- what each move leaves behind --------------------------------------------------------------


def test_each_transition_writes_an_event_and_an_audit_row(
    backbone, open_window, town_user, enterprise, department_user
):
    nomination = nominate(town_user, backbone, enterprise)
    assert events_of(nomination) == [(E.CREATE, S.DRAFT, S.DRAFT)]
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
    assert events_of(nomination)[-1] == (E.REMOVE, S.APPROVED, S.APPROVED)
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

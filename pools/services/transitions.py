"""The nomination workflow on the shared engine: submit, decide, return, withdraw, the quota rule, comments, removal."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from core import audit
from core.exceptions import Conflict
from core.notifications import notify
from core.permissions import require
from core.services import required_reason
from core.workflow import Move, Notice
from credit.gates import support_block_reason
from enterprises.models import Enterprise
from programs.models import Criterion, PoolQuota

from .. import permissions
from ..models import CriterionCheck, Nomination, NominationEvent
from ..selectors import entries_of_year, open_window_for, window_message
from ..workflow import NOMINATIONS
from .common import AUDITED_FIELDS
from .nominations import _locked, _record, _refresh_eligibility

# --- transitions -----------------------------------------------------------------------------


def _town_users(nomination):
    return list(User.objects.filter(role=Role.TOWN, town_id=nomination.town_id, is_active=True))


def _lead_users(nomination):
    return list(
        User.objects.filter(
            role=Role.DEPARTMENT, is_active=True, department__in=nomination.pool.lead_departments.all()
        )
    )


def _subject_block_reason(nomination: Nomination) -> str:
    # The enterprise row is locked as the blacklist services lock it, so a listing and a submission or
    # approval of the same enterprise cannot cross: one waits for the other and sees its result.
    enterprise = Enterprise.objects.select_for_update().get(pk=nomination.subject_enterprise_id)
    return support_block_reason(enterprise)


def _check_submit(nomination: Nomination) -> None:
    if blocked := _subject_block_reason(nomination):
        raise Conflict(blocked)
    window = open_window_for(nomination.programme, nomination.pool, nomination.year)
    if window is None:
        raise Conflict(window_message(nomination.programme, nomination.pool, nomination.year))
    if not nomination.path_plan.strip():
        raise ValidationError({"path_plan": _("提交前请填写与企业共同制定的路径解决方案。")})
    if nomination.fails_quantitative and not nomination.explanation.strip():
        raise ValidationError({"explanation": _("有定量标准不符合，提交前请填写说明。")})


def _check_approve(nomination: Nomination) -> None:
    if blocked := _subject_block_reason(nomination):
        raise Conflict(blocked)
    pending = [
        c.description
        for c in nomination.pool.criteria.all()
        if c.kind == Criterion.Kind.QUALITATIVE
        and c.pk not in {ch.criterion_id for ch in nomination.checks.all() if ch.review}
    ]
    if pending:
        raise Conflict(_("请先逐项核查定性标准（尚有 %(n)d 项未核查）。") % {"n": len(pending)})


def _locked_quota(nomination: Nomination) -> PoolQuota | None:
    """The pool's quota row of the nomination's year, locked after the nomination (and its enterprise):
    two approvals into the same pool and year count the entries one after the other."""
    return (
        PoolQuota.objects.select_for_update().filter(pool_id=nomination.pool_id, year=nomination.year).first()
    )


def _check_quota(nomination: Nomination) -> None:
    """The lead department approves up to the yearly maximum (科技型 15—20家); one more is the office's call."""
    quota = _locked_quota(nomination)
    if quota is None or quota.quota_max is None:
        return
    count = entries_of_year(nomination.pool_id, nomination.year)
    if count >= quota.quota_max:
        raise Conflict(
            _(
                "“%(pool)s”培育库%(year)s年的数量为%(quota)s家，已入库%(count)d家，再通过将超过上限；"
                "超过上限须由领导小组办公室填写理由后超额批准入库。"
            )
            % {"pool": nomination.pool.name, "year": nomination.year, "quota": quota.display, "count": count}
        )


def _check_beyond_quota(nomination: Nomination) -> None:
    """The office's override is for approvals beyond the maximum only; below it the department decides."""
    quota = _locked_quota(nomination)
    if quota is None or quota.quota_max is None:
        raise Conflict(
            _("“%(pool)s”培育库%(year)s年不设数量上限，应由牵头部门审核通过。")
            % {"pool": nomination.pool.name, "year": nomination.year}
        )
    count = entries_of_year(nomination.pool_id, nomination.year)
    if count < quota.quota_max:
        raise Conflict(
            _("“%(pool)s”培育库%(year)s年已入库%(count)d家，未达到数量上限%(max)d家，应由牵头部门审核通过。")
            % {"pool": nomination.pool.name, "year": nomination.year, "count": count, "max": quota.quota_max}
        )


def _check_move(move: Move) -> None:
    nomination = move.instance
    if move.action == "submit":
        _check_submit(nomination)
    elif move.action == "approve":
        _check_approve(nomination)
        _check_quota(nomination)
    elif move.action == "approve_over_quota":
        _check_approve(nomination)
        _check_beyond_quota(nomination)


def _apply_move(move: Move) -> None:
    nomination = move.instance
    if move.action == "submit":
        nomination.submitted_at = move.at
    elif move.transition.role in (Role.DEPARTMENT, Role.OFFICE):
        nomination.decided_at, nomination.decided_by = move.at, move.actor


def _move_notices(move: Move) -> list[Notice]:
    nomination, role = move.instance, move.transition.role
    if move.action == "withdraw" and not nomination.submitted_at:
        return []  # a draft withdrawn never reached anyone
    message = _("%(year)s年“%(pool)s”申报：%(subject)s %(state)s。") % {
        "year": nomination.year,
        "pool": nomination.pool.name,
        "subject": nomination.subject,
        "state": nomination.get_state_display(),
    }
    if move.comment:
        message += _("意见：%(comment)s") % {"comment": move.comment}
    # The town's own moves go to the reviewers (a withdrawal leaves their queue); decisions go to the
    # town; the office's approval beyond the quota goes to both.
    if role == Role.TOWN:
        recipients = _lead_users(nomination)
    elif role == Role.OFFICE:
        recipients = _town_users(nomination) + _lead_users(nomination)
    else:
        recipients = _town_users(nomination)
    return [Notice(recipients, message, reverse("pools:nomination_detail", args=[nomination.pk]))]


def nomination_transition(*, actor, nomination: Nomination, action: str, comment: str = "") -> Nomination:
    """Fire a declared move (pools.workflow) on the engine: row lock, permission, state, comment rule,
    the checks above, event + audit row, notices. The row lock makes two reviewers deciding at once
    take turns: the second sees the new state."""
    return NOMINATIONS.fire(
        nomination,
        action=action,
        actor=actor,
        comment=comment,
        check=_check_move,
        apply=_apply_move,
        notices=_move_notices,
    )


@transaction.atomic
def criterion_review(
    *, actor, nomination: Nomination, criterion: Criterion, decision: str, note: str = ""
) -> CriterionCheck:
    nomination = _locked(nomination.pk)
    require(permissions.can_review_criteria(actor, nomination))
    if criterion.pool_id != nomination.pool_id or criterion.kind != Criterion.Kind.QUALITATIVE:
        raise ValidationError({"criterion": _("只能核查本培育库的定性标准。")})
    if decision not in (CriterionCheck.Review.CONFIRMED, CriterionCheck.Review.REFUSED):
        raise ValidationError({"decision": _("核查结果须为“确认”或“不予确认”。")})
    if decision == CriterionCheck.Review.REFUSED and not note.strip():
        raise ValidationError({"note": _("不予确认须填写理由。")})
    before = audit.snapshot(nomination, AUDITED_FIELDS)
    check, _created = CriterionCheck.objects.get_or_create(nomination=nomination, criterion=criterion)
    check.review, check.review_note = decision, note[:500]
    check.reviewed_by, check.reviewed_at = actor, timezone.now()
    check.save()
    nomination._prefetched_objects_cache = {}  # type: ignore[attr-defined]  # Django's prefetch cache
    _refresh_eligibility(nomination)
    nomination.save(update_fields=["eligible", "fails_quantitative", "updated_at"])
    label = CriterionCheck.Review(decision).label
    _record(
        nomination,
        actor,
        NominationEvent.Action.REVIEW,
        before=before,
        comment=f"{criterion.description}：{label}{('（' + note + '）') if note else ''}",
        from_state=nomination.state,
        to_state=nomination.state,
    )
    return check


@transaction.atomic
def nomination_comment(*, actor, nomination: Nomination, comment: str) -> NominationEvent:
    require(permissions.can_comment(actor, nomination))
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": _("请填写意见。")})
    event = _record(nomination, actor, NominationEvent.Action.COMMENT, comment=comment[:2000])
    if actor.role != Role.TOWN:
        notify(
            recipients=_town_users(nomination),
            url=reverse("pools:nomination_detail", args=[nomination.pk]),
            message=_("%(unit)s对“%(subject)s”的申报发表了意见。")
            % {"unit": actor.unit_name, "subject": nomination.subject},
        )
    return event


@transaction.atomic
def pool_entry_remove(*, actor, nomination: Nomination, reason: str) -> Nomination:
    """Dynamic management: the office takes an entry out of the pool; the history keeps why."""
    nomination = _locked(nomination.pk)
    require(permissions.can_remove_entry(actor, nomination))
    reason = required_reason(reason, _("移出培育库须填写原因。"))
    before = audit.snapshot(nomination, AUDITED_FIELDS)
    nomination.removed_at, nomination.removed_reason = timezone.now(), reason[:300]
    nomination.save(update_fields=["removed_at", "removed_reason", "updated_at"])
    _record(
        nomination,
        actor,
        NominationEvent.Action.REMOVE,
        before=before,
        comment=reason,
        from_state=nomination.state,
        to_state=nomination.state,
    )
    notify(
        recipients=_town_users(nomination),
        url=reverse("pools:nomination_detail", args=[nomination.pk]),
        message=_("“%(subject)s”已移出%(year)s年“%(pool)s”培育库：%(reason)s")
        % {
            "subject": nomination.subject,
            "year": nomination.year,
            "pool": nomination.pool.name,
            "reason": reason,
        },
    )
    return nomination

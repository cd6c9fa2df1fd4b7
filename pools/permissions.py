"""What a user may do with nominations and pools; every answer carries its reason."""

from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from core.permissions import Decision, allow, deny

from .models import NominationState
from .workflow import EDITABLE_STATES, TRANSITIONS


def is_lead_reviewer(user, pool) -> bool:
    return (
        user.is_authenticated
        and user.role == Role.DEPARTMENT
        and any(d.pk == user.department_id for d in pool.lead_departments.all())
    )


def is_responsible_reviewer(user, pool) -> bool:
    return (
        user.is_authenticated
        and user.role == Role.DEPARTMENT
        and any(d.pk == user.department_id for d in pool.responsible_departments.all())
    )


def can_create_nomination(user) -> Decision:
    if user.is_authenticated and user.role == Role.TOWN:
        return allow()
    return deny(_("只有街镇可以申报入库。"))


def can_edit_nomination(user, nomination) -> Decision:
    if not (user.is_authenticated and user.role == Role.TOWN and user.town_id == nomination.town_id):
        return deny(_("只有申报街镇可以修改申报。"))
    if nomination.state not in EDITABLE_STATES:
        return deny(_("“%(state)s”状态的申报不能修改。") % {"state": nomination.get_state_display()})
    return allow()


def can_transition(user, nomination, action: str) -> Decision:
    transition = TRANSITIONS.get(action)
    if transition is None:
        return deny(_("未知操作。"))
    if transition.role == Role.TOWN:
        if not (user.role == Role.TOWN and user.town_id == nomination.town_id):
            return deny(_("只有申报街镇可以%(action)s。") % {"action": transition.label})
    elif transition.role == Role.OFFICE:
        if not (user.is_authenticated and user.role == Role.OFFICE):
            return deny(_("只有领导小组办公室可以%(action)s。") % {"action": transition.label})
    elif not is_lead_reviewer(user, nomination.pool):
        return deny(_("只有该培育库的牵头部门可以%(action)s。") % {"action": transition.label})
    return allow()


def can_review_criteria(user, nomination) -> Decision:
    if not is_lead_reviewer(user, nomination.pool):
        return deny(_("只有该培育库的牵头部门可以核查认定标准。"))
    if nomination.state != NominationState.SUBMITTED:
        return deny(_("只能核查已提交的申报。"))
    return allow()


def can_comment(user, nomination) -> Decision:
    if user.role == Role.OFFICE:
        return allow()
    if user.role == Role.TOWN and user.town_id == nomination.town_id:
        return allow()
    if is_lead_reviewer(user, nomination.pool) or is_responsible_reviewer(user, nomination.pool):
        if not nomination.was_submitted:
            return deny(_("申报提交前是街镇的草稿，部门在提交后才能发表意见。"))
        return allow()
    return deny(_("当前角色不能对该申报发表意见。"))


def can_manage_windows(user) -> Decision:
    if user.is_authenticated and user.role == Role.OFFICE:
        return allow()
    return deny(_("只有领导小组办公室可以设置申报窗口。"))


def can_remove_entry(user, nomination) -> Decision:
    if not (user.is_authenticated and user.role == Role.OFFICE):
        return deny(_("只有领导小组办公室可以将企业（项目）移出培育库。"))
    if not nomination.in_pool:
        return deny(_("该申报不在培育库中。"))
    return allow()


def reviewable_pools(user, pools):
    """Of `pools`, those whose review queue the user works: the office every one, a department those
    it leads (responsible departments comment, the lead department decides), anyone else none."""
    if user.is_authenticated and user.role == Role.OFFICE:
        return pools
    if user.is_authenticated and user.role == Role.DEPARTMENT:
        return pools.filter(lead_departments=user.department_id)
    return pools.none()


def can_view_review_queue(user) -> Decision:
    if user.is_authenticated and user.role in (Role.DEPARTMENT, Role.OFFICE):
        return allow()
    return deny(_("只有部门和领导小组办公室可以查看审核队列。"))

"""What a user may do with dispatch reports and the schedules; every answer carries its reason."""

from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from core.permissions import Decision, allow, deny


def _office(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.role == Role.OFFICE)


def can_manage_dispatch(user) -> Decision:
    if _office(user):
        return allow()
    return deny(_("只有领导小组办公室可以生成、修改和印发调度通报。"))


def can_edit_dispatch(user, report) -> Decision:
    decision = can_manage_dispatch(user)
    if not decision:
        return decision
    if report.state != "draft":
        return deny(_("已印发的调度通报不能修改；如需更正，请印发更正通报。"))
    return allow()


def can_transition_dispatch(user, report, action: str) -> Decision:
    from .workflow import DISPATCH_REPORTS

    if DISPATCH_REPORTS.get(action) is None:
        return deny(_("未知操作。"))
    return can_manage_dispatch(user)


def can_correct_dispatch(user, report) -> Decision:
    decision = can_manage_dispatch(user)
    if not decision:
        return decision
    if report.state != "published":
        return deny(_("草稿可直接修改，无需更正。"))
    return allow()


def can_manage_schedules(user) -> Decision:
    if _office(user):
        return allow()
    return deny(_("只有领导小组办公室可以调整定时任务。"))

"""What a user may do in the docking; every answer carries its reason."""

from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from core.permissions import Decision, allow, deny

from .models import MeetingState, oversees_docking
from .workflow import APPLICATIONS, INTENTIONS, MEETINGS


def can_view_docking(user) -> Decision:
    if user.is_authenticated and (
        oversees_docking(user) or user.role in (Role.BANK, Role.TOWN, Role.ENTERPRISE, Role.DEPARTMENT)
    ):
        return allow()
    return deny(_("当前角色无权访问银企对接。"))


def can_manage_meetings(user) -> Decision:
    if oversees_docking(user):
        return allow()
    return deny(_("只有区金融办和领导小组办公室可以组织银企对话会。"))


def can_view_meetings(user) -> Decision:
    if user.is_authenticated and (
        oversees_docking(user) or user.role in (Role.BANK, Role.TOWN, Role.ENTERPRISE)
    ):
        return allow()
    return deny(_("当前角色无权查看银企对话会。"))


def can_edit_settings(user) -> Decision:
    if oversees_docking(user):
        return allow()
    return deny(_("只有区金融办和领导小组办公室可以修改银企对接设置。"))


def can_view_bank_figures(user) -> Decision:
    if user.is_authenticated and (oversees_docking(user) or user.role == Role.BANK):
        return allow()
    return deny(_("只有区金融办、领导小组办公室和银行可以查看各银行审批情况。"))


def can_view_applications(user) -> Decision:
    if user.is_authenticated and user.role in (
        Role.BANK,
        Role.TOWN,
        Role.ENTERPRISE,
        Role.DEPARTMENT,
        Role.OFFICE,
    ):
        return allow()
    return deny(_("当前角色无权查看绿色通道贷款申请。"))


def can_view_specialists(user) -> Decision:
    if user.is_authenticated and (
        oversees_docking(user) or user.role in (Role.BANK, Role.TOWN, Role.ENTERPRISE)
    ):
        return allow()
    return deny(_("当前角色无权查看信贷专员。"))


def is_bank(user) -> bool:
    return bool(user.is_authenticated and user.role == Role.BANK and user.bank_id)


def can_work_as_bank(user) -> Decision:
    if is_bank(user):
        return allow()
    return deny(_("只有银行账号可以办理。"))


def can_record_intention(user, meeting) -> Decision:
    if not oversees_docking(user):
        return deny(_("只有区金融办和领导小组办公室可以登记融资意向。"))
    if meeting.state != MeetingState.HELD:
        return deny(_("对话会召开后才能登记融资意向，结束跟踪后不能再登记。"))
    return allow()


def can_move_meeting(user, meeting, action: str) -> Decision:
    if action not in MEETINGS:
        return deny(_("未知操作。"))
    return can_manage_meetings(user)


def can_move_intention(user, intention, action: str) -> Decision:
    transition = INTENTIONS.get(action)
    if transition is None:
        return deny(_("未知操作。"))
    own_bank = is_bank(user) and user.bank_id == intention.bank_id
    if transition.role == Role.BANK:
        if own_bank:
            return allow()
        return deny(_("只有意向银行可以%(action)s。") % {"action": transition.label})
    if own_bank or oversees_docking(user):
        return allow()
    return deny(_("只有区金融办或意向银行可以%(action)s。") % {"action": transition.label})


def can_move_application(user, application, action: str) -> Decision:
    transition = APPLICATIONS.get(action)
    if transition is None:
        return deny(_("未知操作。"))
    if is_bank(user) and user.bank_id == application.bank_id:
        return allow()
    return deny(_("只有受理银行可以%(action)s。") % {"action": transition.label})


def can_log_visit(user, specialist) -> Decision:
    if specialist.ended_at is not None:
        return deny(_("该信贷专员的指派已结束，不能再登记走访。"))
    if is_bank(user) and user.bank_id == specialist.bank_id:
        return allow()
    return deny(_("只有本银行的账号可以登记走访记录。"))


def can_end_assignment(user, specialist) -> Decision:
    if specialist.ended_at is not None:
        return deny(_("该指派已结束。"))
    if is_bank(user) and user.bank_id == specialist.bank_id:
        return allow()
    return deny(_("只有本银行的账号可以结束指派。"))

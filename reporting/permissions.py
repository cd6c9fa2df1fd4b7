"""What a user may do with reports, plans, figures and enterprise accounts; every answer carries its reason."""

from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from core.permissions import Decision, allow, deny

from .workflow import EDITABLE_STATES, TRANSITIONS


def _active(user) -> bool:
    return user.is_authenticated and user.is_active


def is_own_enterprise(user, enterprise_id) -> bool:
    return _active(user) and user.role == Role.ENTERPRISE and user.enterprise_id == enterprise_id


def is_enterprise_town(user, enterprise) -> bool:
    return _active(user) and user.role == Role.TOWN and user.town_id == enterprise.town_id


def can_start_report(user) -> Decision:
    if _active(user) and user.role == Role.ENTERPRISE:
        return allow()
    return deny(_("只有企业账号可以填报月度报告。"))


def can_edit_report(user, report) -> Decision:
    if not is_own_enterprise(user, report.enterprise_id):
        return deny(_("只有本企业账号可以修改月度报告。"))
    if report.state not in EDITABLE_STATES:
        return deny(
            _("“%(state)s”状态的报告不能修改；已确认的报告请发起更正。")
            % {"state": report.get_state_display()}
        )
    return allow()


def can_transition(user, report, action: str) -> Decision:
    transition = TRANSITIONS.get(action)
    if transition is None:
        return deny(_("未知操作。"))
    if transition.role == Role.ENTERPRISE:
        if not is_own_enterprise(user, report.enterprise_id):
            return deny(_("只有本企业账号可以%(action)s。") % {"action": transition.label})
    elif not is_enterprise_town(user, report.enterprise):
        return deny(_("只有企业所在街镇可以%(action)s。") % {"action": transition.label})
    return allow()


def can_correct_report(user, report) -> Decision:
    from .models import ReportState

    if not is_own_enterprise(user, report.enterprise_id):
        return deny(_("只有本企业账号可以发起更正。"))
    if report.state != ReportState.CONFIRMED:
        return deny(_("只有已确认的报告需要通过更正修改；未确认的报告可直接修改。"))
    return allow()


def can_edit_plan(user, nomination) -> Decision:
    """Goals, milestones and the enterprise's own path description: the enterprise (第19条 企业主体)."""
    if is_own_enterprise(user, nomination.subject_enterprise_id):
        return allow()
    return deny(_("发展路径的目标和节点由企业制定。"))


def can_edit_path_solution(user, nomination) -> Decision:
    if _active(user) and user.role == Role.TOWN and user.town_id == nomination.town_id:
        return allow()
    return deny(_("路径解决方案由申报街镇会同企业制定。"))


def can_view_late(user) -> Decision:
    if _active(user) and user.role in (Role.TOWN, Role.OFFICE, Role.DEPARTMENT):
        return allow()
    return deny(_("只有街镇、部门和领导小组办公室可以查看逾期情况。"))


def can_remind_late(user) -> Decision:
    """催报: the town chases its own enterprises, the office any."""
    if _active(user) and user.role in (Role.TOWN, Role.OFFICE):
        return allow()
    return deny(_("只有街镇和领导小组办公室可以催报。"))


def can_view_gaps(user) -> Decision:
    if _active(user) and user.role in (Role.TOWN, Role.OFFICE):
        return allow()
    return deny(_("只有街镇和领导小组办公室可以查看自报与统计数据差异。"))


def can_view_own_figures(user) -> Decision:
    if _active(user) and user.role == Role.ENTERPRISE and user.enterprise_id:
        return allow()
    return deny(_("只有企业账号有“本企业数据”。"))


def can_view_imports(user, granted: list | None = None) -> Decision:
    """The import log: the office follows the imports; departments with granted columns make them."""
    if _active(user) and user.role == Role.OFFICE:
        return allow()
    return can_import_figures(user, granted)


def can_import_figures(user, granted: list | None = None) -> Decision:
    """Departments with granted columns (区统计局, the tax bureaus…); `granted` = their columns."""
    if not (_active(user) and user.role == Role.DEPARTMENT):
        return deny(_("只有部门可以导入统计数据。"))
    if granted is not None and not granted:
        return deny(_("本部门没有可导入的统计指标，请联系领导小组办公室。"))
    return allow()


def can_export(user) -> Decision:
    if _active(user) and user.role in (Role.TOWN, Role.OFFICE, Role.DEPARTMENT):
        return allow()
    return deny(_("当前角色不能导出报送数据。"))


def can_manage_calendars(user) -> Decision:
    if _active(user) and user.role == Role.OFFICE:
        return allow()
    return deny(_("只有领导小组办公室可以设置报送日历。"))


def can_invite_enterprise_user(user, enterprise=None) -> Decision:
    if not (_active(user) and user.role == Role.TOWN):
        return deny(_("只有街镇可以为本街镇企业开设企业账号。"))
    if enterprise is not None and enterprise.town_id != user.town_id:
        return deny(_("只能为本街镇的企业开设账号。"))
    return allow()

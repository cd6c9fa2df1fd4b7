"""What a user may do with the funds; every answer carries its reason."""

from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from core.permissions import Decision, allow, deny

from .models import AGENCY_DEPARTMENT
from .models.funds import OVERSIGHT_DEPARTMENTS


def _department_code(user) -> str:
    if not (user.is_authenticated and user.role == Role.DEPARTMENT and user.department_id):
        return ""
    return user.department.code


def is_fund_agency(user) -> bool:
    """A member of the fund agency (基金管理机构, department `fund_manager`)."""
    return _department_code(user) == AGENCY_DEPARTMENT


def is_fund_overseer(user) -> bool:
    """The agency, 区金融办, 区财政局 and the office: they read every fund's figures and ledger."""
    if not user.is_authenticated:
        return False
    return user.role == Role.OFFICE or _department_code(user) in OVERSIGHT_DEPARTMENTS


def can_view_ledger(user) -> Decision:
    if is_fund_overseer(user):
        return allow()
    return deny(_("只有基金管理机构、区金融办、区财政局和领导小组办公室可以查看基金账务。"))


def can_manage_fund(user) -> Decision:
    """Edit rule parameters, record paid-in capital, post corrections: the fund agency only."""
    if is_fund_agency(user):
        return allow()
    return deny(_("只有基金管理机构可以管理基金。"))


def can_apply_bridge(user, enterprise) -> Decision:
    """The enterprise itself, or its town on its behalf (线上申请)."""
    if not user.is_authenticated:
        return deny(_("请先登录。"))
    if user.role == Role.ENTERPRISE and user.enterprise_id == enterprise.pk:
        return allow()
    if user.role == Role.TOWN and user.town_id == enterprise.town_id:
        return allow()
    return deny(_("只有企业本身或其所在街镇可以申请过桥资金。"))


def can_transition(user, loan, action: str) -> Decision:
    from .workflow import AGENCY, APPLICANT, SYSTEM, TRANSITIONS

    transition = TRANSITIONS.get(action)
    if transition is None:
        return deny(_("未知操作。"))
    if transition.role == SYSTEM:
        return allow() if user is None else deny(_("逾期由系统每日自动认定。"))
    if user is None or not user.is_authenticated:
        return deny(_("请先登录。"))
    if transition.role == Role.TOWN:
        if not (user.role == Role.TOWN and user.town_id == loan.town_id):
            return deny(_("只有企业所在街镇可以%(action)s。") % {"action": transition.label})
    elif transition.role == Role.BANK:
        if not (user.role == Role.BANK and user.bank_id == loan.bank_id):
            return deny(_("只有贷款银行可以%(action)s。") % {"action": transition.label})
    elif transition.role == AGENCY:
        if not is_fund_agency(user):
            return deny(_("只有基金管理机构可以%(action)s。") % {"action": transition.label})
        if action == "disburse" and loan.decided_by_id == user.pk:
            return deny(_("批准人不能拨付同一笔过桥资金：须由基金管理机构的另一名工作人员拨付（双人复核）。"))
    elif transition.role == APPLICANT and not can_apply_bridge(user, loan.enterprise):
        return deny(_("只有申请企业或其所在街镇可以%(action)s。") % {"action": transition.label})
    return allow()


def can_download_letter(user, loan) -> Decision:
    from .models import BridgeLoan

    if BridgeLoan.objects.visible_to(user).filter(pk=loan.pk).exists():
        return allow()
    return deny(_("无权查看该承诺函。"))

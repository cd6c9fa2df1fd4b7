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

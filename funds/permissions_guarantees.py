"""What a user may do with guarantees and the guidance fund; every answer carries its reason."""

from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from core.permissions import Decision, allow, deny

from .permissions import is_fund_agency, is_fund_overseer
from .workflow_guarantees import AGENCY, TRANSITIONS


def is_agency(user) -> bool:
    """A member of the fund agency (基金管理机构), the department that runs the funds."""
    return bool(user.is_authenticated and user.is_active and is_fund_agency(user))


def is_fund_reader(user) -> bool:
    """The office, 区金融办, 区财政局 and the agency: every fund's lists and figures."""
    return bool(user.is_authenticated and user.is_active and is_fund_overseer(user))


def can_view_guarantees(user) -> Decision:
    """The guarantee lists: banks (their own), the fund's readers, towns and enterprises (their own)."""
    if is_fund_reader(user) or (
        user.is_authenticated and user.is_active and user.role in (Role.BANK, Role.TOWN, Role.ENTERPRISE)
    ):
        return allow()
    return deny(
        _(
            "融资担保信息仅向经办银行、基金管理机构、区金融办、区财政局、领导小组办公室及企业本身和所在街镇公开。"
        )
    )


def can_create_guarantee(user) -> Decision:
    if user.is_authenticated and user.is_active and user.role == Role.BANK and user.bank_id:
        return allow()
    return deny(_("只有贷款银行可以申请融资担保。"))


def can_transition(user, guarantee, action: str) -> Decision:
    transition = TRANSITIONS.get(action)
    if transition is None:
        return deny(_("未知操作。"))
    if transition.role == Role.BANK:
        if not (user.is_authenticated and user.role == Role.BANK and user.bank_id == guarantee.bank_id):
            return deny(_("只有经办银行可以%(action)s。") % {"action": transition.label})
    elif transition.role == AGENCY and not is_agency(user):
        return deny(_("只有基金管理机构可以%(action)s。") % {"action": transition.label})
    return allow()


def can_record_recovery(user, guarantee) -> Decision:
    if not is_agency(user):
        return deny(_("只有基金管理机构可以登记追偿款。"))
    return allow()


def can_manage_guidance(user) -> Decision:
    if is_agency(user):
        return allow()
    return deny(_("只有基金管理机构可以办理产业引导基金业务。"))


def can_view_guidance(user) -> Decision:
    if is_fund_reader(user):
        return allow()
    return deny(_("产业引导基金信息仅向基金管理机构、区金融办、区财政局和领导小组办公室公开。"))

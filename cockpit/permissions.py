"""Who may open the cockpit and enter actuals; every answer carries its reason."""

from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from core.permissions import Decision, allow, deny

COCKPIT_ROLES = (Role.OFFICE, Role.TOWN, Role.DEPARTMENT)


def can_view_cockpit(user) -> Decision:
    """The office and the leading group (the district), a town (its own town), a department (its
    pools and the indicators it leads). Enterprises and the administrators: no."""
    if user.is_authenticated and user.is_active and user.role in COCKPIT_ROLES:
        return allow()
    return deny(_("领导驾驶舱仅供领导小组办公室、街镇和部门使用。"))


def can_enter_actuals(user) -> Decision:
    if user.is_authenticated and user.is_active and user.role == Role.OFFICE:
        return allow()
    return deny(_("只有领导小组办公室可以填报指标完成值。"))

from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from core.permissions import Decision, allow, deny


def can_view_registry(user) -> Decision:
    """The registry lists: the towns (their own), the departments and the office (第19条). The
    administrators manage accounts, not business data."""
    if user.is_authenticated and user.is_active and user.role in (Role.TOWN, Role.OFFICE, Role.DEPARTMENT):
        return allow()
    return deny(_("只有街镇、部门和领导小组办公室可以查看企业和项目名录。"))


def can_view_own_enterprise(user) -> Decision:
    if user.is_authenticated and user.is_active and user.role == Role.ENTERPRISE and user.enterprise_id:
        return allow()
    return deny(_("只有企业账号有“我的企业”。"))


def can_create_enterprise(user) -> Decision:
    if user.is_authenticated and user.role in (Role.TOWN, Role.OFFICE):
        return allow()
    return deny(_("只有街镇和领导小组办公室可以登记企业。"))


def can_edit_enterprise(user, enterprise) -> Decision:
    if not user.is_authenticated:
        return deny(_("请先登录。"))
    if user.role == Role.OFFICE:
        return allow()
    if user.role == Role.TOWN:
        if enterprise.town_id == user.town_id:
            return allow()
        return deny(_("只能修改本街镇的企业。"))
    return deny(_("只有所属街镇和领导小组办公室可以修改企业信息。"))


def can_import_enterprises(user) -> Decision:
    return can_create_enterprise(user)


def can_export_enterprises(user) -> Decision:
    if user.is_authenticated and user.role in (Role.TOWN, Role.OFFICE, Role.DEPARTMENT):
        return allow()
    return deny(_("当前角色不能导出企业名录。"))


# Projects follow the same rule as their enterprises: the town where they are built, and the office.
can_create_project = can_create_enterprise


def can_edit_project(user, project) -> Decision:
    return can_edit_enterprise(user, project)

from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from core.permissions import Decision, allow, deny


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

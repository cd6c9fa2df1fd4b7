"""What a user may do with accounts and the audit trail. Each check returns a Decision with a reason."""

from django.utils.translation import gettext_lazy as _

from core.permissions import Decision, allow, deny

from .models import Role


def is_office(user) -> bool:
    # Separation of duties: the system administrator manages accounts, not the policy's content.
    return user.is_authenticated and user.is_active and user.role == Role.OFFICE


def can_view_audit_log(user) -> Decision:
    if user.is_authenticated and (user.role in (Role.OFFICE, Role.ADMIN) or user.is_superuser):
        return allow()
    return deny(_("只有领导小组办公室和系统管理员可以查看审计日志。"))


def can_manage_accounts(user) -> Decision:
    if user.is_authenticated and (user.role == Role.ADMIN or user.is_superuser):
        return allow()
    return deny(_("只有系统管理员可以管理账号。"))


def can_reset_two_factor(user, target=None) -> Decision:
    """Recovery of a lost authenticator is the security administrator's (OTP_RESET_ROLES), never one's own."""
    from django.conf import settings

    if not (user.is_authenticated and (user.role in settings.OTP_RESET_ROLES or user.is_superuser)):
        return deny(_("只有安全管理员可以重置两步验证。"))
    if target is not None and target.pk == user.pk:
        return deny(_("不能重置自己的两步验证，请由另一名安全管理员操作。"))
    return allow()

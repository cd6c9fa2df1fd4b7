"""What a user may do with accounts, security and the audit trail (三员分立). Each check returns a
Decision with a reason.

- the system administrator (`admin`) manages business accounts and units; administrators and
  superusers are created only by a superuser made with `createsuperuser` on the server;
- the security administrator (`security_admin`) unlocks accounts, revokes API tokens and reads the
  password and session policy;
- the audit administrator (`audit_admin`) reads and exports the audit trail, nothing else.
None of them reads business data, and nobody changes their own role or flags."""

from django.utils.translation import gettext_lazy as _

from core.permissions import Decision, allow, deny

from .models import ADMIN_ROLES, Role


def _active(user) -> bool:
    return user.is_authenticated and user.is_active


def is_office(user) -> bool:
    # Separation of duties: the system administrator manages accounts, not the policy's content.
    return _active(user) and user.role == Role.OFFICE


def is_administrator(user) -> bool:
    """One of the three administrators, or a superuser: runs the system, sees no business data."""
    return _active(user) and (user.role in ADMIN_ROLES or user.is_superuser)


def can_view_audit_log(user) -> Decision:
    if _active(user) and user.role == Role.AUDIT_ADMIN:
        return allow()
    return deny(_("只有审计管理员可以查看审计日志。"))


def can_manage_administrators(user) -> Decision:
    """Administrator accounts (and superuser status) are a superuser's to give, not an administrator's."""
    if _active(user) and user.is_superuser:
        return allow()
    return deny(_("管理员账号只能由超级管理员创建或修改。"))


def can_manage_security(user) -> Decision:
    if _active(user) and user.role == Role.SECURITY_ADMIN:
        return allow()
    return deny(_("只有安全管理员可以解除锁定、撤销令牌和查看安全策略。"))


def can_reset_two_factor(user, target=None) -> Decision:
    """Recovery of a lost authenticator is the security administrator's (OTP_RESET_ROLES), never one's own."""
    from django.conf import settings

    if not (user.is_authenticated and (user.role in settings.OTP_RESET_ROLES or user.is_superuser)):
        return deny(_("只有安全管理员可以重置两步验证。"))
    if target is not None and target.pk == user.pk:
        return deny(_("不能重置自己的两步验证，请由另一名安全管理员操作。"))
    return allow()

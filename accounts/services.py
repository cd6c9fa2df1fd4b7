from django.db import transaction
from django.utils import timezone

from core import audit

from .models import Role, User


@transaction.atomic
def user_register_session(*, user: User, session_key: str) -> None:
    """Remember the session this account signed in with; older sessions end at their next request."""
    User.objects.filter(pk=user.pk).update(current_session_key=session_key or "")
    user.current_session_key = session_key or ""


# --- API tokens ------------------------------------------------------------------------------------


@transaction.atomic
def api_token_create(*, user: User, how: str = "api token") -> tuple[object, str]:
    """A new API token for a signed-in account: (the stored row, the token shown once). Only its hash
    is kept; it expires after REST_KNOX["TOKEN_TTL"]."""
    from knox.models import AuthToken

    instance, token = AuthToken.objects.create(user=user)
    audit.record(actor=user, action=audit.AuditAction.LOGIN, instance=user, message=how)
    return instance, token


@transaction.atomic
def api_token_revoke(*, token, actor: User) -> None:
    """The caller signs its own token out (`DELETE /api/v1/auth/token/`)."""
    user = token.user
    token.delete()
    audit.record(actor=actor, action=audit.AuditAction.LOGOUT, instance=user, message="api token revoked")


def _tokens_delete(user: User) -> int:
    from knox.models import AuthToken

    count, _ = AuthToken.objects.filter(user=user).delete()
    return count


@transaction.atomic
def api_tokens_revoke_all(*, user: User, actor: User | None, reason: str) -> int:
    """Every API token of the account ends now (the security administrator's revocation, or a
    deactivation); one audit row. Returns how many there were."""
    count = _tokens_delete(user)
    audit.record(
        actor=actor,
        action=audit.AuditAction.UPDATE,
        instance=user,
        after={"api_tokens_revoked": count},
        message=f"api tokens revoked: {reason}",
    )
    return count


def api_tokens_active(user: User):
    from knox.models import AuthToken

    return AuthToken.objects.filter(user=user, expiry__gt=timezone.now())


# --- lockouts ------------------------------------------------------------------------------------


@transaction.atomic
def lockout_clear(*, attempt, actor: User) -> None:
    """Unlock one username + address (delete axes' attempt row), with an audit row saying who did it."""
    before = {
        "username": attempt.username,
        "ip_address": attempt.ip_address,
        "failures_since_start": attempt.failures_since_start,
    }
    locked = User.objects.filter(username=attempt.username).first()
    attempt.delete()
    audit.record(
        actor=actor,
        action=audit.AuditAction.DELETE,
        instance=locked,
        before=before,
        message="lockout cleared",
    )


# --- password and status changes made for someone else ------------------------------------------


@transaction.atomic
def user_password_changed(*, user: User, actor: User, by_admin: bool) -> None:
    """After a password is set (by the person, or by an administrator for them): one audit row, and
    the account's API tokens end (a token must not outlive the password it was obtained with)."""
    revoked = _tokens_delete(user)
    audit.record(
        actor=actor,
        action=audit.AuditAction.UPDATE,
        instance=user,
        after={"api_tokens_revoked": revoked} if revoked else None,
        message="password set by administrator" if by_admin else "password_change",
    )


# --- the system administrator's Django-admin rights ----------------------------------------------

ADMIN_PERMISSIONS = [
    "accounts.add_user",
    "accounts.change_user",
    "accounts.view_user",
]


def grant_admin_permissions(user: User) -> None:
    """The system administrator's Django-admin rights: business accounts, nothing of the policy, the
    lockouts (security administrator) or the audit trail (audit administrator)."""
    from django.contrib.auth.models import Permission

    wanted = [p.split(".") for p in ADMIN_PERMISSIONS]
    perms = Permission.objects.filter(
        content_type__app_label__in={a for a, _ in wanted}, codename__in={c for _, c in wanted}
    )
    user.user_permissions.add(*perms)


def sync_administrator_rights(user: User) -> None:
    """Staff status and Django-admin rights follow the role: only the system administrator (and a
    superuser) enters the admin site; the other roles have no permission rows at all."""
    staff = user.is_superuser or user.role == Role.ADMIN
    if user.is_staff != staff:
        User.objects.filter(pk=user.pk).update(is_staff=staff)
        user.is_staff = staff
    if user.role == Role.ADMIN and not user.is_superuser:
        user.user_permissions.clear()
        grant_admin_permissions(user)
    elif not user.is_superuser:
        user.user_permissions.clear()

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from core import audit
from core.permissions import require

from .models import Role, User


@transaction.atomic
def user_register_session(*, user: User, session_key: str) -> None:
    """Remember the session this account signed in with; older sessions end at their next request."""
    User.objects.filter(pk=user.pk).update(current_session_key=session_key or "")
    user.current_session_key = session_key or ""


# --- API tokens ------------------------------------------------------------------------------------


@transaction.atomic
def api_token_create(*, user: User) -> tuple[object, str]:
    """A new API token for a signed-in account: (the stored row, the token shown once). Only its hash
    is kept; it expires after REST_KNOX["TOKEN_TTL"]."""
    from knox.models import AuthToken

    instance, token = AuthToken.objects.create(user=user)
    audit.record(actor=user, action=audit.AuditAction.LOGIN, instance=user, event="token.issued")
    return instance, token


@transaction.atomic
def api_token_revoke(*, token, actor: User) -> None:
    """The caller signs its own token out (`DELETE /api/v1/auth/token/`)."""
    user = token.user
    token.delete()
    audit.record(actor=actor, action=audit.AuditAction.LOGOUT, instance=user, event="token.revoked")


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
        event="token.revoked_all",
        params={"reason": reason},
    )
    return count


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
    attempt._portal_unlock_recorded = True  # core's post_delete signal leaves this unlock to us
    attempt.delete()
    audit.record(
        actor=actor,
        action=audit.AuditAction.UNLOCK,
        instance=locked,
        before=before,
        event="account.unlocked",
        params={"username": attempt.username, "ip": attempt.ip_address or ""},
    )


# --- password and status changes made for someone else ------------------------------------------


@transaction.atomic
def user_password_changed(*, user: User, actor: User, by_admin: bool) -> None:
    """After a password is set (by the person, or by an administrator for them): one audit row, and
    the account's API tokens end (a token must not outlive the password it was obtained with)."""
    revoked = _tokens_delete(user)
    audit.record(
        actor=actor,
        action=audit.AuditAction.PASSWORD_RESET if by_admin else audit.AuditAction.UPDATE,
        instance=user,
        after={"api_tokens_revoked": revoked} if revoked else None,
        event="account.password_set" if by_admin else "account.password_changed",
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


# --- passwords --------------------------------------------------------------------------------------


@transaction.atomic
def password_history_record(*, user: User) -> None:
    """Keep the hash of the password just set (User.save after set_password, through the password
    validator's hook) and forget those older than the history needs. The change itself is audited by
    the page that made it."""
    from .models import PasswordHistory

    if not user.pk or not user.has_usable_password():
        return
    PasswordHistory.objects.create(user=user, password=user.password)
    keep = max(settings.PASSWORD_HISTORY_COUNT, 1)  # the newest row also dates the password for expiry
    stale = PasswordHistory.objects.filter(user=user).values_list("pk", flat=True)[keep:]
    PasswordHistory.objects.filter(pk__in=list(stale)).delete()


# --- two-factor sign-in -----------------------------------------------------------------------------


def _code_error(device: TOTPDevice) -> str | None:
    allowed, info = device.verify_is_allowed()
    if allowed:
        return None
    locked_until = (info or {}).get("locked_until") or timezone.now()
    wait = max(1, int((locked_until - timezone.now()).total_seconds()) + 1)
    return _("验证码输错次数过多，请 %(seconds)d 秒后再试。") % {"seconds": wait}


@transaction.atomic
def two_factor_enrolment_start(*, user: User) -> TOTPDevice:
    """The authenticator the account is enrolling: a new secret, shown once as a QR code, that counts
    only once a code from it has been confirmed (two_factor_enrolment_confirm)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=str(_("身份验证器")), confirmed=False)
    return device


@transaction.atomic
def two_factor_enrolment_confirm(*, user: User, device: TOTPDevice, code: str) -> TOTPDevice:
    """The first code from the new authenticator proves it is set up: from now on sign-in asks for it."""
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user, confirmed=False)
    error = _code_error(device)
    if error is None and not device.verify_token(_digits(code)):
        error = _("验证码不正确，请输入身份验证器上当前显示的 6 位数字。")
    if error:
        raise ValidationError({"code": [error]})
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    audit.record(actor=user, action=audit.AuditAction.UPDATE, instance=user, event="account.otp_enrolled")
    return device


def two_factor_verify(*, user: User, device: TOTPDevice, code: str) -> None:
    """The second step of sign-in. A wrong code counts against the device (django-otp waits longer after
    each) and is in the audit trail; raises ValidationError on the code field."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user, confirmed=True)
        error = _code_error(device)
        if error is None and not device.verify_token(_digits(code)):
            error = _("验证码不正确，请输入身份验证器上当前显示的 6 位数字。")
        audit.record(
            actor=user,
            action=audit.AuditAction.LOGIN if error is None else audit.AuditAction.LOGIN_FAILED,
            instance=user,
            event="account.otp_passed" if error is None else "account.otp_refused",
        )
    # The refusal's audit row and the device's failure count are committed before the error is raised.
    if error:
        raise ValidationError({"code": [error]})


@transaction.atomic
def two_factor_reset(*, actor, user: User) -> int:
    """Recovery for a lost phone: the security administrator removes the account's authenticator; the
    person enrols a new one at the next sign-in (if required) or from the user menu."""
    from .permissions import can_reset_two_factor

    require(can_reset_two_factor(actor, user))
    removed, _by_model = TOTPDevice.objects.filter(user=user).delete()
    audit.record(actor=actor, action=audit.AuditAction.UPDATE, instance=user, event="account.otp_reset")
    return removed


def _digits(code: str) -> str:
    return "".join((code or "").split())

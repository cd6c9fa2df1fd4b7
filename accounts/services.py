from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from core import audit
from core.permissions import require

from .models import User


@transaction.atomic
def user_register_session(*, user: User, session_key: str) -> None:
    """Remember the session this account signed in with; older sessions end at their next request."""
    User.objects.filter(pk=user.pk).update(current_session_key=session_key or "")
    user.current_session_key = session_key or ""


ADMIN_PERMISSIONS = [
    "accounts.add_user",
    "accounts.change_user",
    "accounts.view_user",
    "core.view_auditlog",
    "axes.view_accessattempt",
    "axes.delete_accessattempt",
    "axes.view_accesslog",
]


def grant_admin_permissions(user: User) -> None:
    """The system administrator's Django-admin rights: accounts and lockouts, nothing of the policy."""
    from django.contrib.auth.models import Permission

    wanted = [p.split(".") for p in ADMIN_PERMISSIONS]
    perms = Permission.objects.filter(
        content_type__app_label__in={a for a, _ in wanted}, codename__in={c for _, c in wanted}
    )
    user.user_permissions.add(*perms)


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
    audit.record(actor=user, action=audit.AuditAction.UPDATE, instance=user, message="two-factor enrolled")
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
            message="two-factor code" if error is None else "two-factor code refused",
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
    audit.record(actor=actor, action=audit.AuditAction.UPDATE, instance=user, message="two-factor reset")
    return removed


def _digits(code: str) -> str:
    return "".join((code or "").split())

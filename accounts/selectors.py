"""Reads about accounts: for the security administrator (current lockouts, accounts holding API tokens,
the policy in force) and about an account's sign-in factors (its authenticator, its password's age)."""

from datetime import datetime
from typing import cast

from django.conf import settings
from django.db.models import Count, Max
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import PasswordHistory, User


def locked_out_attempts():
    """Username + address pairs that are locked now (AXES_FAILURE_LIMIT failures within the cool-off)."""
    from axes.helpers import get_cool_off
    from axes.models import AccessAttempt

    qs = AccessAttempt.objects.filter(failures_since_start__gte=settings.AXES_FAILURE_LIMIT)
    cool_off = get_cool_off()
    if cool_off:
        qs = qs.filter(attempt_time__gte=timezone.now() - cool_off)
    return qs.only("id", "username", "ip_address", "failures_since_start", "attempt_time").order_by(
        "-attempt_time"
    )


def accounts_with_api_tokens():
    """Accounts holding unexpired API tokens: how many, and when the latest was issued."""
    now = timezone.now()
    return (
        User.objects.filter(auth_token_set__expiry__gt=now)
        .annotate(tokens=Count("auth_token_set"), latest=Max("auth_token_set__created"))
        .order_by("username")
    )


def accounts_with_two_factor():
    """Accounts with a confirmed authenticator, for the security administrator's reset page."""
    return (
        User.objects.filter(totpdevice__confirmed=True)
        .distinct()
        .only("id", "username", "role", "last_name", "first_name")
        .order_by("username")
    )


def security_policy() -> list[tuple[str, object]]:
    """The password, lockout, session and token settings in force, as (label, value) for display."""
    from django.utils.translation import gettext as _

    from .lockout import cooloff_minutes

    configured = cast(list[dict], settings.AUTH_PASSWORD_VALIDATORS)
    validators = {v["NAME"].rsplit(".", 1)[-1]: v.get("OPTIONS", {}) for v in configured}
    knox: dict = settings.REST_KNOX
    ttl = knox["TOKEN_TTL"]
    return [
        (_("密码最短长度"), validators.get("MinimumLengthValidator", {}).get("min_length", "")),
        (_("密码至少包含的字符类别数"), validators.get("CharacterClassValidator", {}).get("min_classes", "")),
        (_("拒绝常见密码"), _("是") if "CommonPasswordValidator" in validators else _("否")),
        (_("连续登录失败锁定次数"), settings.AXES_FAILURE_LIMIT),
        (_("锁定时长（分钟）"), cooloff_minutes()),
        (_("会话无操作自动退出（分钟）"), settings.SESSION_COOKIE_AGE // 60),
        (_("API 令牌有效期（小时）"), f"{ttl.total_seconds() / 3600:g}" if ttl else _("不过期")),
        (_("可信反向代理层数"), settings.PORTAL_TRUSTED_PROXY_COUNT),
    ]


def two_factor_device(user: User) -> TOTPDevice | None:
    """The account's confirmed authenticator, if it has enrolled one."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def password_changed_at(user: User) -> datetime:
    """When the current password was set: the newest history row, else when the account was opened
    (an account older than the history has never changed its password since)."""
    latest = (
        PasswordHistory.objects.filter(user=user).order_by("-created_at").values_list("created_at", flat=True)
    ).first()
    return latest or user.date_joined


def recent_password_hashes(user: User) -> list[str]:
    """The hashes a new password may not match: the last PASSWORD_HISTORY_COUNT, the current included."""
    count = settings.PASSWORD_HISTORY_COUNT
    if count <= 0:
        return []
    hashes = list(PasswordHistory.objects.filter(user=user).values_list("password", flat=True)[:count])
    if user.password and user.password not in hashes:
        hashes = [user.password, *hashes][:count]
    return hashes

"""Who must give a second factor, whose password expires, and how long a session may last: rules read
from settings (role codes, days, seconds), no database, so they hold before and after new roles."""

from datetime import datetime, timedelta

from django.conf import settings
from django.utils.translation import gettext as _


def _has_listed_role(user, roles) -> bool:
    return bool(user is not None and user.is_authenticated and (user.role in roles or user.is_superuser))


def two_factor_required(user) -> bool:
    """DJANGO_REQUIRE_2FA on and the user one of OTP_REQUIRED_ROLES (or a superuser)."""
    return bool(settings.REQUIRE_2FA) and _has_listed_role(user, settings.OTP_REQUIRED_ROLES)


def password_expiry_applies(user) -> bool:
    return settings.PASSWORD_MAX_AGE_DAYS > 0 and _has_listed_role(user, settings.PASSWORD_EXPIRY_ROLES)


def password_is_expired(*, changed_at: datetime, now: datetime) -> bool:
    return now - changed_at > timedelta(days=settings.PASSWORD_MAX_AGE_DAYS)


def session_is_too_old(*, signed_in_at: float, now: float) -> bool:
    return now - signed_in_at > settings.SESSION_ABSOLUTE_SECONDS


def duration_text(seconds: int) -> str:
    """A setting's length in the words a user reads: whole hours, else whole minutes."""
    if seconds >= 3600 and seconds % 3600 == 0:
        return _("%(hours)d 小时") % {"hours": seconds // 3600}
    return _("%(minutes)d 分钟") % {"minutes": max(1, round(seconds / 60))}

"""Reads about an account's sign-in factors: its authenticator device and the age of its password."""

from datetime import datetime

from django.conf import settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import PasswordHistory, User


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

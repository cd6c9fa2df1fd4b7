"""What a sign-in leaves in the session, read by the middlewares on every request without a query:
when it started (absolute lifetime), whether the password has expired, whether the account has an
authenticator (so the second step is asked even where two-factor is optional)."""

import time

from django.utils import timezone

from . import policy
from .selectors import password_changed_at, two_factor_device

SIGNED_IN_AT = "accounts_signed_in_at"
PASSWORD_EXPIRED = "accounts_password_expired"
TWO_FACTOR_ENROLLED = "accounts_two_factor_enrolled"


def on_logged_in(sender, request, user, **kwargs):
    """user_logged_in: stamp the new session."""
    if request is None or not hasattr(request, "session"):
        return
    session = request.session
    session[SIGNED_IN_AT] = time.time()
    session.pop(PASSWORD_EXPIRED, None)
    session.pop(TWO_FACTOR_ENROLLED, None)
    if policy.password_expiry_applies(user) and policy.password_is_expired(
        changed_at=password_changed_at(user), now=timezone.now()
    ):
        session[PASSWORD_EXPIRED] = True
    if two_factor_device(user) is not None:
        session[TWO_FACTOR_ENROLLED] = True


def is_verified(user) -> bool:
    """django-otp's OTPMiddleware marks the user; a user just signed in (`login` replaced
    request.user) has not given the code yet."""
    check = getattr(user, "is_verified", None)
    return bool(check and check())


def two_factor_step(request) -> str | None:
    """The page a signed-in, not yet verified user must go through first (a URL name), or None."""
    user = request.user
    required = policy.two_factor_required(user)
    if not required and not request.session.get(TWO_FACTOR_ENROLLED):
        return None
    if two_factor_device(user) is not None:
        return "accounts:two_factor_verify"
    if required:
        return "accounts:two_factor_setup"
    request.session.pop(TWO_FACTOR_ENROLLED, None)  # the device was reset meanwhile
    return None

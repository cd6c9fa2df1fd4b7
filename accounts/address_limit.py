"""A limit per client address beside axes' per-account lockout, against password spraying (one address
trying one password on many usernames).

Design: axes 8 locks on lockout parameters but applies one AXES_FAILURE_LIMIT to all of them, so
`[["username", "ip_address"], "ip_address"]` would lock an address after 5 failures across usernames
(one office of officials behind one NAT). Instead the failures of an address are counted in the cache
(shared Redis in production) for SIGN_IN_IP_WINDOW_MINUTES from the first one; at
SIGN_IN_IP_FAILURE_LIMIT every sign-in from that address is refused until the window ends, whatever the
username or password. The check is an authentication backend (like axes' own), so the login page, the
admin's and the API token all pass through it; SignInAddressLimitMiddleware answers 429.
A successful sign-in does not reset the count (one valid account must not hide the spraying).
"""

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from core.request_context import client_ip

LIMITED_FLAG = "sign_in_address_limited"


def _key(ip: str) -> str:
    return f"sign-in-failures:{ip}"


def _window_seconds() -> int:
    return settings.SIGN_IN_IP_WINDOW_MINUTES * 60


def failures_from(ip: str) -> int:
    return int(cache.get(_key(ip), 0))


def is_limited(ip: str | None) -> bool:
    return bool(ip) and failures_from(ip) >= settings.SIGN_IN_IP_FAILURE_LIMIT


def count_failure(ip: str | None) -> None:
    if not ip:
        return
    key = _key(ip)
    cache.add(key, 0, timeout=_window_seconds())  # the window starts at the first failure
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=_window_seconds())


def limited_message() -> str:
    return _("该地址登录失败次数过多，已暂停从该地址登录，请 %(minutes)d 分钟后再试。") % {
        "minutes": settings.SIGN_IN_IP_WINDOW_MINUTES
    }


def _http_request(request):
    # DRF wraps Django's request; the middleware sees the wrapped one.
    return getattr(request, "_request", request)


def was_limited(request) -> bool:
    return bool(getattr(_http_request(request), LIMITED_FLAG, False))


class SignInAddressLimitBackend:
    """First after axes in AUTHENTICATION_BACKENDS: refuses before any password is checked."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        if is_limited(client_ip(request)):
            setattr(_http_request(request), LIMITED_FLAG, True)
            raise PermissionDenied(limited_message())
        return None

    # No get_user: this backend never signs anyone in (Django, and the test client's force_login, look
    # for the first backend with get_user to keep in the session).


def on_login_failed(sender, credentials, request=None, **kwargs):
    """user_login_failed: one more failure for the address (refusals while limited are not counted)."""
    if request is not None and not was_limited(request):
        count_failure(client_ip(request))

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME, logout
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext as _

from core.web import API_PREFIX

from . import address_limit, policy, sign_in


class _Middleware:
    def __init__(self, get_response):
        self.get_response = get_response


def _signed_in(request):
    """The request's signed-in user, or None."""
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


class SingleSessionMiddleware(_Middleware):
    """Ends a session when the same account has signed in elsewhere since (no shared accounts)."""

    def __call__(self, request):
        user = _signed_in(request)
        if user and user.current_session_key and request.session.session_key != user.current_session_key:
            logout(request)
            messages.warning(request, _("该账号已在其他地方登录，本次会话已结束。账号仅限本人使用。"))
            return redirect("accounts:login")
        key_before = request.session.session_key
        response = self.get_response(request)
        self._follow_cycled_key(request, key_before)
        return response

    @staticmethod
    def _follow_cycled_key(request, key_before):
        # Django gives the session a new key when a password changes (update_session_auth_hash):
        # same person, same session, so the account follows the new key instead of ending it.
        user = _signed_in(request)
        key_after = request.session.session_key
        if (
            key_before
            and key_after
            and key_after != key_before
            and user
            and user.current_session_key == key_before
        ):
            from .services import user_register_session

            user_register_session(user=user, session_key=key_after)


# --- gates after sign-in: lifetime, second factor, expired password, sign-ins per address -------------

# Pages a gated user may still open: leaving, the gate pages themselves, the language switch.
_ALWAYS_OPEN = {"accounts:logout", "set_language", "javascript-catalog"}


def _url_name(request) -> str:
    try:
        return resolve(request.path_info).view_name
    except Resolver404:
        return ""


def _send_to(request, url_name: str, reason: str, *, keep_next: bool = True, flash: bool = True):
    """Redirect a page request (htmx: HX-Redirect), saying why unless the page itself does; answer an
    API request with 403 and the reason."""
    if request.path_info.startswith(API_PREFIX):
        return JsonResponse({"detail": reason}, status=403)
    if flash:
        messages.warning(request, reason)
    url = reverse(url_name)
    if keep_next and request.method == "GET":
        url = f"{url}?{urlencode({REDIRECT_FIELD_NAME: request.get_full_path()})}"
    if request.headers.get("HX-Request"):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


class SessionLifetimeMiddleware(_Middleware):
    """Ends a session SESSION_ABSOLUTE_SECONDS after sign-in, however active (the idle timeout is
    SESSION_COOKIE_AGE), and says why."""

    def __call__(self, request):
        if _signed_in(request):
            now = time.time()
            started = request.session.get(sign_in.SIGNED_IN_AT)
            if started is None:  # a session from before this rule: its lifetime starts now
                request.session[sign_in.SIGNED_IN_AT] = now
            elif policy.session_is_too_old(signed_in_at=started, now=now):
                logout(request)
                message = _("登录已超过 %(duration)s，为保障账号安全，请重新登录。") % {
                    "duration": policy.duration_text(settings.SESSION_ABSOLUTE_SECONDS)
                }
                if request.path_info.startswith(API_PREFIX):
                    return JsonResponse({"detail": message}, status=401)
                messages.warning(request, message)
                return redirect("accounts:login")
        return self.get_response(request)


class TwoFactorMiddleware(_Middleware):
    """A signed-in user who has not given the second factor goes to it before anything else: to the code
    page when enrolled, to enrolment when two-factor is required for the role and not set up yet."""

    OPEN = _ALWAYS_OPEN | {"accounts:two_factor_verify", "accounts:two_factor_setup"}

    def __call__(self, request):
        user = _signed_in(request)
        if user and not sign_in.is_verified(user):
            step = sign_in.two_factor_step(request)
            if step and _url_name(request) not in self.OPEN:
                return _send_to(request, step, _("请先完成两步验证。"))
        return self.get_response(request)


class PasswordExpiryMiddleware(_Middleware):
    """A staff account whose password is older than PASSWORD_MAX_AGE_DAYS changes it before anything else."""

    # The two-factor pages too: the code comes first (TwoFactorMiddleware), then the new password.
    OPEN = _ALWAYS_OPEN | {
        "accounts:password_change",
        "accounts:two_factor_verify",
        "accounts:two_factor_setup",
    }

    def __call__(self, request):
        if (
            _signed_in(request)
            and request.session.get(sign_in.PASSWORD_EXPIRED)
            and _url_name(request) not in self.OPEN
        ):
            return _send_to(
                request,
                "accounts:password_change",
                _("密码已超过 %(days)d 天未修改，请先修改密码。") % {"days": settings.PASSWORD_MAX_AGE_DAYS},
                keep_next=False,
                flash=False,  # the change-password page says why, once
            )
        return self.get_response(request)


class SignInAddressLimitMiddleware(_Middleware):
    """Turns a sign-in refused by accounts.address_limit into 429 with the reason (page or JSON)."""

    def __call__(self, request):
        response = self.get_response(request)
        if not address_limit.was_limited(request):
            return response
        message = address_limit.limited_message()
        if request.path_info.startswith(API_PREFIX):
            return JsonResponse({"detail": message}, status=429)
        return render(request, "accounts/address_limited.html", {"message": message}, status=429)


class AdministratorScopeMiddleware(_Middleware):
    """三员分立: the three administrators (and a superuser) reach their own tools only. Business pages
    answer 403 to them whatever a view or a `visible_to` would do; the API is held by
    `accounts.api_permissions.BusinessAccountsOnly` (tokens are read after middleware)."""

    # Pages every administrator may open; each page still checks which administrator it is for.
    ALLOWED_PREFIXES = (
        "/accounts/",
        "/admin/",
        "/home/",
        "/audit/",
        "/notifications/",
        "/programme/",  # the published policy and its reference data (towns, departments)
        "/i18n/",
        "/jsi18n/",
        "/static/",
        "/api/",
        "/health/",  # the system administrator reads each check (core.health)
        "/help/",  # the help of their own role; no business data
    )

    def __call__(self, request):
        from django.core.exceptions import PermissionDenied

        from .permissions import is_administrator

        user = getattr(request, "user", None)
        if (
            user is not None
            and is_administrator(user)
            and request.path != "/"
            and not request.path.startswith(self.ALLOWED_PREFIXES)
        ):
            raise PermissionDenied(_("管理员账号不能查看或办理业务数据（三员分立）。"))
        return self.get_response(request)

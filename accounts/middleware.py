from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.utils.translation import gettext as _


class SingleSessionMiddleware:
    """Ends a session when the same account has signed in elsewhere since (no shared accounts)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and user.current_session_key
            and request.session.session_key != user.current_session_key
        ):
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
        user = getattr(request, "user", None)
        key_after = request.session.session_key
        if (
            key_before
            and key_after
            and key_after != key_before
            and user is not None
            and user.is_authenticated
            and user.current_session_key == key_before
        ):
            from .services import user_register_session

            user_register_session(user=user, session_key=key_after)


class AdministratorScopeMiddleware:
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
    )

    def __init__(self, get_response):
        self.get_response = get_response

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

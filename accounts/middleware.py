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

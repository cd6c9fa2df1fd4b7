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
        return self.get_response(request)

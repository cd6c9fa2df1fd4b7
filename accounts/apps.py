from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("账号与角色")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in, user_login_failed

        from . import address_limit, schema, sign_in  # noqa: F401  (schema: the token scheme in the API docs)
        from .services import user_register_session

        def _remember_session(sender, request, user, **kwargs):
            if request is not None and hasattr(request, "session"):
                user_register_session(user=user, session_key=request.session.session_key)

        # weak=False: a nested function has no other reference and would be garbage-collected at once.
        user_logged_in.connect(_remember_session, dispatch_uid="accounts_single_session", weak=False)
        # The session's start, an expired password, an enrolled authenticator: read by the middlewares.
        user_logged_in.connect(sign_in.on_logged_in, dispatch_uid="accounts_sign_in_state")
        # Failures per client address, across usernames (password spraying).
        user_login_failed.connect(address_limit.on_login_failed, dispatch_uid="accounts_address_failures")

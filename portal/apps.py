from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The top layer: each role's home page, the navigation and the demo data set. It may import
    every domain app; nothing imports it (import-linter holds the layers, see pyproject.toml)."""

    name = "portal"
    verbose_name = _("门户")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .context_processors import remember_department_menu

        # A department's menu depends on its grants: asked once at sign-in, kept in the session.
        user_logged_in.connect(remember_department_menu, dispatch_uid="portal_department_menu")

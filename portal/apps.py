from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The top layer: each role's home page, the navigation and the demo data set. It may import
    every domain app; nothing imports it (import-linter holds the layers, see pyproject.toml)."""

    name = "portal"
    verbose_name = _("门户")

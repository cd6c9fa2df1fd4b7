from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("公共")

    def ready(self):
        from . import (  # noqa: F401
            checks,  # audit settings
            signals,  # audit of sign-in events
            tasks,  # eager-mode tasks run after the response
        )

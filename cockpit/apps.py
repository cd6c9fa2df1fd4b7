from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CockpitConfig(AppConfig):
    name = "cockpit"
    verbose_name = _("领导驾驶舱")

    def ready(self):
        from .signals import connect

        connect()

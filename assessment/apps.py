from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_schedules(sender, **kwargs):
    """After migrate: every periodic task of the portal has its row in the beat tables."""
    from .services.schedules import sync_default_schedules

    sync_default_schedules()


class AssessmentConfig(AppConfig):
    name = "assessment"
    verbose_name = _("调度与考核")

    def ready(self):
        post_migrate.connect(_sync_schedules, sender=self, dispatch_uid="assessment_sync_schedules")

"""Celery beat's scheduler for the portal: django-celery-beat's database scheduler, except that the
settings' CELERY_BEAT_SCHEDULE entries are defaults added when missing, never written over the
office's changes at every start (the base class rewrites them from the settings)."""

import logging

from django.db import DatabaseError
from django_celery_beat.schedulers import DatabaseScheduler

logger = logging.getLogger(__name__)


class PortalScheduler(DatabaseScheduler):
    def setup_schedule(self):
        self.install_default_entries(self.schedule)
        from .services.schedules import sync_default_schedules

        try:
            added = sync_default_schedules()
        except DatabaseError as exc:  # tables not migrated yet: the next sync picks the rows up
            logger.warning("portal beat: schedules not synced: %s", exc)
        else:
            if added:
                logger.info("portal beat: periodic tasks added: %s", ", ".join(added))

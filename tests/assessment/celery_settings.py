"""The test settings for a real beat process: tasks go to the broker, never run in the beat itself."""

from config.settings.test import *  # noqa: F401,F403

CELERY_TASK_ALWAYS_EAGER = False

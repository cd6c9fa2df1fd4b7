"""Embedded default for `make demo`: SQLite, Celery tasks run eagerly in-process, debug on."""

from .base import *  # noqa: F401,F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Static files are served from the source folders (WhiteNoise finders); no collectstatic needed.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True

"""Embedded default for `make demo`: SQLite, Celery tasks run eagerly in-process, debug off (officials
try the demo and see the portal's own error pages; developers set DJANGO_DEBUG=true)."""

from .base import *  # noqa: F401,F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=False)
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Static files are served from the source folders (WhiteNoise finders); no collectstatic needed.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
# One process, no Redis needed: the cache (sign-in failure counts per address) is in memory.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Two-factor sign-in is off in the demo; `DJANGO_REQUIRE_2FA=true make demo` turns it on.
REQUIRE_2FA = env.bool("DJANGO_REQUIRE_2FA", default=False)
# The cockpit's summary rows are unique with NULLs not distinct; PostgreSQL (production and the tests)
# enforces that, SQLite cannot and Django says so on every command. The refresh rewrites its rows in one
# transaction, so the embedded demo does not depend on the constraint.
SILENCED_SYSTEM_CHECKS = ["models.W047"]

"""Test settings: the real PostgreSQL and Redis of this machine unless DATABASE_URL / REDIS_URL say otherwise."""

import os

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/industry_portal")

from .base import *  # noqa: E402,F401,F403
from .base import DATABASES  # noqa: E402

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed; real hashers in other envs
CELERY_TASK_ALWAYS_EAGER = True
DATABASES["default"]["CONN_MAX_AGE"] = 0
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # Test databases are flushed between transactional tests; the audit trail's trigger refuses
    # TRUNCATE unless the session says so (core/audit.py). Only test settings say so.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c portal.audit_truncate=on"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Static files are served from the source folders (WhiteNoise finders); no collectstatic needed.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
# Counters in process memory (tests/conftest.py clears them between tests); two-factor off unless a
# test turns it on with the `settings` fixture.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
REQUIRE_2FA = False

"""Production: refuses to start without a real secret key; secure cookies; hashed static files."""

from .base import *  # noqa: F401,F403
from .base import env

SECRET_KEY = env("DJANGO_SECRET_KEY")  # no default: a missing key is a start-up error
DEBUG = False
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=True)
CSRF_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# 等保2.0 三级: two-factor sign-in for the office, departments and administrators (DJANGO_REQUIRE_2FA=false
# turns it off, e.g. for a trial without authenticator apps).
REQUIRE_2FA = env.bool("DJANGO_REQUIRE_2FA", default=True)

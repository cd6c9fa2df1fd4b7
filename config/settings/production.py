"""Production: refuses to start without a real secret key; HTTPS only (behind a TLS proxy); hashed static
files; a Redis cache shared by every gunicorn worker. Every variable read here is listed, with its meaning
and default, in the README ("Production environment"); tests/deploy/test_check_deploy.py holds
`manage.py check --deploy` clean with those defaults."""

from pathlib import Path

from .base import *  # noqa: F401,F403
from .base import REDIS_URL, env

SECRET_KEY = env("DJANGO_SECRET_KEY")  # no default: a missing key is a start-up error
DEBUG = False

# --- HTTPS ---------------------------------------------------------------------------------------
# The portal sits behind a proxy that terminates TLS and says so in X-Forwarded-Proto; the proxy must set
# (overwrite) that header on every request. Empty DJANGO_PROXY_SSL_HEADER: no proxy, gunicorn serves TLS
# clients directly (then every plain-HTTP request is redirected).
_proxy_ssl_header = env("DJANGO_PROXY_SSL_HEADER", default="X-Forwarded-Proto")
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_" + _proxy_ssl_header.upper().replace("-", "_"), "https") if _proxy_ssl_header else None
)
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
# Load balancers and container health checks probe over plain HTTP from inside the network.
SECURE_REDIRECT_EXEMPT = [r"^health/"]
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_HSTS_PRELOAD", default=True)
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=True)
CSRF_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# --- files ---------------------------------------------------------------------------------------
STATIC_ROOT = Path(env("DJANGO_STATIC_ROOT", default=str(STATIC_ROOT)))  # noqa: F405 (from base)

# --- cache -----------------------------------------------------------------------------------------
# One cache for all gunicorn workers and containers (a per-process memory cache would disagree between
# them); the health check writes and reads a key in it.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env("CACHE_URL", default=REDIS_URL),
        "KEY_PREFIX": "portal",
    }
}

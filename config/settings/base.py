"""Settings shared by every environment; each value that differs comes from the environment."""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False) if (BASE_DIR / ".env").exists() else None

SECRET_KEY = env("DJANGO_SECRET_KEY", default="insecure-dev-key-change-me")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
# A refused CSRF check answers the portal's own 403 page (core/errors.py), not Django's English one.
CSRF_FAILURE_VIEW = "core.errors.csrf_failure"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "knox",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    "import_export",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csp",
    "django_celery_beat",
    "core",
    "accounts",
    "programs",
    "enterprises",
    "pools",
    "credit",
    "funds",
    "docking",
    "assessment",
    "cockpit",
    "reporting",
    "portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",  # request.user.is_verified(): the second factor was given
    "core.middleware.RequestContextMiddleware",
    "core.middleware.AuditAccessMiddleware",  # refused access, downloads and API list reads
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.SingleSessionMiddleware",  # after messages: it tells the user why they were signed out
    "accounts.middleware.SessionLifetimeMiddleware",
    "accounts.middleware.TwoFactorMiddleware",
    "accounts.middleware.PasswordExpiryMiddleware",  # after two-factor: the code first, then the new password
    "accounts.middleware.AdministratorScopeMiddleware",  # 三员分立: administrators reach their own tools only
    "django_htmx.middleware.HtmxMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "accounts.middleware.SignInAddressLimitMiddleware",
    "csp.middleware.CSPMiddleware",
    # no-store on every answer to a signed-in user and on every attachment; Permissions-Policy
    "core.middleware.PrivateResponseMiddleware",
]

# Content-Security-Policy (django-csp): script only from our own static files — no inline <script>, no
# onclick=; data reaches scripts through json_script or data- attributes. Styles keep 'unsafe-inline':
# templates carry a few style="" attributes and htmx adds its indicator <style>; a style cannot run code.
# Images may be data: URLs (Bootstrap's icons in CSS, ECharts' export).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Browser features the portal never uses, refused for every page (and any frame in it).
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), "
    "magnetometer=(), gyroscope=(), accelerometer=(), display-capture=()"
)

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=60)
# The embedded SQLite serves several requests at once (sign-ins write sessions and audit rows): readers
# do not block the writer (WAL), a writer waits up to 5 s for another instead of failing at once, and a
# transaction takes the write lock when it starts (no "database is locked" when a read turns into a write).
SQLITE_OPTIONS = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    "timeout": 5,
    "transaction_mode": "IMMEDIATE",
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(SQLITE_OPTIONS)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accounts.address_limit.SignInAddressLimitBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "accounts.validators.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "accounts.validators.CharacterClassValidator", "OPTIONS": {"min_classes": 3}},
    # Refuses the last PASSWORD_HISTORY_COUNT passwords and records each new one (hashes only).
    {"NAME": "accounts.validators.PasswordHistoryValidator"},
]
# Passwords (等保2.0 三级 身份鉴别: 口令定期更换; where it and OWASP ASVS differ, 等保 wins):
# - PASSWORD_HISTORY_COUNT (default 5): a new password may not be any of the account's last N
#   (the current one included); 0 turns the check off. Every account, every role.
# - PASSWORD_MAX_AGE_DAYS (default 90): an account of PASSWORD_EXPIRY_ROLES (and every superuser) whose
#   password is older is sent to the change-password page after sign-in; 0 turns expiry off.
PASSWORD_HISTORY_COUNT = env.int("PASSWORD_HISTORY_COUNT", default=5)
PASSWORD_MAX_AGE_DAYS = env.int("PASSWORD_MAX_AGE_DAYS", default=90)
PASSWORD_EXPIRY_ROLES = ["office", "department", "admin", "security_admin", "audit_admin"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sessions end after 30 minutes without a request (each request renews the cookie).
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_SECONDS", default=30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
# ...and, however active, SESSION_ABSOLUTE_SECONDS (default 8 hours) after signing in
# (accounts.middleware.SessionLifetimeMiddleware ends it and says why).
SESSION_ABSOLUTE_SECONDS = env.int("SESSION_ABSOLUTE_SECONDS", default=8 * 60 * 60)

# Two-factor sign-in (TOTP authenticator app, django-otp). DJANGO_REQUIRE_2FA (default off here and in
# the embedded demo, on in production settings) makes it compulsory for OTP_REQUIRED_ROLES and every
# superuser: they enrol before anything else, then give the code after the password at each sign-in.
# Towns and enterprises may enrol from the user menu; once enrolled, the code is asked of them too.
# OTP_RESET_ROLES may reset someone's device (audited) when a phone is lost.
REQUIRE_2FA = env.bool("DJANGO_REQUIRE_2FA", default=False)
OTP_REQUIRED_ROLES = ["office", "department", "admin", "security_admin", "audit_admin"]
OTP_RESET_ROLES = ["security_admin"]
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", default="产业培育")  # the name the authenticator app shows

# django-axes: five failures for one username from one address lock it for 30 minutes.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.5)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# Failed sign-ins are in the audit trail; axes itself stays quiet unless asked (AXES_VERBOSE=true).
AXES_VERBOSE = env.bool("AXES_VERBOSE", default=False)
# The client address, one function for the audit trail and for axes: the number of reverse proxies
# in front of the portal that append to X-Forwarded-For (0: none, REMOTE_ADDR is the client). The
# client writes the left of that header, so the address is read that many hops from the right.
PORTAL_TRUSTED_PROXY_COUNT = env.int("DJANGO_TRUSTED_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "core.request_context.client_ip"
# One lockout answer (429, with the minutes of AXES_COOLOFF_TIME) for the sign-in page and the API.
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
# Password spraying (one address, many usernames): SIGN_IN_IP_FAILURE_LIMIT failed sign-ins
# (default 20) from one client address within SIGN_IN_IP_WINDOW_MINUTES (default 15) refuse every
# further sign-in from it, any username, with 429 until the window ends. Counted in the cache
# (accounts.address_limit): axes 8 applies one AXES_FAILURE_LIMIT to every lockout parameter.
SIGN_IN_IP_FAILURE_LIMIT = env.int("SIGN_IN_IP_FAILURE_LIMIT", default=20)
SIGN_IN_IP_WINDOW_MINUTES = env.int("SIGN_IN_IP_WINDOW_MINUTES", default=15)

# The audit trail (core/audit.py): rows are sealed with an HMAC chain keyed by AUDIT_HMAC_KEY (derived
# from SECRET_KEY when empty; set it in production and never rotate it in place). At least 180 days
# stay online (等保); rows are in fact never deleted, only archived to files.
AUDIT_HMAC_KEY = env("AUDIT_HMAC_KEY", default="")
AUDIT_RETENTION_DAYS = env.int("AUDIT_RETENTION_DAYS", default=180)

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
# Grouping is applied where numbers are amounts (money filters, intcomma), never to years or ids.
USE_THOUSAND_SEPARATOR = False
FORMAT_MODULE_PATH = ["config.formats"]

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "core.staticfiles.PortalStaticFilesStorage"
    },  # hashed, compressed (WhiteNoise)
}
# Uploaded evidence is private: it lives outside STATIC/MEDIA URLs and is served only through views
# that check permissions.
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "private_media")))

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "accounts.authentication.PortalTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "accounts.api_permissions.BusinessAccountsOnly",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    # Every body string checked for control characters, JSON depth bounded (core.parsers).
    "DEFAULT_PARSER_CLASSES": [
        "core.parsers.JSONParser",
        "core.parsers.FormParser",
        "core.parsers.MultiPartParser",
    ],
    "DEFAULT_SCHEMA_CLASS": "core.api.PortalAutoSchema",
    "EXCEPTION_HANDLER": "core.api.exception_handler",
}
# API tokens (django-rest-knox): stored as a hash, expire after API_TOKEN_TTL_HOURS, revoked by
# `DELETE /api/v1/auth/token/`, by the security administrator, and on password change or deactivation.
REST_KNOX = {
    "TOKEN_TTL": timedelta(hours=env.float("API_TOKEN_TTL_HOURS", default=10)),
    "AUTH_HEADER_PREFIX": "Token",
    "AUTO_REFRESH": False,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "产业培育 portal API",
    "DESCRIPTION": "罗发〔2016〕23号 工业转型升级三年行动: pools, enterprises, nominations.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema and the docs describe every operation: for signed-in accounts only.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # Swagger UI from the sidecar package: no CDN on a government intranet.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # One name for each choice set used by several fields or components (drf-spectacular warns otherwise).
    "ENUM_NAME_OVERRIDES": {
        "MeetingStateEnum": "docking.models.meetings.MeetingState",
        "RefusalReasonEnum": "docking.models.applications.RefusalReason",
        "ReviewColourEnum": "assessment.models.reviews.Colour",
    },
}

REDIS_URL = env("REDIS_URL", default="redis://127.0.0.1:6379/0")
# The cache holds the per-address sign-in failure counts, so every web process must share it: Redis.
# The embedded demo and the tests use process memory (config/settings/local.py, test.py).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env("CACHE_URL", default=REDIS_URL),
        "KEY_PREFIX": "portal",
    }
}
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=REDIS_URL)
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
# Beat reads the schedule from the database (django-celery-beat): the office changes days and times on
# its page without a deploy. The entries below are the defaults: added to the database when missing
# (assessment.services.schedules), never written over the office's changes.
CELERY_BEAT_SCHEDULER = "assessment.beat:PortalScheduler"
CELERY_BEAT_SCHEDULE: dict = {}
# Monthly-report obligations, reminders and lateness; idempotent, so hourly is safe.
CELERY_BEAT_SCHEDULE["pools-nomination-imports-fail-stale"] = {
    "task": "pools.nomination_imports_fail_stale",
    "schedule": 300.0,
}
CELERY_BEAT_SCHEDULE["reporting-daily"] = {"task": "reporting.daily", "schedule": 3600.0}
# The late list's summary rebuilt whole from the dues each night (the hourly run recounts only the
# rows a passing due date made stale): after the night's hourly run, before the cockpit's refresh.
CELERY_BEAT_SCHEDULE["reporting-rebuild-late-summary-nightly"] = {
    "task": "reporting.rebuild_late_summary",
    "schedule": crontab(minute=30, hour=2),
}
# Credit: every enterprise re-rated on the 1st of each month at 02:00; expired records swept daily (idempotent).
CELERY_BEAT_SCHEDULE["credit-rate-all-monthly"] = {
    "task": "credit.rate_all",
    "schedule": crontab(minute=0, hour=2, day_of_month=1),
}
# The departments' enterprises (a kept table the scopes read), recounted nightly to repair any drift.
CELERY_BEAT_SCHEDULE["pools-rebuild-department-reach-nightly"] = {
    "task": "pools.rebuild_department_reach",
    "schedule": crontab(minute=40, hour=2),
}
# The cockpit's summary tables, every night after the credit runs (events refresh them in between).
CELERY_BEAT_SCHEDULE["cockpit-refresh-nightly"] = {
    "task": "cockpit.refresh",
    "schedule": crontab(minute=0, hour=3),
}
CELERY_BEAT_SCHEDULE["credit-rate-expired-daily"] = {
    "task": "credit.rate_expired",
    "schedule": crontab(minute=30, hour=1),
}
# Funds: overdue bridge loans aged, penalties accrued, credit records and the pause rule (idempotent).
CELERY_BEAT_SCHEDULE["funds-daily"] = {"task": "funds.daily", "schedule": crontab(minute=10, hour=0)}

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="portal@localhost")

IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=20000)
IMPORT_MAX_BYTES = env.int("IMPORT_MAX_BYTES", default=10 * 1024 * 1024)
# Checked from the zip directory before a workbook is parsed (a small file may unpack to gigabytes).
IMPORT_MAX_UNCOMPRESSED_BYTES = env.int("IMPORT_MAX_UNCOMPRESSED_BYTES", default=100 * 1024 * 1024)
IMPORT_MAX_RATIO = env.int("IMPORT_MAX_RATIO", default=100)
IMPORT_MAX_CELL_CHARS = env.int("IMPORT_MAX_CELL_CHARS", default=5000)
IMPORT_MAX_ERRORS = env.int("IMPORT_MAX_ERRORS", default=200)  # rows of errors stored and shown
NOMINATION_IMPORT_MAX_ROWS = env.int("NOMINATION_IMPORT_MAX_ROWS", default=1000)
# A bulk nomination job with no progress for this long is failed (its worker died or never started).
NOMINATION_IMPORT_STALE_MINUTES = env.int("NOMINATION_IMPORT_STALE_MINUTES", default=15)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
}

PORTAL_NAME = _("产业培育")
# An enterprise account's invitation link (set your own password) is valid this many days.
PORTAL_INVITATION_DAYS = env.int("PORTAL_INVITATION_DAYS", default=7)
EVIDENCE_MAX_BYTES = env.int("EVIDENCE_MAX_BYTES", default=10 * 1024 * 1024)
UPLOAD_MAX_IMAGE_PIXELS = env.int("UPLOAD_MAX_IMAGE_PIXELS", default=60_000_000)

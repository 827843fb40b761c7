"""Settings for every environment, read from the environment with safe local defaults.

With nothing set the site runs on the embedded default: SQLite, a local-memory cache and
Celery in eager mode, so a newcomer needs nothing installed. Set ``DATABASE_URL`` and
``CELERY_BROKER_URL`` to run on PostgreSQL with a real worker on Redis.
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-change-me-in-production-0123456789")
DEBUG = env.bool("DEBUG", default=True)
# seed_demo creates accounts with a published password and authenticator secret: allowed here and in
# the tests, refused in production unless DEMO_DATA=true says this is a demo or bench installation.
DEMO_DATA = True
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # Before the admin, so the admin shows one tab per language of a translated field.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "knox",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "auditlog",
    "csp",
    "portal.accounts",
    "portal.notifications",
    "portal.demo",
    "portal.reports",
    "portal.notices",
    "tenants",
    "tenants.partners",
    "tenants.desk",
    "tenants.booking",
    "tenants.performance",
    "programs",
]

# Order matters for the page cache (portal/pagecache.py): it comes first, so a hit skips every other
# middleware, and a stored response keeps every header they added (HSTS and the other security headers,
# X-Frame-Options, the CSP). That is safe because only a 200 is stored, under a key that holds the scheme
# and host: a request the security middleware would redirect to HTTPS, a disallowed host, a NUL byte or
# a static file never produces an entry to answer from. Below it: everything that reads the session or
# the user, or writes (sessions, CSRF, auth, messages, MFA, audit). A middleware that adds headers that
# are the same for every anonymous visitor (a CSP without nonces) may go anywhere below it. One that
# marks signed-in responses ``Cache-Control: private, no-store`` may too: such a response is never stored.
MIDDLEWARE = [
    "portal.pagecache.PublicPageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "portal.middleware.RejectNulBytesMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Signed-in pages (portal/personalcache.py): the versions of what a page reads are read here, before
    # authentication reads the user; the answer comes from the last middleware, after the session rules.
    "portal.personalcache.PersonalPageCacheMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "portal.middleware.PrivateNoStoreMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # After the account middleware: a session past its idle or absolute limit ends first, then a
    # staff session that has not passed two-factor authentication is sent to set it up or pass it.
    "portal.accounts.middleware.SessionLifetimeMiddleware",
    "portal.accounts.middleware.StaffMfaMiddleware",
    "portal.middleware.AuditlogOnWritesMiddleware",
    "portal.personalcache.PersonalPageHitMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

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
                "tenants.context_processors.current_firm",
            ],
            "builtins": ["portal.templatetags.hub"],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # Redis down: log and answer from local memory per process, so login, sign-up and their rate limits
    # keep working (README "When a service is down").
    CACHES["default"]["BACKEND"] = "portal.cache.DegradingRedisCache"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "landing"  # portal.dashboard.landing: each role to its own workspace

# Accounts (django-allauth): e-mail is the login and must be verified before first sign-in.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_SIGNUP_FORM_CLASS = "portal.accounts.forms.ConsentSignupForm"
ACCOUNT_ADAPTER = "portal.accounts.adapter.AccountAdapter"
SITE_NAME = env.str("SITE_NAME", default="Hub&Bridge")  # the portal's name in mails (greeting, layout, subject prefix)
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = False  # sessions end with the browser; no "remember me" on shared PCs
ACCOUNT_USER_DISPLAY = "portal.accounts.adapter.user_display"
# PIPA's safety rules ask that repeated failed logins lock the account for a while:
# 5 failures for one address in 15 minutes lock it for the rest of that window.
ACCOUNT_RATE_LIMITS = {"login_failed": env.str("LOGIN_FAILED_RATE", default="20/m/ip,5/15m/key")}
# The client address allauth's rate limits count by: the number of proxies in front of the site that
# append to X-Forwarded-For (0: the socket address). Behind one proxy that is 1; leaving it at 0 there
# would put every client on the proxy's address and share one limit among all of them.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("ALLAUTH_TRUSTED_PROXY_COUNT", default=0)

# Two-factor authentication (allauth.mfa): an authenticator app (TOTP) with recovery codes. Required
# for every staff person before any page opens (portal.accounts.middleware.StaffMfaMiddleware),
# optional for firm users, who turn it on under My account.
MFA_ADAPTER = "portal.accounts.adapter.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Hub&Bridge"
MFA_TOTP_TOLERANCE = 1  # one 30 s step either side, for phones whose clock drifts

# Sessions (portal.accounts.middleware.SessionLifetimeMiddleware): staff handle personal data, so
# their sessions end after 30 idle minutes and 12 hours at most; firm users' after 2 idle hours and
# 24 hours at most. The cookie ends with the browser (ACCOUNT_SESSION_REMEMBER); the server-side row
# expires with the longest lifetime, so `clearsessions` removes what is left.
STAFF_SESSION_IDLE_SECONDS = env.int("STAFF_SESSION_IDLE_SECONDS", default=30 * 60)
STAFF_SESSION_MAX_SECONDS = env.int("STAFF_SESSION_MAX_SECONDS", default=12 * 60 * 60)
USER_SESSION_IDLE_SECONDS = env.int("USER_SESSION_IDLE_SECONDS", default=2 * 60 * 60)
USER_SESSION_MAX_SECONDS = env.int("USER_SESSION_MAX_SECONDS", default=24 * 60 * 60)
SESSION_COOKIE_AGE = max(STAFF_SESSION_MAX_SECONDS, USER_SESSION_MAX_SECONDS)

LANGUAGE_CODE = "ko"
# Dates as 2025-03-19 and times as 14:30 in both languages (portal/formats/).
FORMAT_MODULE_PATH = ["portal.formats"]
LANGUAGES = [("ko", _("Korean")), ("en", _("English"))]
# Translated content (translation.py of each app): name_ko and name_en beside name; an English page
# shows the Korean text where no English one is given.
MODELTRANSLATION_DEFAULT_LANGUAGE = "ko"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("ko",)
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Seoul"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Uploaded files are never served from MEDIA_URL: every download goes through a view that
# checks permissions. MEDIA_URL only names the storage prefix.
MEDIA_URL = "/media-not-served/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 10_485_760
LOGO_MAX_BYTES = env.int("LOGO_MAX_BYTES", default=2 * 1024 * 1024)
ATTACHMENT_MAX_BYTES = env.int("ATTACHMENT_MAX_BYTES", default=10 * 1024 * 1024)

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default=str(BASE_DIR / "sent-mail"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Hub&Bridge <noreply@hubbridge.example.kr>")
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
# The hub's contact shown on /help/ and /terms/.
HUB_CONTACT_EMAIL = env.str("HUB_CONTACT_EMAIL", default="hub@hubbridge.example.kr")
HUB_CONTACT_PHONE = env.str("HUB_CONTACT_PHONE", default="055-000-0000")

# Celery: eager unless a broker is configured, so `make run` needs no Redis.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
if CELERY_TASK_ALWAYS_EAGER:
    CELERY_BROKER_URL = "memory://localhost/"  # never used for sending; keeps kombu from guessing a host
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_RESULT_BACKEND = None
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TASK_DEFAULT_QUEUE = "default"
# Task modules autodiscovery (``tasks.py``) does not find.
CELERY_IMPORTS = ("portal.accounts.access_tasks",)
CELERY_TASK_ROUTES = {
    "portal.notifications.tasks.*": {"queue": "mail"},
    "programs.tasks.certificates_issue": {"queue": "reports"},
    "programs.tasks.certificates_sweep": {"queue": "reports"},
    "portal.reports.tasks.report_build_task": {"queue": "reports"},
}
# When the broker is down: bounded waits, so a request that enqueues a task answers in well under 2 s
# (Redis refusing: under 2 s, asserted by tests/faults/test_broker_down.py; an unreachable host: two
# connect attempts of 0.5 s and a 0.2 s pause, about 1.2 s). The row that needs the task is
# already committed (notify() writes the outbox first; delay() runs on_commit(robust=True)) and a beat
# sweep sends it once the broker is back (README "When a service is down"). Keep every broker/publish
# timeout in this one block.
CELERY_BROKER_CONNECTION_TIMEOUT = 1.0  # seconds for a connection to the broker (kombu default 4)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True  # the worker itself keeps waiting for the broker
CELERY_TASK_PUBLISH_RETRY = True
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 3600,
    "socket_connect_timeout": 0.5,  # redis-py: connecting to an unreachable host
    "socket_timeout": 1.0,  # redis-py: a read from a hung server
}
CELERY_BEAT_SCHEDULE = {
    "outbox-retry-due": {
        "task": "portal.notifications.tasks.outbox_send_due",
        "schedule": crontab(minute="*/5"),
    },
    # MOUs take effect, renew or expire by date, then obligation and MOU reminders go out (KST).
    "mous-daily": {
        "task": "tenants.partners.tasks.mous_daily",
        "schedule": crontab(hour=9, minute=0),
    },
    # Resolved service requests whose reopen window ended close by themselves (KST).
    "service-requests-daily": {
        "task": "tenants.desk.tasks.service_requests_daily",
        "schedule": crontab(hour=0, minute=20),
    },
    # The day-before reminder of each confirmed room booking (KST), once per booking.
    "booking-reminders": {
        "task": "tenants.booking.tasks.booking_reminders_daily",
        "schedule": crontab(hour=10, minute=0),
    },
    # Performance returns not handed in: D-7, D-3, D-1 and overdue reminders (KST), each once.
    "performance-reminders": {
        "task": "tenants.performance.tasks.performance_reminders_daily",
        "schedule": crontab(hour=9, minute=15),
    },
    "call-deadline-reminders": {
        "task": "tenants.tasks.call_deadlines_daily",
        "schedule": crontab(hour=9, minute=0),
    },
    "programme-reminders": {
        "task": "programs.tasks.reminders_daily",
        "schedule": crontab(hour=9, minute=5),
    },
    "cohort-offers-expire": {
        "task": "programs.tasks.offers_expire",
        "schedule": crontab(minute="*/10"),
    },
    # The city's monthly report: the month just ended, in every kind, on the 1st at 09:00 KST.
    "monthly-reports": {
        "task": "portal.reports.tasks.reports_monthly",
        "schedule": crontab(day_of_month=1, hour=9, minute=0),
    },
    # Personal data past the retention period of its consent text is anonymised; dormant accounts get
    # their notice 30 days before (README "Security: retention").
    "retention-purge": {
        "task": "portal.accounts.tasks.retention_purge_daily",
        "schedule": crontab(hour=3, minute=30),
    },
    # Access records: bulk exports of the month just ended go to the auditors (on the 1st, KST).
    "access-records-monthly-check": {
        "task": "portal.accounts.access_tasks.access_records_monthly_check",
        "schedule": crontab(day_of_month=1, hour=9, minute=10),
    },
    "reports-resume-lost": {
        "task": "portal.reports.tasks.reports_resume",
        "schedule": crontab(minute="*/10"),
    },
    # Certificates of closed cohorts that a lost certificates_issue message never made.
    # Scheduled notices whose time has come: recorded as published, their audience mailed (they show on time
    # without it: the pages read publish_at, and the page cache keeps nothing past it).
    "notices-publish-due": {
        "task": "portal.notices.tasks.notices_publish_due_task",
        "schedule": crontab(minute="*"),
    },
    "certificates-sweep": {
        "task": "programs.tasks.certificates_sweep",
        "schedule": crontab(minute="*/15"),
    },
}

# Access records (접속기록): the monthly check flags a person who exported more rows of personal data
# in a month, or more exports in one day, than these.
ACCESS_RECORDS_BULK_EXPORT_ROWS = env.int("ACCESS_RECORDS_BULK_EXPORT_ROWS", default=1000)
ACCESS_RECORDS_BULK_EXPORTS_PER_DAY = env.int("ACCESS_RECORDS_BULK_EXPORTS_PER_DAY", default=20)

# Outside services sit behind adapters; the fakes are the default so nothing leaves the machine.
BUSINESS_STATUS_ADAPTER = env.str(
    "BUSINESS_STATUS_ADAPTER", default="tenants.business_status.FakeBusinessStatusAdapter"
)
NTS_SERVICE_KEY = env.str("NTS_SERVICE_KEY", default="")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        # Hashed tokens with an expiry, shown once when made (My account → API access).
        "knox.auth.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "portal.api.PortalAutoSchema",
    "DEFAULT_PARSER_CLASSES": [
        "portal.parsers.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "EXCEPTION_HANDLER": "portal.api.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.AnonRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": env.str("API_ANON_RATE", default="120/min")},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Hub&Bridge Portal API",
    "DESCRIPTION": (
        "Changwon regional digital-innovation hub: firms, tenancy, programmes and outcomes. "
        "Sign in with the session, or send `Authorization: Token <token>` with a token made on My account "
        "(shown once; it works for 90 days unless API_TOKEN_DAYS says otherwise)."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "ApplicationStageEnum": "tenants.choices.ApplicationStage",
        "SpaceKindEnum": "tenants.choices.SpaceKind",
        "IndustryEnum": "tenants.choices.Industry",
        "ConsultingIndustryEnum": "programs.choices.CONSULTING_INDUSTRY_CHOICES",
        "ConsultingStateEnum": "programs.choices.ConsultingState",
        "EnrolmentStateEnum": "programs.choices.EnrolmentState",
        "NoticeCategoryEnum": "portal.notices.choices.NoticeCategory",
        "NoticeAudienceEnum": "portal.notices.choices.NoticeAudience",
        "NoticeStateEnum": "portal.notices.choices.NoticeState",
        "ServiceRequestCategoryEnum": "tenants.desk.choices.RequestCategory",
        "ServiceRequestPriorityEnum": "tenants.desk.choices.Priority",
        "ServiceRequestStateEnum": "tenants.desk.choices.RequestState",
        "ResourceAudienceEnum": "tenants.booking.choices.Audience",
        "BookingStatusEnum": "tenants.booking.choices.BookingStatus",
        "ReportingRoundStatusEnum": "tenants.performance.choices.RoundStatus",
        "PerformanceReturnStatusEnum": "tenants.performance.choices.ReturnStatus",
        "PerformanceReturnStateEnum": "tenants.performance.choices.ReturnState",
    },
}

# API tokens (django-rest-knox): only a SHA-512 digest is stored; a token works for 90 days.
REST_KNOX = {
    "TOKEN_TTL": timedelta(days=env.int("API_TOKEN_DAYS", default=90)),
    "TOKEN_LIMIT_PER_USER": None,
    "AUTO_REFRESH": False,
}

# Content-Security-Policy (django-csp 4): everything from our own origin, no inline script or
# style and no nonces (public pages may be cached, so a per-request nonce cannot work). Page
# behaviour lives in static/js/; the Swagger UI page widens style-src and img-src for itself only
# (portal/urls.py). README "Security", "Headers".
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

AUDITLOG_INCLUDE_ALL_MODELS = False
FORMS_URLFIELD_ASSUME_HTTPS = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # One line per task is noise in eager mode and in busy workers, and so is a line per table
    # fontTools prunes while WeasyPrint subsets a font; failures still log.
    "loggers": {
        "celery.app.trace": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

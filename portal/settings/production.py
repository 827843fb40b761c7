"""Production settings: every secret must come from the environment, or start-up fails.

``env.str("X")`` without a default raises ImproperlyConfigured("Set the X environment variable").
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DATABASES, STORAGES, env

SECRET_KEY = env.str("SECRET_KEY")
DATABASES = {"default": {**DATABASES["default"], **env.db("DATABASE_URL")}}
# One persistent connection per worker thread instead of a new one per request (3-5 ms each on
# PostgreSQL), checked before reuse so a restarted server costs one failed request nowhere. Django's
# psycopg pool adds nothing over this with gunicorn's sync workers (one thread, one connection each).
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=600)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Sessions read from the cache (Redis) and written through to the database: a signed-in request saves
# the session query, and a Redis outage falls back to the database, so nobody is signed out.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Set the ALLOWED_HOSTS environment variable")

# The failed-login and two-factor limits (allauth) live in the cache: it must be the one Redis every web
# process shares, or each process keeps its own count and a restart resets it. While Redis is down,
# DegradingRedisCache answers from each process's memory, so the limits still hold (per process).
CACHES = {"default": env.cache("CACHE_URL")}
if CACHES["default"]["BACKEND"] != "django.core.cache.backends.redis.RedisCache":
    raise ImproperlyConfigured("Set CACHE_URL to the shared Redis (redis://...): login rate limits live there")
CACHES["default"]["BACKEND"] = "portal.cache.DegradingRedisCache"
# How many proxies in front of the site append to X-Forwarded-For: the rate limits count the address
# that many entries from the end. Required, because a wrong guess either puts every client on the
# proxy's address (one shared limit) or lets a client pick its own address. Behind one proxy: 1.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("ALLAUTH_TRUSTED_PROXY_COUNT")

DEBUG = False
DEMO_DATA = env.bool("DEMO_DATA", default=False)  # seed_demo refuses without it
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"
# Hashed names (css/portal.3f2a….css) compressed with gzip and Brotli at collectstatic; whitenoise
# serves those with a year's max-age and "immutable", and anything unhashed for WHITENOISE_MAX_AGE.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}}
WHITENOISE_MAX_AGE = env.int("WHITENOISE_MAX_AGE", default=3600)
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
BUSINESS_STATUS_ADAPTER = env.str("BUSINESS_STATUS_ADAPTER", default="tenants.business_status.NtsBusinessStatusAdapter")

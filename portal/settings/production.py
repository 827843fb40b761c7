"""Production settings: every secret must come from the environment, or start-up fails.

``env.str("X")`` without a default raises ImproperlyConfigured("Set the X environment variable").
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DATABASES, STORAGES, env

SECRET_KEY = env.str("SECRET_KEY")
DATABASES = {"default": {**DATABASES["default"], **env.db("DATABASE_URL")}}
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
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}}
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
BUSINESS_STATUS_ADAPTER = env.str("BUSINESS_STATUS_ADAPTER", default="tenants.business_status.NtsBusinessStatusAdapter")

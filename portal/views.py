import logging

from django.core.cache import cache
from django.db import connection, transaction
from django.http import HttpResponseForbidden, JsonResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from portal.notices.selectors import home_notices
from tenants.selectors import hub_figures, sites_with_resident_counts

from .celery import app as celery_app
from .pagecache import public_page

logger = logging.getLogger(__name__)


@public_page("residents", "notices")
def home(request):
    context = {"figures": hub_figures(), "sites": sites_with_resident_counts(), "notices": home_notices(request.user)}
    return render(request, "home.html", context)


@csrf_exempt
def language_set(request):
    """Django's ``set_language``, posted without a CSRF token so the switch works from a cached public page.

    A shared cached page cannot carry a per-visitor token (the page cache never stores a page that
    sets the CSRF cookie). The switch only sets the language cookie, and a cross-site post is still
    refused: by ``Sec-Fetch-Site`` where the browser sends it, else by ``Origin`` against this host.
    """
    if request.method == "POST" and not _same_origin(request):
        return HttpResponseForbidden(_("The language can only be changed from this site."))
    return set_language(request)


def _same_origin(request) -> bool:
    fetch_site = request.META.get("HTTP_SEC_FETCH_SITE")
    if fetch_site is not None:
        return fetch_site in ("same-origin", "none")
    origin = request.META.get("HTTP_ORIGIN")
    if origin is None or origin == "null":
        return origin is None  # no Origin at all: an old browser or a non-browser client, as Django allows
    return url_has_allowed_host_and_scheme(
        origin + "/", allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


HEALTH_TIMEOUT = 0.5  # seconds each check may take; /healthz answers within ~1.5 s whatever is down


def _check_database():
    with transaction.atomic(), connection.cursor() as cursor:  # SET LOCAL lasts for this transaction only
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL statement_timeout = %s", [int(HEALTH_TIMEOUT * 1000)])
        cursor.execute("SELECT 1")


def _check_cache():
    cache.set("healthz", "ok", 10)
    if cache.get("healthz") != "ok":
        raise RuntimeError("cache did not return the value it was given")
    if getattr(cache, "redis_is_down", False):  # portal.cache.DegradingRedisCache answered from its fallback
        raise RuntimeError("Redis is down; the cache answers from local memory")


def _check_broker():
    if celery_app.conf.task_always_eager:
        return "eager"
    with celery_app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=HEALTH_TIMEOUT)
    return "ok"


# Without the database nothing works (503, a load balancer takes the instance out); without the cache
# or the broker the site still serves every page and mail waits in the outbox (200, "degraded").
ESSENTIAL = {"database": True, "cache": False, "broker": False}


@never_cache
def healthz(request):
    """Which of database, cache and broker answer, as JSON; no authentication, never cached.

    ``status`` is "ok" when all answer, "degraded" (200) when only the cache or the broker is down,
    "down" (503) when the database is. Only names and states are shown, never a URL or an error text.
    """
    checks = {}
    for name in ESSENTIAL:
        try:
            checks[name] = globals()[f"_check_{name}"]() or "ok"
        except Exception as error:  # any failure of a dependency means "down", whatever its type
            logger.warning("healthz: %s is down: %s", name, type(error).__name__)
            checks[name] = "down"
    down = [name for name, state in checks.items() if state == "down"]
    essential_down = any(ESSENTIAL[name] for name in down)
    status = "down" if essential_down else "degraded" if down else "ok"
    return JsonResponse({"status": status, "checks": checks, "down": down}, status=503 if essential_down else 200)

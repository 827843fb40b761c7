import logging

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from tenants.selectors import hub_figures, sites_with_resident_counts

from .celery import app as celery_app

logger = logging.getLogger(__name__)


def home(request):
    return render(request, "home.html", {"figures": hub_figures(), "sites": sites_with_resident_counts()})


def _check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _check_cache():
    cache.set("healthz", "ok", 10)
    if cache.get("healthz") != "ok":
        raise RuntimeError("cache did not return the value it was given")


def _check_broker():
    if celery_app.conf.task_always_eager:
        return "eager"
    with celery_app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
    return "ok"


@never_cache
def healthz(request):
    """200 when the database, cache and broker answer; 503 naming what is down."""
    checks = {}
    for name, check in (("database", _check_database), ("cache", _check_cache), ("broker", _check_broker)):
        try:
            checks[name] = check() or "ok"
        except Exception as error:  # any failure of a dependency means "down", whatever its type
            logger.warning("healthz: %s is down: %s", name, error)
            checks[name] = "down"
    down = [name for name, state in checks.items() if state == "down"]
    return JsonResponse(
        {"status": "down" if down else "ok", "checks": checks, "down": down}, status=503 if down else 200
    )

"""Production settings fail fast on a missing secret, and `check --deploy` is clean with them."""

import os
import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "portal.settings.production",
    "SECRET_KEY": "x" * 20 + "-production-secret-with-enough-entropy-0123456789-abcdefgh",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/hubbridge",
    "ALLOWED_HOSTS": "portal.hubbridge.kr",
    "CACHE_URL": "redis://127.0.0.1:6379/9",
    "ALLAUTH_TRUSTED_PROXY_COUNT": "1",
}


def manage(*args, **env_overrides):
    env = {key: value for key, value in os.environ.items() if key not in PRODUCTION_ENV}
    env.update({key: value for key, value in {**PRODUCTION_ENV, **env_overrides}.items() if value is not None})
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_is_clean_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    "missing", ["SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS", "CACHE_URL", "ALLAUTH_TRUSTED_PROXY_COUNT"]
)
def test_production_refuses_to_start_without(missing):
    result = manage("check", **{missing: None})
    assert result.returncode != 0
    assert f"Set the {missing} environment variable" in result.stderr


def test_embedded_default_needs_nothing_set(tmp_path):
    env = {key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "CELERY_BROKER_URL")}
    env["DJANGO_SETTINGS_MODULE"] = "portal.settings.base"
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.DATABASES['default']['ENGINE'], settings.CELERY_TASK_ALWAYS_EAGER, "
        "settings.LANGUAGE_CODE, settings.TIME_ZONE)"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.stdout.split() == ["django.db.backends.sqlite3", "True", "ko", "Asia/Seoul"]


def _production_setting(code: str, **env_overrides) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key not in PRODUCTION_ENV}
    env.update({key: value for key, value in {**PRODUCTION_ENV, **env_overrides}.items() if value is not None})
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); from django.conf import settings; print({code})"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_keeps_the_login_limits_in_the_shared_redis_with_the_degrading_fallback():
    result = _production_setting("settings.CACHES['default']['BACKEND'], settings.CACHES['default']['LOCATION']")
    assert result.stdout.split() == ["portal.cache.DegradingRedisCache", "redis://127.0.0.1:6379/9"], result.stderr


def test_production_refuses_a_per_process_cache_for_the_login_limits():
    result = manage("check", CACHE_URL="locmemcache://")
    assert result.returncode != 0
    assert "Set CACHE_URL to the shared Redis" in result.stderr


def test_the_trusted_proxy_count_comes_from_the_environment():
    result = _production_setting("settings.ALLAUTH_TRUSTED_PROXY_COUNT", ALLAUTH_TRUSTED_PROXY_COUNT="2")
    assert result.stdout.strip() == "2", result.stderr


def test_production_serves_from_persistent_connections_cached_sessions_and_compiled_templates():
    code = (
        "from django.conf import settings; from django.template import engines; "
        "db = settings.DATABASES['default']; "
        "print(db['CONN_MAX_AGE'], db['CONN_HEALTH_CHECKS'], settings.SESSION_ENGINE, "
        "settings.STORAGES['staticfiles']['BACKEND'], engines['django'].engine.loaders[0][0], "
        "settings.MIDDLEWARE.index('portal.pagecache.PublicPageCacheMiddleware') == 0)"
    )
    result = manage("shell", "-v0", "-c", code)
    assert result.stdout.split() == [
        "600",
        "True",
        "django.contrib.sessions.backends.cached_db",
        "whitenoise.storage.CompressedManifestStaticFilesStorage",
        "django.template.loaders.cached.Loader",
        "True",
    ], result.stderr


@pytest.mark.parametrize(
    ("environment", "expected"),
    [({}, (5, 1, "sync")), ({"WEB_CONCURRENCY": "3", "GUNICORN_THREADS": "4"}, (3, 4, "gthread"))],
)
def test_gunicorn_takes_workers_and_threads_from_the_environment(monkeypatch, environment, expected):
    import multiprocessing
    import runpy

    monkeypatch.setattr(multiprocessing, "cpu_count", lambda: 2)
    for name in ("WEB_CONCURRENCY", "GUNICORN_THREADS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    config = runpy.run_path(str(ROOT / "portal" / "gunicorn.conf.py"))
    assert (config["workers"], config["threads"], config["worker_class"]) == expected


def test_gunicorn_workers_live_long_enough_that_cached_pages_do_not_restart_them(monkeypatch):
    import runpy

    monkeypatch.delenv("GUNICORN_MAX_REQUESTS", raising=False)
    config = runpy.run_path(str(ROOT / "portal" / "gunicorn.conf.py"))
    assert (config["max_requests"], config["max_requests_jitter"]) == (20_000, 2_000)

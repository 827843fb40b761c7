import contextlib
from unittest import mock

import pytest
from kombu import Connection

from portal.celery import app


@contextlib.contextmanager
def broker(url):
    """The health check sees a broker at ``url`` (not eager); the Celery app itself is left alone,
    so the tasks later tests send stay registered."""
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        with mock.patch.object(app, "connection_for_write", lambda: Connection(url, connect_timeout=0.5)):
            yield
    finally:
        app.conf.task_always_eager = eager


@pytest.mark.django_db
def test_healthz_is_ok_when_everything_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "broker": "eager"},
        "down": [],
    }
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_a_down_broker_is_degraded_not_down(client, private_redis):
    with broker(private_redis.url(2)):
        assert client.get("/healthz").json()["checks"]["broker"] == "ok"
        with private_redis.down():
            response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["down"] == ["broker"]
    assert str(private_redis.port) not in response.content.decode()


@pytest.mark.django_db
def test_a_down_cache_is_degraded_not_down(client, private_redis, redis_cache):
    assert client.get("/healthz").json()["checks"]["cache"] == "ok"
    with private_redis.down():
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["down"] == ["cache"]
    assert str(private_redis.port) not in response.content.decode()
    assert client.get("/healthz").json()["checks"]["cache"] == "ok"  # Redis is back


@pytest.mark.django_db
def test_a_cache_that_loses_values_is_down(client):
    with mock.patch("portal.views.cache.get", return_value=None):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["down"] == ["cache"]


@pytest.mark.django_db
def test_a_down_database_is_down_with_503(client):
    with mock.patch("portal.views._check_database", side_effect=OSError("connection to postgres://secret@db refused")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "down"
    assert response.json()["down"] == ["database"]
    assert "secret" not in response.content.decode()


@pytest.mark.django_db
def test_everything_down_answers_quickly(client, private_redis, redis_cache):
    import time

    with broker(private_redis.url(2)), private_redis.down():
        started = time.monotonic()
        response = client.get("/healthz")
        elapsed = time.monotonic() - started
    assert response.json()["down"] == ["cache", "broker"]
    assert elapsed < 2

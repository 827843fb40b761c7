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
        with mock.patch.object(app, "connection_for_write", lambda: Connection(url)):
            yield
    finally:
        app.conf.task_always_eager = eager


@pytest.mark.django_db
def test_healthz_is_ok_when_everything_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "cache": "ok", "broker": "eager"}


@pytest.mark.django_db
def test_healthz_names_a_down_broker_with_503(client):
    with broker("redis://127.0.0.1:1/0"):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["down"] == ["broker"]


@pytest.mark.django_db
def test_healthz_names_a_down_cache(client):
    with mock.patch("portal.views.cache.get", return_value=None):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["down"] == ["cache"]


@pytest.mark.django_db
def test_healthz_names_a_down_database(client):
    with mock.patch("portal.views._check_database", side_effect=OSError("connection refused")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["down"] == ["database"]


@pytest.mark.django_db
def test_healthz_checks_a_real_redis_broker(client):
    with broker("redis://127.0.0.1:6379/15"):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["checks"]["broker"] == "ok"

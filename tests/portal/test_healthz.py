from unittest import mock

import pytest


@pytest.mark.django_db
def test_healthz_is_ok_when_everything_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "cache": "ok", "broker": "eager"}


@pytest.mark.django_db
def test_healthz_names_a_down_broker_with_503(client):
    from portal.celery import app

    previous = {"broker_url": app.conf.broker_url, "task_always_eager": app.conf.task_always_eager}
    app.close()
    app.conf.update(broker_url="redis://127.0.0.1:1/0", task_always_eager=False)
    try:
        response = client.get("/healthz")
    finally:
        app.close()
        app.conf.update(**previous)
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
    from portal.celery import app

    previous = {"broker_url": app.conf.broker_url, "task_always_eager": app.conf.task_always_eager}
    app.close()
    app.conf.update(broker_url="redis://127.0.0.1:6379/15", task_always_eager=False)
    try:
        response = client.get("/healthz")
    finally:
        app.close()
        app.conf.update(**previous)
    assert response.status_code == 200
    assert response.json()["checks"]["broker"] == "ok"

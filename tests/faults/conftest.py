import pytest

from portal.celery import app


def _drop_broker_connections():
    app._pool = None  # kombu keeps a pool per broker URL; the next publish takes the one of the new URL
    if "amqp" in app.__dict__:
        app.amqp._producer_pool = None


@pytest.fixture
def celery_broker(private_redis):
    """Celery publishes to the private Redis (db 3), not eagerly, for the test; restored afterwards."""
    saved = app.conf.task_always_eager, app.conf.broker_url
    app.conf.task_always_eager = False
    app.conf.broker_url = private_redis.url(3)
    _drop_broker_connections()
    try:
        yield private_redis
    finally:
        app.conf.task_always_eager, app.conf.broker_url = saved
        _drop_broker_connections()

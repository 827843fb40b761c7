import pytest
import redis


def test_the_private_redis_goes_down_and_comes_back(private_redis):
    client = redis.Redis.from_url(private_redis.url(), socket_connect_timeout=0.5)
    client.set("k", "v")
    assert private_redis.port != 6379
    with private_redis.down(), pytest.raises(redis.ConnectionError):
        client.ping()
    assert client.ping()
    assert client.get("k") is None  # nothing kept on disk: an outage loses what was queued

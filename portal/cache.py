"""A Redis cache that keeps the site working when Redis is down.

``DegradingRedisCache`` is Django's own ``RedisCache`` with one difference: when Redis errors (refused,
unreachable, timed out), the call is logged and answered by a local-memory cache of this process
instead of raising. Login and sign-up rate limits (allauth keeps them in the cache) therefore keep
limiting, per process, rather than failing open or turning every login into a 500. When Redis answers
again, the shared cache is used again; what was written to the fallback meanwhile stays local.

After a failure Redis is not asked again for ``RETRY_AFTER`` seconds (an OPTIONS entry, default 5), so an
unreachable host costs one connect timeout every few seconds, not one per cache call.
Django's built-in ``RedisCache`` and a short ``socket_connect_timeout`` were preferred over django-redis:
its ``IGNORE_EXCEPTIONS`` answers every read with a miss and drops every write, which would turn the
rate limiter off during an outage.

Django's ``RedisCacheClient`` builds a new ``redis.Redis`` for every call (about 0.15 ms of CPU each: its
constructor fills a table of some 170 response callbacks). ``ReusingRedisCacheClient`` keeps one per
connection pool; a client is thread-safe and its pool reconnects in a forked process.
"""

import logging
import threading
import time

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# Connection refused and timeouts are RedisError subclasses in redis-py; OSError covers a socket error
# that escapes it (e.g. DNS resolution of the host).
REDIS_DOWN = (RedisError, OSError)
DEFAULT_OPTIONS = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}


def _degrading(name: str):
    """A cache method that asks Redis and, while Redis is down, the local-memory fallback."""

    def method(self, *args, **kwargs):
        return self._call(name, *args, **kwargs)

    method.__name__ = name
    return method


class ReusingRedisCacheClient(RedisCacheClient):
    """Django's Redis client with one ``redis.Redis`` per connection pool instead of one per call."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class DegradingRedisCache(RedisCache):
    def __init__(self, server, params):
        options = dict(params.get("OPTIONS") or {})
        self.retry_after = float(options.pop("RETRY_AFTER", 5))
        super().__init__(server, {**params, "OPTIONS": {**DEFAULT_OPTIONS, **options}})
        self._class = ReusingRedisCacheClient
        fallback_params = {key: value for key, value in params.items() if key != "OPTIONS"}
        self.fallback = LocMemCache(f"degrading-redis-fallback-{id(self)}", fallback_params)
        self.redis_is_down = False  # the last call to Redis failed; /healthz reads it
        self._retry_at = 0.0
        self._lock = threading.Lock()

    def _call(self, name, *args, **kwargs):
        if not self.redis_is_down or time.monotonic() >= self._retry_at:
            try:
                result = getattr(super(), name)(*args, **kwargs)
            except REDIS_DOWN as error:
                with self._lock:
                    first, self.redis_is_down = not self.redis_is_down, True
                    self._retry_at = time.monotonic() + self.retry_after
                if first:
                    logger.warning("cache: Redis is down (%s); using this process's local memory", error)
            else:
                if self.redis_is_down:
                    self.redis_is_down = False
                    logger.warning("cache: Redis answers again; using the shared cache")
                return result
        return getattr(self.fallback, name)(*args, **kwargs)

    add = _degrading("add")
    get = _degrading("get")
    set = _degrading("set")
    touch = _degrading("touch")
    delete = _degrading("delete")
    get_many = _degrading("get_many")
    has_key = _degrading("has_key")
    incr = _degrading("incr")
    set_many = _degrading("set_many")
    delete_many = _degrading("delete_many")

    def clear(self):
        self.fallback.clear()
        return self._call("clear")

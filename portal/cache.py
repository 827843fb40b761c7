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
"""

import logging
import threading
import time

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# Connection refused and timeouts are RedisError subclasses in redis-py; OSError covers a socket error
# that escapes it (e.g. DNS resolution of the host).
REDIS_DOWN = (RedisError, OSError)
DEFAULT_OPTIONS = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}


class DegradingRedisCache(RedisCache):
    def __init__(self, server, params):
        options = dict(params.get("OPTIONS") or {})
        self.retry_after = float(options.pop("RETRY_AFTER", 5))
        super().__init__(server, {**params, "OPTIONS": {**DEFAULT_OPTIONS, **options}})
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

    def add(self, *args, **kwargs):
        return self._call("add", *args, **kwargs)

    def get(self, *args, **kwargs):
        return self._call("get", *args, **kwargs)

    def set(self, *args, **kwargs):
        return self._call("set", *args, **kwargs)

    def touch(self, *args, **kwargs):
        return self._call("touch", *args, **kwargs)

    def delete(self, *args, **kwargs):
        return self._call("delete", *args, **kwargs)

    def get_many(self, *args, **kwargs):
        return self._call("get_many", *args, **kwargs)

    def has_key(self, *args, **kwargs):
        return self._call("has_key", *args, **kwargs)

    def incr(self, *args, **kwargs):
        return self._call("incr", *args, **kwargs)

    def set_many(self, *args, **kwargs):
        return self._call("set_many", *args, **kwargs)

    def delete_many(self, *args, **kwargs):
        return self._call("delete_many", *args, **kwargs)

    def clear(self):
        self.fallback.clear()
        return self._call("clear")

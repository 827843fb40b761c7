"""gunicorn's defaults for the portal: ``gunicorn -c portal/gunicorn.conf.py portal.wsgi``.

The rule for workers: pages are CPU-bound Python (templates, serialisers) with short database waits,
so one sync worker per core plus one, ``2 × cores + 1`` as gunicorn advises, keeps every core busy
while one worker waits for PostgreSQL; more only adds memory and context switches. Threads stay at 1
(sync workers): the GIL lets one thread run Python at a time, so threads only help when requests wait
on slow I/O. Set ``WEB_CONCURRENCY`` (workers) and ``GUNICORN_THREADS`` to override, e.g. on a host
whose CPU quota is smaller than its core count.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count() + 1))
threads = int(os.environ.get("GUNICORN_THREADS", 1))
worker_class = "gthread" if threads > 1 else "sync"
# Each worker imports Django once before forking: start-up is faster and memory is shared.
preload_app = True
# A request longer than this is stuck (a report is a Celery task, never a request): the worker is replaced.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = 30
keepalive = 5
# Sync workers answer one request per connection and close it, so keep-alive does not apply (a proxy in
# front keeps the browsers' connections open). It only matters when GUNICORN_THREADS switches to gthread.
# Replace each worker after about 20,000 requests, so a slow leak never grows without bound. Not after a
# thousand: a cached page takes about a millisecond, so each worker would restart every few seconds, and a
# new worker builds its URL resolver, translations and compiled templates again on its first requests.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 20_000))
max_requests_jitter = max_requests // 10
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"

"""What the two page caches share: version keys, entry keys, each process's copies, a stored answer.

``portal.pagecache`` (anonymous public pages, versions per group of data) and ``portal.personalcache``
(signed-in pages, versions per table read) both answer from an entry while its version keys are current.
Here are the pieces they do the same way, so the rules are written once:

- a version is a random value in the default cache, never a counter: ``renew`` gives keys new values,
  and ``current`` gives a key never read before (or evicted) a fresh one, so no old entry can match it;
- an entry key is a hash of what the answer depends on (``request_key``): the caller's parts (language,
  session), then the scheme and host (checked against ``ALLOWED_HOSTS``), the path, the query string
  with its parameters sorted and the ``Accept`` header;
- each process keeps its last entries (``ProcessCopies``), so a hit need not fetch and unpickle them;
- a stored answer is its body and the headers it was sent with (``stored_response``).
"""

import hashlib
import uuid

from django.core.cache import cache
from django.http import HttpResponse

# Longer query strings are served, never stored (no cache flooding by junk parameters).
LONGEST_QUERY = 512


def renew(keys) -> None:
    """Give each version key a new random value: every entry built with the old one is out of date."""
    cache.set_many({key: uuid.uuid4().hex for key in keys}, timeout=None)


def current(keys, found: dict) -> dict[str, str]:
    """The current value of each version key, from ``found`` (what a ``get_many`` just answered)."""
    missing = {key: uuid.uuid4().hex for key in keys if key not in found}
    if missing:
        for key, value in missing.items():
            cache.add(key, value, timeout=None)  # another process may have just set one: add keeps it
        found = {**found, **cache.get_many(list(missing))}
    return {key: found.get(key, "") for key in keys}


def request_key(template: str, request, *parts: str) -> str:
    """``template`` filled with a hash of ``parts`` and of the address and ``Accept`` of ``request``."""
    query = "&".join(sorted(request.META.get("QUERY_STRING", "").split("&")))
    # Host and scheme too: DRF's pagination links and the calendar's page address are absolute.
    # get_host() checks ALLOWED_HOSTS, which no middleware may have done yet.
    origin = f"{request.scheme}://{request.get_host()}"
    raw = "\n".join((*parts, origin, request.path, query, request.META.get("HTTP_ACCEPT", "")))
    return template.format(hashlib.sha256(raw.encode()).hexdigest())


class ProcessCopies:
    """The last ``size`` entries this process used, oldest out first; correctness never depends on it."""

    def __init__(self, size: int):
        self.size = size
        self._entries: dict[str, dict] = {}

    def get(self, key: str) -> dict | None:
        return self._entries.get(key)

    def keep(self, key: str, entry: dict) -> None:
        if key not in self._entries and len(self._entries) >= self.size:
            self._entries.pop(next(iter(self._entries)))
        self._entries[key] = entry

    def drop(self, key: str) -> None:
        self._entries.pop(key, None)

    def clear(self) -> None:
        self._entries.clear()


def stored_response(entry: dict) -> HttpResponse:
    """The answer an entry holds: its body, status and every header it was sent with."""
    response = HttpResponse(entry["content"], status=entry.get("status", 200))
    for name, value in entry["headers"]:
        response[name] = value
    return response

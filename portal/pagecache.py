"""Anonymous public pages from the shared cache, invalidated by version keys, never by a timeout alone.

A view opts in with ``@public_page("programmes")`` (a DRF viewset with ``public_page_groups``); the
strings name *groups* of data the page shows. ``PublicPageCacheMiddleware`` is the first middleware, so a hit
skips all the others; with the copy each process keeps of the entries it served, a hit costs one round trip
to the cache (the versions of the page's groups) and no unpickling.

What is cached, and for whom (the privacy rules, each tested in tests/portal/test_pagecache.py):
- only GET requests that carry no session cookie, no messages cookie and no ``Authorization`` header:
  without those a request is anonymous whatever the view does, so no personal data can be in the page;
- only a 200 response without ``Set-Cookie``, without ``private``/``no-store`` in ``Cache-Control``
  and that varies on nothing but ``Accept``, ``Accept-Language`` and ``Cookie``. A page that puts a
  CSRF token in a form sets the CSRF cookie and is therefore never stored (the language switch posts
  without a token: ``portal.views.language_set``).
The entry key holds the language, the scheme and host, the path, the query string and the ``Accept``
header; the entry holds the versions of its groups and today's date (KST) it was built with. It answers
only while they are still current and, for groups that open or close by the clock, until the next such
moment.

Invalidation: ``public_pages_changed(group)`` gives a group a new random version now and again when the
transaction commits (a page built from the old rows in between is thrown away). Services call it where
they change rows with ``QuerySet.update()``; ``watch_models`` connects ``post_save``, ``post_delete`` and
``m2m_changed`` of the models a group shows, which covers every service's ``save()`` and the admin.

Browsers and proxies get ``Cache-Control: public, no-cache``, ``Vary: Accept, Accept-Language, Cookie``,
an ``ETag`` (a hash of the body) and ``Last-Modified``; a matching ``If-None-Match`` answers 304.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache, partial

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIRequest
from django.core.signals import setting_changed
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.urls import Resolver404, resolve
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date

from portal import versions

VERSION_KEY = "public-page:version:{}"
ENTRY_KEY = "public-page:entry:{}"
CLOCK_KEY = "public-page:clock:{}:{}"
# Bounds the memory an entry may hold on to; correctness never depends on it (versions do).
ENTRY_SECONDS = 24 * 3600
VARY = ("Accept", "Accept-Language", "Cookie")
STORED_VARY = {"accept", "accept-language", "cookie"}
# Every other header of a stored response is the same for every anonymous visitor and is stored with it.
SKIPPED_HEADERS = {"set-cookie", "date", "x-public-cache"}
# Entries each process keeps a copy of (about 10-60 kB each); correctness never depends on it.
LOCAL_ENTRIES = 256
STATIC_PREFIX = "/" + settings.STATIC_URL.lstrip("/")


@dataclass(frozen=True)
class Group:
    name: str
    # The next moment the group's pages change by the clock alone (a call or a cohort opens or closes).
    changes_at: Callable[[datetime], datetime | None] | None = None


_groups: dict[str, Group] = {}


def register_group(name: str, *, changes_at: Callable[[datetime], datetime | None] | None = None) -> None:
    _groups[name] = Group(name, changes_at)


def _bump(groups) -> None:
    versions.renew([VERSION_KEY.format(group) for group in groups])


def public_pages_changed(*groups: str) -> None:
    """The public pages of ``groups`` show something else from now on (call it where the rows change)."""
    unknown = set(groups) - set(_groups)
    if unknown:
        raise ValueError(f"unknown public page groups: {sorted(unknown)}")
    _bump(groups)
    transaction.on_commit(partial(_bump, groups), robust=True)


def _model_changed(groups, sender, **kwargs) -> None:
    if kwargs.get("raw"):  # loaddata: nothing is being served from these rows yet
        return
    if "action" in kwargs and not kwargs["action"].startswith("post_"):
        return
    public_pages_changed(*groups)


def watch_models(group: str, models) -> None:
    """Any saved, deleted or re-linked row of ``models`` changes the public pages of ``group``."""
    receiver = partial(_model_changed, (group,))
    for model in models:
        uid = f"public-page:{group}:{model._meta.label}"
        post_save.connect(receiver, sender=model, weak=False, dispatch_uid=uid)
        post_delete.connect(receiver, sender=model, weak=False, dispatch_uid=uid)
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(receiver, sender=field.remote_field.through, weak=False, dispatch_uid=uid)


def public_page(*groups: str):
    """Mark a function view as an anonymous public page that shows the data of ``groups``."""

    def mark(view):
        view.public_page_groups = groups
        return view

    return mark


def _view_groups(request) -> tuple[str, ...] | None:
    return _path_groups(request.path_info)


@lru_cache(maxsize=1024)
def _path_groups(path_info: str) -> tuple[str, ...] | None:
    """The groups of the view at ``path_info``; remembered, as resolving an API path takes about 0.2 ms."""
    try:
        match = resolve(path_info)
    except Resolver404:
        return None
    groups = getattr(match.func, "public_page_groups", None)
    if groups is not None:
        return groups
    view_class = getattr(match.func, "cls", None)  # a DRF viewset: only its read actions
    actions = getattr(match.func, "actions", None) or {}
    if view_class is not None and actions.get("get") in ("list", "retrieve"):
        return getattr(view_class, "public_page_groups", None)
    if view_class is not None and not actions:  # a DRF APIView
        return getattr(view_class, "public_page_groups", None)
    return None


@receiver(setting_changed)
def _urls_changed(*, setting, **kwargs) -> None:
    if setting == "ROOT_URLCONF":
        _path_groups.cache_clear()


def _is_anonymous_read(request) -> bool:
    cookies = request.COOKIES
    return (
        request.method == "GET"
        and settings.SESSION_COOKIE_NAME not in cookies
        and "messages" not in cookies
        and "HTTP_AUTHORIZATION" not in request.META
        and len(request.META.get("QUERY_STRING", "")) <= versions.LONGEST_QUERY
    )


def _current_versions(groups, found: dict) -> tuple:
    current = versions.current([VERSION_KEY.format(group) for group in groups], found)
    return (*current.values(), timezone.localdate().isoformat())


def _clock(group: str, version: str, now: datetime) -> float | None:
    """When the group's pages next change by the clock: one query per version of the group, then cached."""
    key = CLOCK_KEY.format(group, version)
    moment = cache.get(key)
    if moment is None or (moment and moment <= now.timestamp()):
        next_change = _groups[group].changes_at(now)
        moment = next_change.timestamp() if next_change else 0  # 0: nothing scheduled
        cache.set(key, moment, timeout=ENTRY_SECONDS)
    return moment or None


def _valid_until(groups, versions, now: datetime) -> float:
    moments = [
        _clock(group, version, now)
        for group, version in zip(groups, versions[: len(groups)], strict=True)
        if _groups[group].changes_at
    ]
    return min((moment for moment in moments if moment), default=now.timestamp() + ENTRY_SECONDS)


def _storable(request, response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if getattr(request, "user", None) is not None and request.user.is_authenticated:
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if "private" in cache_control or "no-store" in cache_control:
        return False
    vary = {part.strip().lower() for part in response.get("Vary", "").split(",") if part.strip()}
    return vary <= STORED_VARY


def _entry_of(request, response, groups, versions, now: datetime) -> dict:
    """The stored form of ``response``: its body and every header it was sent with, ready to send again."""
    valid_until = _valid_until(groups, versions, now)
    response["ETag"] = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
    response["Last-Modified"] = http_date(now.timestamp())
    response["Cache-Control"] = "public, no-cache"
    patch_vary_headers(response, VARY)
    response["Content-Length"] = str(len(response.content))
    return {
        "versions": versions,
        "valid_until": valid_until,
        "stored_at": int(now.timestamp()),
        "etag": response["ETag"],
        "content": response.content,
        "headers": [(name, value) for name, value in response.items() if name.lower() not in SKIPPED_HEADERS],
    }


def _is_current(entry, versions, now: datetime) -> bool:
    return entry is not None and entry["versions"] == versions and entry["valid_until"] > now.timestamp()


# The copies this process keeps of the entries it served last; shared by the middleware and the WSGI
# front, so either may answer from a copy the other made.
_local = versions.ProcessCopies(LOCAL_ENTRIES)


@dataclass
class Lookup:
    """What a request found: the current entry (``None``: build the page) and what storing one needs."""

    entry_key: str
    groups: tuple[str, ...]
    versions: tuple
    now: datetime
    entry: dict | None


def _lookup(request) -> Lookup | None:
    """The cache's answer for ``request``; ``None`` when the request or the page is not cacheable."""
    if request.path_info.startswith(STATIC_PREFIX) or not _is_anonymous_read(request):
        return None
    groups = _view_groups(request)
    if not groups:
        return None
    entry_key = versions.request_key(ENTRY_KEY, request, translation.get_language_from_request(request))
    now = timezone.now()
    entry = _local.get(entry_key)
    version_keys = [VERSION_KEY.format(group) for group in groups]
    found = cache.get_many(version_keys if entry else [entry_key, *version_keys])
    current = _current_versions(groups, found)
    if not _is_current(entry, current, now):
        entry = found.get(entry_key) if entry is None else cache.get(entry_key)
    if _is_current(entry, current, now):
        _local.keep(entry_key, entry)
    else:
        _local.drop(entry_key)
        entry = None
    return Lookup(entry_key, groups, current, now, entry)


class PublicPageCacheMiddleware:
    """Answer an anonymous GET of a public page from the cache (see the module docstring).

    It is the first middleware, so a hit skips all the others; what they add to a response that is the
    same for every anonymous visitor (HSTS and the other security headers, the CSP, ``X-Frame-Options``)
    is stored with it. Each process keeps its own copy of the entries it served last (``LOCAL_ENTRIES``):
    a hit then costs one round trip for the versions of its groups, and only a new version fetches the
    shared entry (or builds the page). Under gunicorn ``PublicPageApplication`` answers most hits before
    this middleware runs; this one answers the rest (conditional requests, the test client) and stores.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        found = _lookup(request)
        if found is None:
            return self.get_response(request)
        entry = found.entry
        if entry is not None:
            response = versions.stored_response(entry)
            response["X-Public-Cache"] = "hit"
        else:
            response = self.get_response(request)
            if not _storable(request, response):
                return response
            entry = _entry_of(request, response, found.groups, found.versions, found.now)
            timeout = max(1, min(ENTRY_SECONDS, int(entry["valid_until"] - found.now.timestamp())))
            cache.set(found.entry_key, entry, timeout=timeout)
            _local.keep(found.entry_key, entry)
            response["X-Public-Cache"] = "miss"
        return get_conditional_response(
            request, etag=entry["etag"], last_modified=entry["stored_at"], response=response
        )


class PublicPageApplication:
    """The WSGI application in front of Django's (``portal/wsgi.py``): it answers a cache hit itself.

    Django's handler costs about as much again as the hit: the ``request_started``/``request_finished``
    signals (which check the database connection), the middleware chain and an ``HttpResponse`` whose
    every header is validated anew. A hit needs none of it: the entry holds the finished headers. Only a
    plain GET is answered here (no ``If-None-Match``/``If-Modified-Since``: those get their 304 from the
    middleware); every other request, a miss and a bad ``Host`` (Django answers 400) go to Django.
    """

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        if (
            environ.get("REQUEST_METHOD") == "GET"
            and "HTTP_IF_NONE_MATCH" not in environ
            and "HTTP_IF_MODIFIED_SINCE" not in environ
        ):
            try:
                found = _lookup(WSGIRequest(environ))
            except (DisallowedHost, UnicodeDecodeError):
                found = None
            if found is not None and found.entry is not None:
                start_response("200 OK", [*found.entry["headers"], ("X-Public-Cache", "hit")])
                return [found.entry["content"]]
        return self.application(environ, start_response)

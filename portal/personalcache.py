"""Signed-in pages from the cache, for the session that saw them, invalidated by the tables they read.

A view opts in with ``@personal_page`` (outermost decorator; a DRF viewset with ``personal_page = True``,
for its list and retrieve actions). Its answer to a GET is kept for the one session, language, address and
``Accept`` header it was built for, and sent again while nothing it depends on has changed:

- **What it read.** Every SQL statement of the process passes ``_track`` (a database execute wrapper):
  it notes the tables each request reads, and gives each table written (``INSERT``, ``UPDATE``,
  ``DELETE``, whatever made the statement: a service's ``save()``, ``QuerySet.update()``, a bulk
  operation, the admin or raw SQL) a new random version, at once and again when the transaction
  commits. An entry holds the versions of every table its request read, the user's, groups' and
  permissions' included, and answers only while they are all still current. There is no list of
  models to keep up to date: a page that starts reading a new table depends on it from then on.
- **Versions first.** The versions are read before the request reads any row
  (``PersonalPageCacheMiddleware`` comes right after the locale middleware), for the tables that view
  read last time in this process. A build that reads a table outside that set is not stored; the set
  grows, and the next build is. So a row committed while a page is being built can never be hidden
  behind versions read after it.
- **The session.** The key holds the session key and the CSRF cookie, the entry a digest of the session's
  data (all but the last-seen minute), so a new sign-in, a second factor passed, a changed firm or
  language choice, or a flash message waiting in the session never meets an old page. A ``cached_db``
  session is fetched in the same round trip as the versions. The session's lifetime
  limits and the staff two-factor rule run before a hit (``PersonalPageHitMiddleware`` answers in
  ``process_view``, after them); a request with messages waiting is never answered nor stored.
- **The clock.** An entry holds today's date (KST) and lives at most ``MAX_AGE`` seconds, so a
  deadline passing by the clock alone shows within a minute.
- **Side effects.** A build that writes anything is not stored, except what it asked to be repeated on
  every hit with ``repeat_on_hit`` (the access record of a staff page of personal data: a hit writes it
  again, for that request).

Only a 200 without ``Set-Cookie``, not streamed, is stored. Entries live in the default cache (Redis in
production) and, the last ``LOCAL_ENTRIES`` of them, in the process; they hold the page of one person and
are only ever sent to that person's session. Answers keep ``Cache-Control: private, no-store``.
"""

import copy
import hashlib
import re
import threading
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from django.conf import settings
from django.contrib.sessions.backends.cached_db import SessionStore as CachedDbSession
from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches
from django.core.signals import request_started, setting_changed
from django.db import connections
from django.db.backends.signals import connection_created
from django.dispatch import receiver
from django.urls import Resolver404, resolve
from django.utils import timezone, translation

from portal import versions

VERSION_KEY = "personal-page:table:{}"
ENTRY_KEY = "personal-page:entry:{}"
# Every entry depends on it; a TRUNCATE (the test suite's flush) gives it a new value.
ALL_TABLES = "*"
MAX_AGE = 60
LOCAL_ENTRIES = 256
SKIPPED_HEADERS = {"set-cookie", "date"}
# Tables whose rows never show on a page: sessions are keyed by the session key (and digested), the
# access records and the audit log are written by reads. Writes to them invalidate nothing.
UNTRACKED_TABLES = frozenset({"django_session", "accounts_accessrecord", "auditlog_logentry"})
# The session key that changes once a minute without changing what a page shows (the idle clock).
UNDIGESTED_SESSION_KEYS = frozenset({"portal.last_seen_at"})

WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?([A-Za-z_][\w$]*)"?', re.IGNORECASE)
TRUNCATE = re.compile(r"^\s*TRUNCATE\b", re.IGNORECASE)
READ = re.compile(r'\b(?:FROM|JOIN)\s+"?([A-Za-z_][\w$]*)"?', re.IGNORECASE)


# --- Tracking what each request reads and writes --------------------------------------------------------


class _Requests(threading.local):
    def __init__(self):
        self.reads: set[str] = set()
        self.writes: set[str] = set()
        self.bumped: set[str] = set()


_requests = _Requests()


@receiver(request_started)
def _request_started(**kwargs) -> None:
    _requests.reads, _requests.writes = set(), set()


def _bump(tables) -> None:
    versions.renew([VERSION_KEY.format(table) for table in tables])


class _BumpOnCommit:
    """The on-commit half of a table's bump; ``tables`` tells which bumps a transaction still owes."""

    def __init__(self, tables: frozenset):
        self.tables = tables

    def __call__(self) -> None:
        _bump(self.tables)


def _written(connection, tables: set[str]) -> None:
    """Bump the versions of ``tables``: on commit, which is what matters, and at once.

    The bump on commit makes a page built from the old rows while the transaction was open useless. The
    bump at once is for a transaction that never commits (a test's), where the same connection reads its
    own writes: it is done once per table until this thread next looks a page up, so a bulk load inside
    one transaction costs one bump per table, not one per row. Outside a transaction every write bumps.
    """
    tables -= UNTRACKED_TABLES
    if not tables:
        return
    _requests.writes |= tables
    if not connection.in_atomic_block:
        _bump(tables)
        return
    now = tables - _requests.bumped
    if now:
        _bump(now)
        _requests.bumped |= now
    owed = set().union(*(f.tables for _, f, _ in connection.run_on_commit if isinstance(f, _BumpOnCommit)))
    if tables - owed:
        connection.on_commit(_BumpOnCommit(frozenset(tables - owed)), robust=True)


def _track(execute, sql, params, many, context):
    connection = context["connection"]
    text = sql if isinstance(sql, str) else str(sql)
    written = WRITE.match(text)
    if written:
        _written(connection, {written.group(1)})
    elif TRUNCATE.match(text):
        _written(connection, {ALL_TABLES})
    else:
        _requests.reads.update(READ.findall(text))
    return execute(sql, params, many, context)


@receiver(connection_created)
def _watch_connection(sender, connection, **kwargs) -> None:
    if _track not in connection.execute_wrappers:
        connection.execute_wrappers.insert(0, _track)


def watch_open_connections() -> None:
    """Track connections opened before this module was imported (called from ``AccountsConfig.ready``)."""
    for connection in connections.all(initialized_only=True):
        _watch_connection(None, connection)


# --- Opting in ------------------------------------------------------------------------------------------


def personal_page(view):
    """Mark a function view (as the outermost decorator) whose signed-in GET answers may be cached."""
    view.personal_page = True
    return view


def repeat_on_hit(request, function, **kwargs) -> None:
    """``function(request, **kwargs)`` was done while building this page: do it again on every hit."""
    request = getattr(request, "_request", request)  # a DRF request wraps Django's
    effects = getattr(request, "_personal_page_effects", None)
    if effects is None:
        effects = request._personal_page_effects = []
    effects.append((function, kwargs))


@lru_cache(maxsize=1024)
def _personal_view(path_info: str) -> str | None:
    """The URL name of the opted-in view at ``path_info``, else ``None`` (remembered per address)."""
    try:
        match = resolve(path_info)
    except Resolver404:
        return None
    view_class = getattr(match.func, "cls", None)
    if getattr(match.func, "personal_page", False):
        return match.view_name
    reads = (getattr(match.func, "actions", None) or {}).get("get")  # a DRF viewset: its read actions only
    if getattr(view_class, "personal_page", False) and reads in ("list", "retrieve"):
        return match.view_name
    return None


@receiver(setting_changed)
def _urls_changed(*, setting, **kwargs) -> None:
    if setting == "ROOT_URLCONF":
        _personal_view.cache_clear()


# --- Entries --------------------------------------------------------------------------------------------

# The tables each opted-in view read, per process: what its versions are read for before it runs.
_view_tables: dict[str, frozenset] = {}
_local = versions.ProcessCopies(LOCAL_ENTRIES)


@dataclass
class Lookup:
    key: str
    view_name: str
    tables: frozenset
    versions: dict
    today: str
    now: datetime
    session: str = ""
    entry: dict | None = None


def _session_digest(session) -> str:
    items = sorted((key, value) for key, value in session.items() if key not in UNDIGESTED_SESSION_KEYS)
    return hashlib.sha256(repr(items).encode()).hexdigest()


def _entry_key(request, language: str) -> str:
    session_key = request.session.session_key or ""
    return versions.request_key(
        ENTRY_KEY, request, session_key, request.COOKIES.get(settings.CSRF_COOKIE_NAME, ""), language
    )


def _versions(tables, found: dict) -> dict:
    keys = {table: VERSION_KEY.format(table) for table in tables}
    current = versions.current(keys.values(), found)
    return {table: current[key] for table, key in keys.items()}


def _is_current(entry: dict | None, lookup: Lookup) -> bool:
    if entry is None or entry["today"] != lookup.today or entry["expires"] <= lookup.now.timestamp():
        return False
    if entry["session"] != lookup.session:  # the session's data changed (a second factor, a choice)
        return False
    return all(lookup.versions.get(table) == version for table, version in entry["versions"].items())


def _candidate(request) -> str | None:
    if request.method != "GET" or "HTTP_AUTHORIZATION" in request.META or "messages" in request.COOKIES:
        return None
    query = request.META.get("QUERY_STRING", "")
    if settings.SESSION_COOKIE_NAME not in request.COOKIES or len(query) > versions.LONGEST_QUERY:
        return None
    return _personal_view(request.path_info)


def _session_cache_key(session) -> str | None:
    """The key of a ``cached_db`` session in the default cache, to fetch it with the versions."""
    if isinstance(session, CachedDbSession) and session.session_key and session._cache is caches[DEFAULT_CACHE_ALIAS]:
        return session.cache_key
    return None


def _lookup(request, view_name: str) -> Lookup:
    now = timezone.now()
    key = _entry_key(request, translation.get_language_from_request(request))
    local = _local.get(key)
    tables = _view_tables.get(view_name, frozenset()) | {ALL_TABLES}
    if local is not None:
        tables |= set(local["versions"])
    version_keys = [VERSION_KEY.format(table) for table in tables]
    session_key = _session_cache_key(request.session)
    found = cache.get_many([*version_keys, *([key] if local is None else []), *([session_key] if session_key else [])])
    if session_key in found:
        # What SessionStore.load() would have asked the cache for, in the same round trip; a session
        # not in the cache is loaded as usual (from the database, then cached) when it is read.
        request.session._session_cache = found[session_key]
    lookup = Lookup(key, view_name, frozenset(tables), {}, timezone.localdate(now).isoformat(), now)
    lookup.session = _session_digest(request.session)
    entry = local if local is not None else found.get(key)
    if entry is not None and not set(entry["versions"]) <= tables:
        lookup.tables = frozenset(tables | set(entry["versions"]))
        found = {**found, **cache.get_many([VERSION_KEY.format(table) for table in lookup.tables - tables])}
    lookup.versions = _versions(lookup.tables, found)
    if _is_current(entry, lookup):
        lookup.entry = entry
        _local.keep(key, entry)
        if entry.get("user") is not None:
            # The user as the entry's build loaded it: its row (and whatever of the permission and
            # group tables it cached) is unchanged, or the entry would not be current. Authentication
            # then takes it instead of loading it again (django.contrib.auth.middleware.get_user).
            request._cached_user = copy.copy(entry["user"])
    else:
        _local.drop(key)
    _requests.bumped = set()  # from here on, a write in a transaction bumps at once again (see _written)
    return lookup


def _renews_csrf_cookie_only(request, response) -> bool:
    """Django sends the CSRF cookie again whenever a page uses the token, to renew its expiry: with the
    value the request came with, it is no new cookie (the key holds that value)."""
    name = settings.CSRF_COOKIE_NAME
    return set(response.cookies) <= {name} and (
        name not in response.cookies or response.cookies[name].value == request.COOKIES.get(name)
    )


def _storable(request, response) -> bool:
    if response.status_code != 200 or response.streaming or not _renews_csrf_cookie_only(request, response):
        return False
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return False
    if response.has_header("Content-Disposition"):  # an export or a file: built afresh each time
        return False
    storage = getattr(request, "_messages", None)
    return not (storage is not None and getattr(storage, "used", False))


class PersonalPageCacheMiddleware:
    """Read the versions before the request reads rows, and store what an opted-in view built.

    Right after the locale middleware, before authentication (which reads the user). The answer to a hit
    is given later, by ``PersonalPageHitMiddleware``, once the session rules have run."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        view_name = _candidate(request)
        if view_name is None:
            return self.get_response(request)
        lookup = request._personal_page = _lookup(request, view_name)
        response = self.get_response(request)
        if getattr(response, "_personal_page_hit", False):
            response["X-Personal-Cache"] = "hit"
            return response
        reads = (_requests.reads - UNTRACKED_TABLES) | {ALL_TABLES}
        written = _requests.writes - UNTRACKED_TABLES
        if not reads <= lookup.tables:
            # It read more than the versions were read for: next time they will be, and it is stored.
            _view_tables[view_name] = frozenset(_view_tables.get(view_name, frozenset()) | reads)
            return response
        if written or not _storable(request, response):
            return response
        entry = {
            "versions": {table: lookup.versions[table] for table in reads},
            "today": lookup.today,
            "session": lookup.session,
            "expires": lookup.now.timestamp() + MAX_AGE,
            "status": response.status_code,
            "content": response.content,
            "headers": [(name, value) for name, value in response.items() if name.lower() not in SKIPPED_HEADERS],
            "effects": getattr(request, "_personal_page_effects", []),
        }
        cache.set(lookup.key, entry, timeout=MAX_AGE)
        # This process's copy also keeps the user (never the shared entry: the row holds the password hash).
        _local.keep(lookup.key, {**entry, "user": getattr(request, "_cached_user", None)})
        response["X-Personal-Cache"] = "miss"
        return response


class PersonalPageHitMiddleware:
    """The last middleware: answer a current entry instead of running the view.

    By then the session's lifetime limits and the staff two-factor rule have run (and may have answered
    instead); the entry's side effects (``repeat_on_hit``) are done again for this request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        lookup = getattr(request, "_personal_page", None)
        if lookup is None or lookup.entry is None or not request.user.is_authenticated:
            return None
        storage = getattr(request, "_messages", None)
        if storage is not None and len(storage):  # a message to show: the view shows it
            return None
        entry = lookup.entry
        response = versions.stored_response(entry)
        for function, kwargs in entry["effects"]:
            function(request, **kwargs)
        response._personal_page_hit = True
        return response

"""Middleware of the edge: refuse input no page can mean, and keep the audit log's middleware to writes."""

from auditlog.middleware import AuditlogMiddleware
from django.conf import settings
from django.http import HttpResponseBadRequest
from django.utils.translation import gettext as _


class RejectNulBytesMiddleware:
    """A NUL byte in the path or the query string (``%00``) is a 400: PostgreSQL refuses NUL in
    text, so letting it through turns a typo or a probe into a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # The query string arrives percent-encoded: a NUL is "%00" there (no letters, so no case).
        query = request.META.get("QUERY_STRING", "")
        if "\x00" in request.path or "%00" in query or "\x00" in query:
            return HttpResponseBadRequest(_("The address contains a character that is not allowed (NUL)."))
        return self.get_response(request)


# Views any visitor reaches whose page holds a secret: the key or token is in the address, or the
# form takes a password. allauth already marks its login and sign-up pages never_cache.
NO_STORE_URL_NAMES = frozenset(
    {
        "account_reset_password_from_key",
        "account_confirm_email",
        "tenants:invitation_accept",
        "programs:offer_decline",
    }
)


class PrivateNoStoreMiddleware:
    """Every answer to a signed-in person, or to a request carrying API credentials, is
    ``Cache-Control: private, no-store``: no browser, proxy or shared cache keeps a page or a file
    with someone's personal data. Anonymous public pages keep whatever caching their view chose.

    Anonymous pages whose address or form carries a secret (a reset or confirmation key, an
    invitation or offer token) are never stored either (``NO_STORE_URL_NAMES``).

    The session is only read when the request has a session cookie, so an anonymous first visit
    does not become ``Vary: Cookie`` because of this check.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = request.resolver_match
        if self._carries_identity(request) or (match is not None and match.view_name in NO_STORE_URL_NAMES):
            response["Cache-Control"] = "private, no-store"
            if "Expires" in response:
                del response["Expires"]
        return response

    @staticmethod
    def _carries_identity(request) -> bool:
        # API tokens come in the Authorization header; a signed-in browser always has a session cookie.
        if request.META.get("HTTP_AUTHORIZATION"):
            return True
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return False
        user = getattr(request, "user", None)
        return bool(user is not None and user.is_authenticated)


class AuditlogOnWritesMiddleware(AuditlogMiddleware):
    """django-auditlog's middleware (actor and address on audit rows), for POST, PUT, PATCH and DELETE only.

    On every request the original loads the session and the user and connects and disconnects a signal
    receiver (Django then rebuilds its receiver cache). Reads write no audit rows, so they skip it;
    a row written during a GET is still logged, without actor and address.
    """

    def __call__(self, request):
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return self.get_response(request)
        return super().__call__(request)

"""Middleware of the edge: refuse input no page can mean, and keep the audit log's middleware to writes."""

from auditlog.middleware import AuditlogMiddleware
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

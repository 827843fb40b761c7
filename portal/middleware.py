"""Refuse input no page can mean at the edge, before a view or the database sees it."""

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

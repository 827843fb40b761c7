"""The one mechanism that writes access records for pages, downloads, exports and API calls.

A view that shows a person's or a firm's personal data is wrapped in ``records_access`` (HTML
views) or inherits ``AccessRecordedMixin`` (DRF views). After a successful response (2xx) to a
staff actor, one record is written through ``portal.accounts.access.access_record``:

- the action: the decorator's (``view`` for a page, ``search`` for a list), turned into ``export``
  when the response is a spreadsheet attachment and into ``download`` for any other file;
- whose data: what the view names with ``note_access(request, firm=..., subject_user=...)`` (else
  the address, which holds the id, says it);
- how many rows: the export's rows (``portal.spreadsheets`` counts them), else what the view noted,
  else 1.

Only staff actors are recorded (a staff flag, superuser or any staff role): the safety-measure
standard asks for the records of those who process personal data, not of people reading their own.
Being wrapped is also the marker the access matrix test (``tests/portal/test_access_matrix.py``)
uses: every wrapped URL must appear in ``docs/access-matrix.md``.
"""

from functools import wraps

from portal.personalcache import repeat_on_hit
from portal.spreadsheets import XLSX_TYPE

from .access import access_record
from .choices import AccessAction

SPREADSHEET_TYPES = ("text/csv", XLSX_TYPE)
NOTE_ATTRIBUTE = "_access_note"


def is_staff_actor(user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_staff or user.is_superuser:
        return True
    # Every staff role grants permissions: once a view has asked has_perm, the answer costs no query.
    if hasattr(user, "_perm_cache"):
        return bool(user._perm_cache)
    if not hasattr(user, "_has_staff_role"):
        user._has_staff_role = user.groups.exists()
    return user._has_staff_role


def note_access(
    request, *, firm=None, subject_user=None, rows: int | None = None, fields=(), public: bool = False
) -> None:
    """Say whose personal data the response shows (called by a wrapped view; writes nothing itself).

    ``public=True``: this response showed only what anyone may see (a public firm's logo), no record.
    """
    request = getattr(request, "_request", request)  # a DRF request wraps Django's
    note = getattr(request, NOTE_ATTRIBUTE, None) or {}
    note["public"] = public
    if firm is not None:
        note["firm"] = firm
    if subject_user is not None:
        note["subject_user"] = subject_user
    if rows is not None:
        note["rows"] = rows
    if fields:
        note["fields"] = tuple(fields)
    setattr(request, NOTE_ATTRIBUTE, note)


def _filename(response) -> str:
    disposition = response.get("Content-Disposition", "")
    for part in disposition.split(";"):
        name, _, value = part.strip().partition("=")
        if name == "filename":
            return value.strip('"')
    return ""


def record_response(request, response, *, action: AccessAction, fields=()) -> None:
    """Write the access record of one response if it showed personal data to a staff actor."""
    request = getattr(request, "_request", request)
    if not 200 <= response.status_code < 300 or not is_staff_actor(request.user):
        return
    note = getattr(request, NOTE_ATTRIBUTE, None) or {}
    if note.get("public"):
        return
    export_name = ""
    if response.has_header("Content-Disposition"):
        export_name = _filename(response)
        content_type = response.get("Content-Type", "").split(";")[0]
        action = AccessAction.EXPORT if content_type in SPREADSHEET_TYPES else AccessAction.DOWNLOAD
    rows = getattr(response, "export_rows", None)
    if rows is None:
        rows = note.get("rows", 1)
    record = {
        "action": action,
        "subject_user": note.get("subject_user"),
        "firm": note.get("firm"),
        "fields": tuple(note.get("fields", fields)),
        "export_name": export_name,
        "row_count": rows,
    }
    access_record(request=request, **record)
    # A cached copy of this page (portal/personalcache.py) shown again is recorded again.
    repeat_on_hit(request, _record_again, **record)


def _record_again(request, **record) -> None:
    access_record(request=request, **record)


def records_access(action: AccessAction = AccessAction.VIEW, *, fields=()):
    """Wrap a view that shows personal data: each successful staff response writes a record."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            record_response(request, response, action=action, fields=fields)
            return response

        wrapped.access_recorded = AccessAction(action)
        return wrapped

    return decorator


class AccessRecordedMixin:
    """The DRF side of ``records_access``: list actions are searches, the others views.

    ``access_firm_path`` names the firm of the object a detail route returns (``"firm"``, or ``""``
    when the object is the firm itself), so its record says whose data it was.
    """

    access_recorded = AccessAction.VIEW
    access_fields: tuple[str, ...] = ()
    access_firm_path: str | None = "firm"

    def get_object(self):
        obj = super().get_object()
        if self.access_firm_path is not None:
            firm = obj
            for part in filter(None, self.access_firm_path.split(".")):
                firm = getattr(firm, part, None)
            note_access(self.request, firm=firm)
        return obj

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method in ("GET", "HEAD"):
            action = AccessAction.SEARCH if getattr(self, "action", None) == "list" else self.access_recorded
            if action == AccessAction.SEARCH and isinstance(getattr(response, "data", None), dict):
                results = response.data.get("results")
                if isinstance(results, list):
                    note_access(request, rows=len(results))
            record_response(request, response, action=action, fields=self.access_fields)
        return response


class AccessRecordedAdminMixin:
    """The admin side: a model's list is a search (its rows counted), one object's page a view.

    ``access_subject_user(obj)`` names the person whose data the object is (the user themselves, a
    consent's user)."""

    access_fields: tuple[str, ...] = ()

    def access_subject_user(self, obj):
        return None

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}).get("cl")
        if request.method == "GET" and changelist is not None:
            note_access(request, rows=len(changelist.result_list))
            record_response(request, response, action=AccessAction.SEARCH, fields=self.access_fields)
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET" and response.status_code == 200:
            obj = getattr(response, "context_data", {}).get("original")
            if obj is not None:
                note_access(request, subject_user=self.access_subject_user(obj))
            record_response(request, response, action=AccessAction.VIEW, fields=self.access_fields)
        return response

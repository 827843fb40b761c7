"""Stored files: one model shape, one way in (`store_upload`) and one way out (`stored_file_response`).

Every upload is checked by content (`portal.uploads`), kept under a random name whose extension is
the detected type (never the client's), and its cleaned original name is only ever shown. Files are
never served from MEDIA_URL: a view checks permissions, then hands the file to
`stored_file_response`, which sends the detected type and headers that stop browsers sniffing,
caching or rendering it as a page.
"""

import posixpath
import unicodedata
import uuid
from collections.abc import Collection
from dataclasses import dataclass
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import Storage, default_storage
from django.db import models
from django.db.models.fields.files import FieldFile, ImageFieldFile
from django.http import FileResponse, Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.spreadsheets import XLSX_TYPE
from portal.uploads import ATTACHMENT_TYPES, validate_attachment

ORIGINAL_NAME_MAX_LENGTH = 200

# The Content-Type sent for each detected type; anything else is sent as opaque bytes.
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "hwp": "application/x-hwp",
    "hwpx": "application/hwp+zip",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": XLSX_TYPE,
    "jpg": "image/jpeg",
    "png": "image/png",
    "webp": "image/webp",
}
DEFAULT_CONTENT_TYPE = "application/octet-stream"
EXTENSIONS = {content_type: file_type for file_type, content_type in CONTENT_TYPES.items()}


def content_type_for(file_type: str) -> str:
    return CONTENT_TYPES.get(file_type, DEFAULT_CONTENT_TYPE)


def stored_extension(name: str) -> str:
    """The extension of a name this module (or an upload_to that renamed by detected type) gave a file."""
    base = name.rsplit("/", 1)[-1]
    return base.rsplit(".", 1)[-1].lower() if "." in base else ""


def random_file_name(prefix: str, file_type: str) -> str:
    return f"{prefix}/{uuid.uuid4().hex}.{file_type or 'bin'}"


def stored_file_upload_to(instance: "StoredFile", filename: str) -> str:
    # A random name; the original name is kept in a field and only ever shown, never used as a path.
    # `store_upload` names files the same way; this covers a file assigned to the field directly.
    return random_file_name(instance.upload_prefix, instance.file_type)


def clean_original_name(name: str, *, file_type: str = "") -> str:
    """The client's file name fit to show: no folders, no control or direction-changing characters."""
    name = unicodedata.normalize("NFC", str(name or ""))
    name = posixpath.basename(name.replace("\\", "/"))
    # Cc: control characters (newlines, NUL); Cf: format characters such as U+202E, which would
    # display "evil‮fdp.exe" as "evilexe.pdf".
    name = "".join(character for character in name if unicodedata.category(character) not in ("Cc", "Cf"))
    name = " ".join(name.split()).strip(". ")
    if not name:
        return f"file.{file_type}" if file_type else "file"
    if len(name) > ORIGINAL_NAME_MAX_LENGTH:
        stem, dot, extension = name.rpartition(".")
        if dot and 0 < len(extension) <= 10:
            name = f"{stem[: ORIGINAL_NAME_MAX_LENGTH - len(extension) - 1]}.{extension}"
        else:
            name = name[:ORIGINAL_NAME_MAX_LENGTH]
    return name


class ServedFieldFile(FieldFile):
    """A stored file whose ``url`` is the view that checks permissions and serves it.

    Files are never served from MEDIA_URL, so Django's ``url`` (MEDIA_URL + name) would be a dead
    ``/media-not-served/…`` link wherever a widget shows the current file (the "Currently:" link of
    ``ClearableFileInput`` on our forms and in the admin). The model names its view in
    ``served_file_url(field_name)``.
    """

    @property
    def url(self) -> str:
        self._require_file()
        return self.instance.served_file_url(self.field.name)


class ServedImageFieldFile(ImageFieldFile, ServedFieldFile):
    pass


class ServedFileField(models.FileField):
    """A FileField whose files link to their serving view (``ServedFieldFile``); every file field is one."""

    attr_class = ServedFieldFile

    def deconstruct(self):
        # Where a file is served is no part of the schema: migrations see a plain FileField.
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.FileField", args, kwargs


class ServedImageField(models.ImageField):
    attr_class = ServedImageFieldFile

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.ImageField", args, kwargs


@dataclass(frozen=True)
class StoredUpload:
    """An upload checked and written to storage: what a `StoredFile` row records about it."""

    name: str  # the storage path, random, with the detected type's extension
    original_name: str
    file_type: str
    size: int

    def model_fields(self) -> dict:
        return {"file": self.name, "original_name": self.original_name, "file_type": self.file_type, "size": self.size}


def store_upload(
    file, *, allowed: Collection[str] = ATTACHMENT_TYPES, prefix: str, storage: Storage | None = None
) -> StoredUpload:
    """Check an upload by content, then store it as ``<prefix>/<random>.<detected type>``.

    Raises ValidationError (size, emptiness, type) before anything is written.
    """
    file_type = validate_attachment(file)
    if file_type not in allowed:
        raise ValidationError(
            _("Upload %(types)s files only; this file is none of them."),
            code="attachment_type",
            params={"types": ", ".join(str(ATTACHMENT_TYPES.get(name, name)) for name in allowed)},
        )
    original_name = clean_original_name(file.name, file_type=file_type)
    size = file.size
    file.seek(0)
    name = (storage or default_storage).save(random_file_name(prefix, file_type), file)
    return StoredUpload(name=name, original_name=original_name, file_type=file_type, size=size)


class StoredFile(models.Model):
    """An uploaded file checked by content. Subclasses name their storage folder in ``upload_prefix``."""

    upload_prefix = "files"
    allowed_types: Collection[str] = ATTACHMENT_TYPES

    file = ServedFileField(_("file"), upload_to=stored_file_upload_to)
    original_name = models.CharField(_("file name"), max_length=ORIGINAL_NAME_MAX_LENGTH)
    file_type = models.CharField(_("file type"), max_length=10)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("uploaded by")
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        abstract = True

    def __str__(self):
        return self.original_name

    @classmethod
    def from_upload(cls, file, *, uploaded_by=None, **fields):
        """An unsaved row for an upload, which `store_upload` has checked and written to storage."""
        stored = store_upload(
            file, allowed=cls.allowed_types, prefix=cls.upload_prefix, storage=cls._meta.get_field("file").storage
        )
        return cls(uploaded_by=uploaded_by, **stored.model_fields(), **fields)

    @property
    def content_type(self) -> str:
        return content_type_for(self.file_type)

    def served_file_url(self, field_name: str) -> str:
        return self.get_absolute_url()


def download_name(filename: str, content_type: str) -> str:
    """The name to save a download under, its extension that of the type sent, never the client's.

    A PDF uploaded as ``x.html`` is served as PDF; saved as ``x.html`` it would open as a page.
    """
    extension = EXTENSIONS.get(content_type.split(";")[0].strip())
    if extension is None:
        return filename
    stem, dot, current = filename.rpartition(".")
    if dot and current.lower() in (extension, "jpeg" if extension == "jpg" else extension):
        return filename
    if dot and stem and 0 < len(current) <= 10:
        return f"{stem}.{extension}"
    return f"{filename}.{extension}"


def content_disposition(filename: str, *, as_attachment: bool = True) -> str:
    """``attachment; filename="..."`` with an ASCII fallback, plus RFC 5987 ``filename*=`` for Korean names."""
    disposition = "attachment" if as_attachment else "inline"
    fallback = unicodedata.normalize("NFKD", filename).encode("ascii", "ignore").decode("ascii")
    fallback = "".join(
        character if character.isprintable() and character not in '"\\/;' else "_" for character in fallback
    )
    stem, dot, extension = fallback.rpartition(".")
    if not (stem if dot else fallback).strip("_ "):
        fallback = f"download.{extension}" if dot else "download"
    header = f'{disposition}; filename="{fallback}"'
    if fallback != filename:
        header += f"; filename*=UTF-8''{quote(filename, safe='')}"
    return header


def stored_file_response(
    request,
    file_field,
    *,
    filename: str,
    content_type: str,
    as_attachment: bool = True,
    cache_control: str = "private, no-store",
) -> FileResponse:
    """Serve a stored file the caller has already allowed ``request.user`` to see; 404 when it is missing.

    The Content-Type is the caller's (from the detected type, never guessed from a name), the saved
    name's extension follows it (``download_name``), and ``nosniff`` stops a browser from deciding
    otherwise.
    """
    if not file_field:
        raise Http404
    try:
        handle = file_field.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type=content_type)
    response["Content-Disposition"] = content_disposition(
        download_name(filename, content_type), as_attachment=as_attachment
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = cache_control
    return response

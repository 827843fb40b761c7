"""Upload checks by content, never by the name or the browser's content type."""

import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

LOGO_FORMATS = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp"}


def validate_logo(file) -> None:
    if file.size > settings.LOGO_MAX_BYTES:
        raise ValidationError(
            _("The logo is %(size)s; the limit is %(limit)s."),
            code="logo_too_large",
            params={"size": filesizeformat(file.size), "limit": filesizeformat(settings.LOGO_MAX_BYTES)},
        )
    try:
        file.seek(0)
        with Image.open(file) as image:
            image_format = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ValidationError(_("The logo is not a readable image."), code="logo_unreadable") from error
    finally:
        file.seek(0)
    if image_format not in LOGO_FORMATS:
        raise ValidationError(_("Upload the logo as PNG, JPEG or WebP."), code="logo_format")


def logo_extension(file) -> str:
    file.seek(0)
    with Image.open(file) as image:
        extension = LOGO_FORMATS.get(image.format, "bin")
    file.seek(0)
    return extension


# Attachments of tenancy applications. No well-kept library recognises HWP/HWPX (the Korean word
# processor formats public programmes ask for), so the formats are told apart here by signature
# and, for the ZIP-based ones, by what the archive holds.
ATTACHMENT_TYPES = {
    "pdf": _("PDF"),
    "hwp": _("HWP"),
    "hwpx": _("HWPX"),
    "docx": _("Word (DOCX)"),
    "xlsx": _("Excel (XLSX)"),
    "jpg": _("JPEG image"),
    "png": _("PNG image"),
}
OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def detect_attachment_type(file) -> str | None:
    """The attachment's real type from its content, or None when it is none of ATTACHMENT_TYPES.

    Raises UnsafeArchive (a ValidationError) for a ZIP past the limits below.
    """
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(OLE2_SIGNATURE):
        # HWP 5 is an OLE2 compound file whose "FileHeader" stream starts with this signature.
        data = file.read(64 * 1024)
        file.seek(0)
        return "hwp" if "HWP Document File".encode("utf-16-le") in data or b"HWP Document File" in data else None
    if head.startswith(b"PK\x03\x04"):
        return _office_archive_type(file)
    return None


# Limits on what a ZIP-based upload (HWPX, DOCX, XLSX) may hold. Real documents have tens to a few
# hundred entries and compress text about 10:1 (very repetitive XML up to about 100:1); a zip bomb
# packs gigabytes into kilobytes. Only the central directory is read to check them, and the one
# entry read (HWPX's ``mimetype``) is capped.
ARCHIVE_MAX_ENTRIES = 2000
ARCHIVE_MAX_UNPACKED_BYTES = 200 * 1024 * 1024
ARCHIVE_MAX_RATIO = 200
MIMETYPE_MAX_BYTES = 256


class UnsafeArchive(ValidationError):
    def __init__(self):
        super().__init__(
            _("The file is an archive that unpacks to far more than it holds; it is refused."), code="archive_unsafe"
        )


def _read_capped(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    """At most ``limit`` bytes of an entry, whatever size its header claims."""
    if info.file_size > limit:
        raise UnsafeArchive
    with archive.open(info) as entry:
        data = entry.read(limit + 1)
    if len(data) > limit:
        raise UnsafeArchive
    return data


def check_archive_limits(archive: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    """The archive's entries, or UnsafeArchive when there are too many or they unpack to too much."""
    entries = archive.infolist()
    if len(entries) > ARCHIVE_MAX_ENTRIES:
        raise UnsafeArchive
    unpacked = sum(info.file_size for info in entries)
    packed = sum(info.compress_size for info in entries)
    if unpacked > ARCHIVE_MAX_UNPACKED_BYTES or unpacked > ARCHIVE_MAX_RATIO * max(packed, 1):
        raise UnsafeArchive
    return entries


def _office_archive_type(file) -> str | None:
    try:
        with zipfile.ZipFile(file) as archive:
            entries = check_archive_limits(archive)
            by_name = {info.filename: info for info in entries}
            mimetype = by_name.get("mimetype")
            if mimetype is not None and _read_capped(archive, mimetype, MIMETYPE_MAX_BYTES).startswith(
                b"application/hwp+zip"
            ):
                return "hwpx"
            if "[Content_Types].xml" in by_name:
                if any(name.startswith("word/") for name in by_name):
                    return "docx"
                if any(name.startswith("xl/") for name in by_name):
                    return "xlsx"
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, KeyError, EOFError, NotImplementedError, RuntimeError):
        return None
    finally:
        file.seek(0)
    return None


def validate_attachment(file) -> str:
    """Check size and type by content; return the detected type."""
    if file.size > settings.ATTACHMENT_MAX_BYTES:
        raise ValidationError(
            _("The file is %(size)s; the limit is %(limit)s."),
            code="attachment_too_large",
            params={"size": filesizeformat(file.size), "limit": filesizeformat(settings.ATTACHMENT_MAX_BYTES)},
        )
    if file.size == 0:
        raise ValidationError(_("The file is empty."), code="attachment_empty")
    file_type = detect_attachment_type(file)
    if file_type is None:
        raise ValidationError(
            _("Upload PDF, HWP, HWPX, DOCX, XLSX, JPG or PNG files only; this file is none of them."),
            code="attachment_type",
        )
    return file_type

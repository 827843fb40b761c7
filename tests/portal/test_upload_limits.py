"""Archive uploads are read with limits, and downloads are named and typed by content (issue 15).

A 298 KB HWPX whose ``mimetype`` entry unpacked to hundreds of megabytes took the server from
116 MB to 731 MB: the check read the entry whole. The bombs here are built in the test, small.
"""

import io
import tracemalloc
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from portal.files import download_name
from portal.uploads import ARCHIVE_MAX_ENTRIES, detect_attachment_type, validate_attachment
from tenants.models import ApplicationAttachment

from ..factories import ApplicationFactory, pdf_upload

MEGABYTE = 1024 * 1024


def bomb(entry="mimetype", megabytes=64, start=b"application/hwp+zip") -> bytes:
    """A ZIP of about 64 kB whose one entry unpacks to ``megabytes`` MB, written in chunks."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive,
        archive.open(entry, "w", force_zip64=True) as handle,
    ):
        handle.write(start)
        chunk = b"\0" * MEGABYTE
        for _ in range(megabytes):
            handle.write(chunk)
    return buffer.getvalue()


def upload(content: bytes, name="plan.hwpx"):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def test_a_zip_bomb_is_refused_without_unpacking_it():
    content = bomb()
    assert len(content) < 1 * MEGABYTE
    tracemalloc.start()
    try:
        with pytest.raises(ValidationError) as error:
            validate_attachment(upload(content))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert error.value.code == "archive_unsafe"
    # The check reads the central directory only: far below the 64 MB the entry claims.
    assert peak < 4 * MEGABYTE


def test_a_bomb_in_a_docx_shaped_archive_is_refused_too():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<x/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as handle:
            for _ in range(32):
                handle.write(b" " * MEGABYTE)
    with pytest.raises(ValidationError) as error:
        detect_attachment_type(io.BytesIO(buffer.getvalue()))
    assert error.value.code == "archive_unsafe"


def test_a_mimetype_entry_larger_than_a_mimetype_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        archive.writestr("mimetype", b"application/hwp+zip" + b"x" * 4096)  # stored: ratio 1
    with pytest.raises(ValidationError) as error:
        detect_attachment_type(io.BytesIO(buffer.getvalue()))
    assert error.value.code == "archive_unsafe"


def test_an_archive_with_too_many_entries_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<x/>")
        for number in range(ARCHIVE_MAX_ENTRIES):
            archive.writestr(f"word/{number}.xml", "")
    with pytest.raises(ValidationError) as error:
        detect_attachment_type(io.BytesIO(buffer.getvalue()))
    assert error.value.code == "archive_unsafe"


def test_real_office_files_still_pass():
    workbook = Workbook()
    for row in range(2000):
        workbook.active.append([row, "창원 스마트공장", row * 1.5])
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert validate_attachment(upload(buffer.getvalue(), name="명단.xlsx")) == "xlsx"
    hwpx = io.BytesIO()
    with zipfile.ZipFile(hwpx, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/hwp+zip", compress_type=zipfile.ZIP_STORED)
        paragraphs = "".join(f"<hs:p>사업계획 {number}</hs:p>" for number in range(2000))
        archive.writestr("Contents/section0.xml", f"<hs:sec>{paragraphs}</hs:sec>")
    assert validate_attachment(upload(hwpx.getvalue())) == "hwpx"


@pytest.mark.django_db
def test_the_upload_form_shows_the_refusal_and_stores_nothing(client, alice):
    firm, representative, _ = alice
    application = ApplicationFactory(firm=firm)
    client.force_login(representative)
    client.cookies["django_language"] = "en"
    requirement = application.call.requirements.first()
    response = client.post(
        reverse("tenants:application_edit", args=[application.pk]),
        {"attachment-requirement": requirement.pk, "attachment-file": upload(bomb())},
    )
    assert response.status_code == 200
    assert response.context["upload_form"].errors["file"] == [
        "The file is an archive that unpacks to far more than it holds; it is refused."
    ]
    assert not ApplicationAttachment.objects.exists()
    assert not default_storage.exists("attachments")


# Downloads: named and typed by the detected type ------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content_type", "expected"),
    [
        ("x.html", "application/pdf", "x.pdf"),
        ("사업계획서.pdf", "application/pdf", "사업계획서.pdf"),
        ("photo.jpeg", "image/jpeg", "photo.jpeg"),
        ("no-extension", "application/pdf", "no-extension.pdf"),
        ("report.svg", "image/png", "report.png"),
        ("anything.bin", "application/octet-stream", "anything.bin"),
    ],
)
def test_download_name_takes_the_extension_of_the_type_sent(name, content_type, expected):
    assert download_name(name, content_type) == expected


@pytest.mark.django_db
def test_an_html_named_pdf_downloads_as_pdf_with_a_pdf_name(client, alice):
    firm, representative, _ = alice
    application = ApplicationFactory(firm=firm)
    client.force_login(representative)
    requirement = application.call.requirements.first()
    client.post(
        reverse("tenants:application_edit", args=[application.pk]),
        {"attachment-requirement": requirement.pk, "attachment-file": pdf_upload(name="invoice.html")},
    )
    attachment = ApplicationAttachment.objects.get()
    assert attachment.file.name.endswith(".pdf")
    assert attachment.original_name == "invoice.html"  # shown as given, never served under it

    response = client.get(reverse("tenants:attachment_download", args=[application.pk, attachment.pk]))

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="invoice.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"

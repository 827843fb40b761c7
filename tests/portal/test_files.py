"""Stored files: checked and named by content on the way in, served with strict headers on the way out."""

from datetime import date
from urllib.parse import quote

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.test import RequestFactory
from django.urls import reverse

from portal.files import clean_original_name, store_upload, stored_file_response
from portal.reports.choices import ReportKind
from portal.reports.models import Report
from programs.models import Deliverable, Milestone
from programs.services import consulting_attachment_add, kpi_record
from tenants.models import ApplicationAttachment
from tenants.services import attachment_add

from ..factories import (
    ApplicationFactory,
    CertificateFactory,
    ConsultingRequestFactory,
    KpiMeasurementFactory,
    UserFactory,
    pdf_upload,
)
from ..tenants.test_firm_profile import png_bytes

KOREAN_NAME = "사업계획서 최종.pdf"


def assert_strict_headers(response, content_type):
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"


# store_upload ---------------------------------------------------------------------------------


def test_an_html_body_named_pdf_is_refused_and_nothing_is_stored():
    upload = SimpleUploadedFile("plan.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf")
    with pytest.raises(ValidationError) as error:
        store_upload(upload, prefix="attachments")
    assert error.value.code == "attachment_type"
    assert not default_storage.exists("attachments")


def test_a_real_pdf_named_html_is_stored_as_pdf():
    stored = store_upload(pdf_upload(name="x.html"), prefix="attachments")
    assert stored.name.startswith("attachments/") and stored.name.endswith(".pdf")
    assert "html" not in stored.name
    assert (stored.file_type, stored.original_name) == ("pdf", "x.html")
    assert default_storage.open(stored.name).read().startswith(b"%PDF-")


def test_a_type_outside_the_allowed_set_is_refused():
    with pytest.raises(ValidationError):
        store_upload(pdf_upload(), allowed={"png", "jpg"}, prefix="logos")


@pytest.mark.parametrize(
    ("name", "cleaned"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\kim\\계획서.pdf", "계획서.pdf"),
        ("plan\r\nSet-Cookie: x.pdf", "planSet-Cookie: x.pdf"),
        ("evil\u202efdp.exe", "evilfdp.exe"),
        ("nul\x00byte.pdf", "nulbyte.pdf"),
        ("   ", "file.pdf"),
        ("a" * 300 + ".pdf", "a" * 196 + ".pdf"),
    ],
)
def test_original_names_lose_folders_and_control_characters(name, cleaned):
    assert clean_original_name(name, file_type="pdf") == cleaned


# stored_file_response -------------------------------------------------------------------------


@pytest.mark.django_db
def test_download_headers_come_from_the_detected_type_with_a_korean_name():
    stored = store_upload(pdf_upload(), prefix="attachments")
    attachment = ApplicationAttachment(**stored.model_fields())
    request = RequestFactory().get("/")

    # The name says HTML; the header says what the content is.
    response = stored_file_response(request, attachment.file, filename=KOREAN_NAME, content_type="application/pdf")

    assert_strict_headers(response, "application/pdf")
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="')
    assert f"filename*=UTF-8''{quote(KOREAN_NAME, safe='')}" in disposition
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


@pytest.mark.django_db
def test_a_missing_or_empty_file_is_404():
    request = RequestFactory().get("/")
    with pytest.raises(Http404):
        stored_file_response(
            request, ApplicationAttachment(file="attachments/gone.pdf").file, filename="a.pdf", content_type="x/y"
        )
    with pytest.raises(Http404):
        stored_file_response(request, ApplicationAttachment().file, filename="a.pdf", content_type="x/y")


# Every download view serves through the helper --------------------------------------------------


@pytest.mark.django_db
def test_application_attachment_download_headers(client, alice):
    firm, representative, _ = alice
    application = ApplicationFactory(firm=firm)
    attachment = attachment_add(application=application, file=pdf_upload(name=KOREAN_NAME), user=representative)
    assert attachment.file.name.endswith(".pdf")
    client.force_login(representative)

    response = client.get(reverse("tenants:attachment_download", args=[application.pk, attachment.pk]))

    assert_strict_headers(response, "application/pdf")
    assert quote(KOREAN_NAME, safe="") in response["Content-Disposition"]


@pytest.mark.django_db
def test_consulting_attachment_deliverable_and_kpi_evidence_download_headers(client, alice):
    firm, representative, _ = alice
    draft = ConsultingRequestFactory(firm=firm, created_by=representative, state="draft")
    attachment = consulting_attachment_add(request=draft, file=pdf_upload(name="x.html"), user=representative)
    milestone = Milestone.objects.create(request=draft, kind="diagnosis", due_on=date(2026, 12, 1))
    deliverable = Deliverable.from_upload(pdf_upload(name="보고서.pdf"), milestone=milestone)
    deliverable.save()
    measurement = KpiMeasurementFactory(request=draft)
    client.force_login(representative)

    response = client.get(reverse("programs:consulting_attachment", args=[draft.pk, attachment.pk]))
    assert_strict_headers(response, "application/pdf")
    response = client.get(reverse("programs:consulting_deliverable", args=[draft.pk, deliverable.pk]))
    assert_strict_headers(response, "application/pdf")

    draft.state = "in_progress"
    draft.save()
    measurement = kpi_record(
        request=draft,
        kpi=measurement.kpi,
        phase="after",
        value=measurement.after_value,
        unit="units/hour",
        method="MES",
        measured_on=date(2026, 6, 10),
        evidence=pdf_upload(name="evidence.html"),
    )
    assert measurement.after_evidence.name.endswith(".pdf") and measurement.after_evidence_type == "pdf"
    response = client.get(reverse("programs:consulting_kpi_evidence", args=[draft.pk, measurement.pk, "after"]))
    assert_strict_headers(response, "application/pdf")
    assert f'filename="{measurement.kpi}-after.pdf"' in response["Content-Disposition"]


@pytest.mark.django_db
def test_firm_logo_is_served_inline_as_its_detected_image_type(client, alice):
    firm = alice[0]
    firm.public_profile = True
    firm.logo.save("logo.png", ContentFile(png_bytes()), save=True)

    response = client.get(reverse("tenants:firm_logo", args=[firm.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("inline;")


@pytest.mark.django_db
def test_report_download_headers(client):
    report = Report.objects.create(kind=ReportKind.MONTHLY_PDF, month=date(2026, 10, 1))
    report.file.save("report.pdf", ContentFile(b"%PDF-1.7\n%%EOF\n"), save=True)
    client.force_login(UserFactory(is_superuser=True, is_staff=True))

    response = client.get(reverse("reports:download", args=[report.pk]))

    assert_strict_headers(response, "application/pdf")
    assert "attachment" in response["Content-Disposition"]


@pytest.mark.django_db
def test_certificate_download_headers(client):
    certificate = CertificateFactory()
    certificate.pdf.save("certificate.pdf", ContentFile(b"%PDF-1.7\n%%EOF\n"), save=True)
    client.force_login(certificate.enrolment.user)

    response = client.get(reverse("programs:certificate_download", args=[certificate.enrolment_id]))

    assert_strict_headers(response, "application/pdf")
    assert f'filename="certificate-{certificate.number}.pdf"' in response["Content-Disposition"]

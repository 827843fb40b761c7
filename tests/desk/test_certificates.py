"""The certificate of residence: issued once on a document request, verified by its code."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tenants.desk.certificates import residence_certificate_issue
from tenants.desk.choices import RequestCategory, RequestState

from .conftest import file_request


@pytest.fixture
def document_request(resident_alice):
    return file_request(resident_alice, category=RequestCategory.DOCUMENT, subject="입주확인서 발급 요청")


@pytest.fixture
def certificate(document_request, desk_staff):
    return residence_certificate_issue(service_request=document_request, user=desk_staff, purpose="금융기관 제출용")


@pytest.mark.django_db
def test_the_certificate_is_a_pdf_of_the_lease_and_resolves_the_request(certificate, document_request, resident_alice):
    assert certificate.pdf.read(5) == b"%PDF-"
    assert (certificate.firm_name, certificate.space_code) == (resident_alice.firm.name, "301")
    assert certificate.number.startswith("HB-R-")
    document_request.refresh_from_db()
    assert document_request.state == RequestState.RESOLVED


@pytest.mark.django_db
def test_the_verification_page_confirms_the_certificate(client, certificate):
    response = client.get(reverse("desk:certificate_verify", args=[certificate.verification_code]))
    assert response.status_code == 200
    content = response.content.decode()
    assert certificate.firm_name in content and certificate.number in content
    assert certificate.brn not in content  # the page confirms the paper; it does not hand out the BRN


@pytest.mark.django_db
def test_a_wrong_code_is_not_a_certificate(client, certificate):
    response = client.get(reverse("desk:certificate_verify", args=[certificate.verification_code[:-1] + "x"]))
    assert response.status_code == 404
    assert certificate.firm_name not in response.content.decode()


@pytest.mark.django_db
def test_the_firm_downloads_its_certificate(client, certificate, document_request, resident_alice, resident_bob):
    url = reverse("desk:certificate_download", args=[document_request.pk])
    client.force_login(resident_alice.member)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    client.force_login(resident_bob.member)
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_a_certificate_is_issued_once_and_only_on_a_document_request(
    certificate, document_request, alice_request, desk_staff
):
    with pytest.raises(ValidationError):
        residence_certificate_issue(service_request=document_request, user=desk_staff)
    with pytest.raises(ValidationError):
        residence_certificate_issue(service_request=alice_request, user=desk_staff)

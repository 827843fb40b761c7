"""The public certificate lookup by number and holder's name leads to the QR code's page and reveals nothing more."""

import pytest
from django.urls import reverse

from ..factories import CertificateFactory


@pytest.fixture
def certificate(db):
    certificate = CertificateFactory()
    certificate.enrolment.user.name = "김수료"
    certificate.enrolment.user.save()
    return certificate


def test_the_lookup_page_is_public_and_has_a_form(client, db):
    page = client.get(reverse("programs:certificate_lookup"))
    assert page.status_code == 200 and 'name="number"' in page.content.decode()


def test_number_and_name_open_the_certificate_page(client, certificate):
    response = client.get(
        reverse("programs:certificate_lookup"), {"number": f" {certificate.number.lower()} ", "name": "김수료"}
    )
    assert response.status_code == 302 and response.url == certificate.get_absolute_url()
    assert client.get(response.url).status_code == 200


def test_a_number_with_another_name_reveals_no_name(client, certificate):
    response = client.get(reverse("programs:certificate_lookup"), {"number": certificate.number, "name": "다른사람"})
    page = response.content.decode()
    assert response.status_code == 200 and "김수료" not in page and "error-summary" in page


def test_an_unknown_number_or_an_empty_form_is_no_error_page(client, db):
    assert (
        client.get(reverse("programs:certificate_lookup"), {"number": "HB-1999-0001", "name": "x"}).status_code == 200
    )
    assert client.get(reverse("programs:certificate_lookup"), {"number": "", "name": ""}).status_code == 200

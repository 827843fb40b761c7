"""``Cache-Control: private, no-store`` on everything said to a signed-in person; anonymous public
pages stay cacheable (README "Security: headers")."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from knox.models import AuthToken

from ..factories import UserFactory
from ..tenants.test_firm_profile import png_bytes


def cache_directives(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/calls/", "/programs/", "/tenants/"])
def test_a_signed_in_person_gets_private_no_store_on_public_pages(client, path):
    client.force_login(UserFactory())
    assert {"private", "no-store"} <= cache_directives(client.get(path))


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/calls/", "/programs/", "/tenants/"])
def test_anonymous_public_pages_stay_cacheable(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert "no-store" not in cache_directives(response)


@pytest.mark.django_db
def test_an_anonymous_visitor_with_a_session_cookie_is_not_marked_private(client):
    client.cookies["sessionid"] = "not-a-session"
    assert "no-store" not in cache_directives(client.get("/calls/"))


@pytest.mark.django_db
def test_an_api_token_request_is_never_stored(client):
    _token, text = AuthToken.objects.create(user=UserFactory())
    response = client.get("/api/firms/", HTTP_AUTHORIZATION=f"Token {text}")
    assert response.status_code == 200
    assert cache_directives(response) == {"private", "no-store"}


@pytest.mark.django_db
def test_a_private_logo_to_its_firms_people_is_not_kept_for_an_hour(client, alice):
    firm, representative, _member = alice
    firm.logo.save("logo.png", ContentFile(png_bytes()), save=True)
    client.force_login(representative)
    response = client.get(reverse("tenants:firm_logo", args=[firm.pk]))
    assert response.status_code == 200
    assert cache_directives(response) == {"private", "no-store"}


@pytest.mark.django_db
def test_the_data_export_download_is_never_stored(client):
    client.force_login(UserFactory())
    response = client.get(reverse("accounts:data_export"))
    assert cache_directives(response) == {"private", "no-store"}


@pytest.mark.django_db
def test_an_anonymous_page_with_a_key_in_its_address_is_never_stored(client):
    response = client.get(reverse("account_reset_password_from_key", kwargs={"uidb36": "x", "key": "set-password"}))
    assert cache_directives(response) == {"private", "no-store"}
    response = client.get(reverse("tenants:invitation_accept", args=["a-token"]))
    assert cache_directives(response) == {"private", "no-store"}


@pytest.mark.django_db
def test_the_sign_in_page_is_never_stored(client):
    assert "no-store" in cache_directives(client.get(reverse("account_login")))

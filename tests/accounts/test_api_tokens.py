"""API tokens (django-rest-knox): stored as digests, valid for a limited time, shown once at creation."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from knox.models import AuthToken

from portal.accounts.services import api_token_revoke, api_token_rotate

NO_TOKEN = 'id="api-token-state" class="empty"'
# DRF answers a refused token with 403, not 401: its first authentication class (the session) sends no
# WWW-Authenticate challenge.
REFUSED = 403


def _new_token(client):
    """Create a token on My account; returns the token shown and the response."""
    response = client.post(reverse("accounts:api_token"), {"action": "create"})
    assert response.status_code == 200
    text = response.content.decode().split('id="new-api-token">', 1)[1].split("<", 1)[0]
    return text, response


def test_a_new_token_is_shown_once_and_only_its_digest_is_stored(client, alice):
    _firm, representative, _member = alice
    client.force_login(representative)
    text, response = _new_token(client)
    assert "no-store" in response["Cache-Control"]
    stored = AuthToken.objects.get(user=representative)
    assert len(text) == 64 and text != stored.digest and len(stored.digest) == 128
    later = client.get(reverse("accounts:privacy")).content.decode()
    assert text not in later and "new-api-token" not in later
    assert 'id="api-token-state">' in later


def test_the_token_works_until_it_expires(client, api_client, alice):
    firm, representative, _member = alice
    client.force_login(representative)
    text, _response = _new_token(client)
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {text}")
    assert api_client.get(reverse("api-me")).json()["firm_id"] == firm.pk
    stored = AuthToken.objects.get()
    assert timedelta(days=89) < stored.expiry - timezone.now() <= timedelta(days=90)
    AuthToken.objects.filter(pk=stored.pk).update(expiry=timezone.now() - timedelta(seconds=1))
    assert api_client.get(reverse("api-me")).status_code == REFUSED


def test_replacing_the_token_ends_the_old_one(api_client, alice):
    _firm, representative, _member = alice
    _stored, old = api_token_rotate(user=representative)
    _stored, new = api_token_rotate(user=representative)
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {old}")
    assert api_client.get(reverse("api-me")).status_code == REFUSED
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {new}")
    assert api_client.get(reverse("api-me")).status_code == 200


def test_revoking_from_my_account_ends_the_token(client, api_client, alice):
    _firm, representative, _member = alice
    client.force_login(representative)
    text, _response = _new_token(client)
    response = client.post(reverse("accounts:api_token"), {"action": "revoke"})
    assert response.status_code == 302
    assert not AuthToken.objects.exists()
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {text}")
    assert api_client.get(reverse("api-me")).status_code == REFUSED
    assert NO_TOKEN in client.get(reverse("accounts:privacy")).content.decode()


@pytest.mark.django_db
def test_revoking_without_a_token_changes_nothing(user):
    assert api_token_revoke(user=user) == 0


def test_another_persons_token_is_not_mine(client, alice, bob):
    _firm, representative, _member = alice
    api_token_rotate(user=bob.representative)
    client.force_login(representative)
    assert NO_TOKEN in client.get(reverse("accounts:privacy")).content.decode()

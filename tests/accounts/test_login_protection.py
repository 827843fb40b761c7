"""Login protection that holds in production: the failed-login limit is kept in the shared Redis (so every
web process and a restart see the same count), and the client address is read behind the trusted
number of proxies (ALLAUTH_TRUSTED_PROXY_COUNT)."""

import contextlib

import pytest
from django.core.cache import caches
from django.urls import reverse

from ..factories import UserFactory
from ..mfa import totp_code, totp_enable

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery"


def fail_login(client, email, **headers):
    return client.post(reverse("account_login"), {"login": email, "password": "wrong-password"}, headers=headers)


def test_the_failed_login_count_is_shared_by_every_process_through_redis(client, redis_cache):
    user = UserFactory(email="target@example.kr")
    for _ in range(5):
        fail_login(client, user.email)
    # Another web process (or this one after a restart) opens its own connection to the same Redis.
    with contextlib.suppress(AttributeError):
        del caches._connections.default
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session


def signs_in(client, email, **headers) -> bool:
    client.logout()
    client.post(reverse("account_login"), {"login": email, "password": PASSWORD}, headers=headers)
    return "_auth_user_id" in client.session


@pytest.fixture
def per_address_limit(settings):
    """One proxy in front; two failures per client address lock that address (the per-account limit
    is left out so that only the address decides)."""
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "2/m/ip"}
    return UserFactory(email="target@example.kr").email


def test_behind_one_proxy_each_client_address_has_its_own_limit(client, per_address_limit):
    for _ in range(2):
        fail_login(client, per_address_limit, x_forwarded_for="203.0.113.7")
    assert not signs_in(client, per_address_limit, x_forwarded_for="203.0.113.7")
    # Another client behind the same proxy (the same REMOTE_ADDR) is not locked out by the first one.
    assert signs_in(client, per_address_limit, x_forwarded_for="198.51.100.9")


def test_a_client_cannot_escape_the_limit_by_adding_a_forwarded_address(client, per_address_limit):
    # The proxy appends the real address last; the entries before it are the client's own claims.
    for spoofed in ("1.1.1.1", "2.2.2.2"):
        fail_login(client, per_address_limit, x_forwarded_for=f"{spoofed}, 203.0.113.7")
    assert not signs_in(client, per_address_limit, x_forwarded_for="3.3.3.3, 203.0.113.7")


def test_wrong_two_factor_codes_are_limited_too(client, db):
    user = UserFactory(email="staff@example.kr", is_staff=True)
    totp_enable(user)
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    wrong = "000000" if totp_code() != "000000" else "111111"
    for _ in range(5):
        client.post(reverse("mfa_authenticate"), {"code": wrong})
    client.post(reverse("mfa_authenticate"), {"code": totp_code()})  # right, but too late
    assert "_auth_user_id" not in client.session

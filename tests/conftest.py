from typing import NamedTuple

import pytest
from django.test import Client
from rest_framework.test import APIClient

from portal.accounts.models import User
from portal.accounts.roles import HUB_MANAGER, PROGRAMME_OFFICER, sync_roles
from tenants.choices import MembershipRole
from tenants.models import Firm

from .factories import FirmFactory, MembershipFactory, UserFactory, user_in_role
from .mfa import force_login_with_mfa


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _force_login_passes_mfa(monkeypatch):
    """``client.force_login`` (Django's and DRF's test clients) stands for a complete sign-in, with the
    two-factor step staff must pass (tests/mfa.py); enforcement stays on in the test settings."""
    monkeypatch.setattr(Client, "force_login", force_login_with_mfa)


@pytest.fixture(autouse=True)
def _clear_cache():
    # allauth's rate limits live in the cache; each test starts with a clean slate.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


class FirmPeople(NamedTuple):
    """A firm with its representative and one member; unpacks like the tuple it replaced."""

    firm: Firm
    representative: User
    member: User


def _firm_with_people(name) -> FirmPeople:
    firm = FirmFactory(name=name, public_profile=False)
    representative = MembershipFactory(firm=firm, role=MembershipRole.REPRESENTATIVE, user__email=f"{name}@example.kr")
    member = MembershipFactory(firm=firm, user__email=f"{name}.member@example.kr")
    return FirmPeople(firm, representative.user, member.user)


@pytest.fixture
def alice(db):
    """Alice's firm: (firm, representative, member)."""
    return _firm_with_people("alice")


@pytest.fixture
def bob(db):
    return _firm_with_people("bob")


@pytest.fixture
def charlie(db):
    return _firm_with_people("charlie")


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def api_client():
    return APIClient()


# Staff in the roles of portal/accounts/roles.py -------------------------------------------------


@pytest.fixture
def roles(db):
    """The staff groups and their permissions (a flushed database has none)."""
    sync_roles()


@pytest.fixture
def manager(roles):
    return user_in_role(HUB_MANAGER)


@pytest.fixture
def officer(roles):
    return user_in_role(PROGRAMME_OFFICER)


@pytest.fixture
def staff_client(client, manager):
    """A client signed in as the hub manager."""
    client.force_login(manager)
    return client


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


# A private Redis for outage tests (never the machine's shared one) ----------------------------


@pytest.fixture(scope="session")
def redis_server():
    """A Redis server of the test session's own, on a free port; ``.down()`` simulates an outage."""
    from .redis_server import private_redis

    with private_redis() as server:
        yield server


@pytest.fixture
def private_redis(redis_server):
    """The private Redis, running and empty at the start of the test."""
    import redis

    redis_server.start()
    redis.Redis.from_url(redis_server.url()).flushall()
    return redis_server


@pytest.fixture
def redis_cache(settings, private_redis):
    """The default cache is portal.cache.DegradingRedisCache on the private Redis (db 1), asked again
    after every failure (RETRY_AFTER 0) so a test sees Redis come back at once."""
    import contextlib

    from django.core.cache import caches

    settings.CACHES = {
        "default": {
            "BACKEND": "portal.cache.DegradingRedisCache",
            "LOCATION": private_redis.url(1),
            "OPTIONS": {"RETRY_AFTER": 0},
        }
    }
    with contextlib.suppress(AttributeError):
        del caches._connections.default
    yield caches["default"]
    with contextlib.suppress(AttributeError):
        del caches._connections.default

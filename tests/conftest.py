import pytest
from rest_framework.test import APIClient

from tenants.choices import MembershipRole

from .factories import FirmFactory, MembershipFactory, UserFactory


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _clear_cache():
    # allauth's rate limits live in the cache; each test starts with a clean slate.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def _firm_with_people(name):
    firm = FirmFactory(name=name, public_profile=False)
    representative = MembershipFactory(firm=firm, role=MembershipRole.REPRESENTATIVE, user__email=f"{name}@example.kr")
    member = MembershipFactory(firm=firm, user__email=f"{name}.member@example.kr")
    return firm, representative.user, member.user


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

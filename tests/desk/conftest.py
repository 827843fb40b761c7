"""Resident firms (alice, bob) with a lease at one site, desk staff, and a way to file requests."""

from types import SimpleNamespace

import pytest

from portal.accounts.roles import SERVICE_DESK
from tenants.desk.choices import Priority, RequestCategory
from tenants.desk.services import service_request_create

from ..factories import LeaseFactory, SiteFactory, SpaceFactory, user_in_role

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


@pytest.fixture
def site(db):
    return SiteFactory(name="경남창원산학융합원", name_en="Gyeongnam Changwon Industry-Academia Convergence Institute")


@pytest.fixture
def resident_alice(alice, site):
    space = SpaceFactory(site=site, code="301")
    LeaseFactory(firm=alice.firm, space=space)
    return SimpleNamespace(**alice._asdict(), site=site, space=space)


@pytest.fixture
def resident_bob(bob, site):
    space = SpaceFactory(site=site, code="302")
    LeaseFactory(firm=bob.firm, space=space)
    return SimpleNamespace(**bob._asdict(), site=site, space=space)


@pytest.fixture
def desk_staff(roles):
    return user_in_role(SERVICE_DESK, name="김데스크")


def file_request(people, *, category=RequestCategory.REPAIRS, user=None, subject="에어컨 누수", files=()):
    return service_request_create(
        user=user or people.member,
        category=category,
        site=people.site,
        space=people.space,
        subject=subject,
        description="301호 천장 에어컨에서 물이 떨어집니다.",
        urgency=Priority.HIGH,
        files=files,
    )


@pytest.fixture
def alice_request(resident_alice):
    return file_request(resident_alice)

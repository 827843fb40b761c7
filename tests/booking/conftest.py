from datetime import datetime, time

import pytest

from portal.time import KST

from ..factories import LeaseFactory, ResourceFactory, SpaceFactory


def kst(text: str) -> datetime:
    """``"2027-03-02 10:00"`` as an aware KST moment."""
    return datetime.fromisoformat(text).replace(tzinfo=KST)


# Tuesday 2 March 2027, 08:00 KST: the day after 삼일절 (Monday 1 March, a public holiday).
NOW = kst("2027-03-02 08:00")


@pytest.fixture
def now():
    return NOW


@pytest.fixture
def room(db):
    """An instant meeting room for residents: 30-minute slots, 15 minutes' buffer, 4 free hours a month."""
    return ResourceFactory(buffer_minutes=15, resident_quota_hours=4, max_hours=4)


@pytest.fixture
def hall(db):
    """The seminar hall anyone may request: 60 000 KRW an hour for non-residents, staff approve."""
    return ResourceFactory(
        name="세미나실", name_en="Seminar hall", kind="seminar_hall", audience="public", hourly_rate=60_000, capacity=60
    )


@pytest.fixture
def residents(alice, bob, room):
    """Alice and Bob hold leases at the room's site until well after NOW."""
    for firm in (alice.firm, bob.firm):
        LeaseFactory(
            firm=firm,
            space=SpaceFactory(site=room.site),
            start_date=datetime(2026, 1, 1).date(),
            end_date=datetime(2028, 1, 1).date(),
        )
    return alice, bob


def evening_hours(resource):
    """Open 20:00 to 02:00 the next morning, every day."""
    from tenants.booking.models import OpeningHours

    resource.opening_hours.all().delete()
    for weekday in range(7):
        OpeningHours.objects.create(resource=resource, weekday=weekday, opens_at=time(20), closes_at=time(2))

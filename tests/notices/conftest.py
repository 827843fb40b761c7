import pytest

from portal.notices.choices import NoticeAudience

from ..factories import LeaseFactory, NoticeFactory


@pytest.fixture
def resident(alice):
    """Alice's firm holds a current lease: her member is a resident."""
    LeaseFactory(firm=alice.firm)
    return alice.member


@pytest.fixture
def board(db):
    """One live notice for each audience."""
    return {
        audience: NoticeFactory(audience=audience, title=f"{audience} 공지", title_en=f"{audience} notice")
        for audience in NoticeAudience.values
    }


@pytest.fixture
def readers(resident, bob, manager):
    """Each kind of reader and the audiences they may read."""
    return {
        "anonymous": (None, {"public"}),
        "resident": (resident, {"public", "residents"}),
        "non-resident firm": (bob.member, {"public"}),
        "staff": (manager, {"public", "residents", "staff"}),
    }

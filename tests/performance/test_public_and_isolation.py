"""The public aggregate hides small groups and names no firm; a firm reaches only its own returns."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tenants.performance.selectors import MIN_PUBLIC_GROUP, public_rollup
from tenants.performance.services import evidence_add, round_open

from ..factories import FirmFactory, LeaseFactory, MembershipFactory
from .conftest import accepted_return, new_round, return_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def round_with_residents(residents, charlie):
    LeaseFactory(firm=charlie.firm)
    round_ = new_round()
    round_open(round_=round_)
    return round_


def test_a_group_of_fewer_than_three_firms_shows_no_figure(round_with_residents, alice, bob, charlie, manager, client):
    accepted_return(alice, round_with_residents, manager=manager, revenue=100_000_000)
    accepted_return(bob, round_with_residents, manager=manager, revenue=300_000_000)

    residents = next(group for group in public_rollup()["groups"] if group["population"] == "resident")
    assert residents["suppressed"] and residents["revenue"] is None and residents["firms"] is None
    page = client.get("/outcomes/").content.decode()
    assert "300,000,000" not in page and "400,000,000" not in page
    assert client.get("/api/performance-outcomes/").json()["groups"][0]["revenue"] is None

    accepted_return(charlie, round_with_residents, manager=manager, revenue=200_000_000)

    residents = next(group for group in public_rollup()["groups"] if group["population"] == "resident")
    assert MIN_PUBLIC_GROUP == 3 and not residents["suppressed"]
    assert residents["revenue"] == {"total": 600_000_000, "median": 200_000_000, "reported": 3}
    page = client.get("/outcomes/").content.decode()  # the page cache was bumped by the acceptance
    assert "600,000,000" in page and "200,000,000" in page
    assert "alice" not in page and "charlie" not in page
    api = client.get("/api/performance-outcomes/").json()
    assert api["groups"][0]["revenue"]["total"] == 600_000_000
    assert "alice" not in str(api)


def test_the_outcomes_page_says_when_nothing_is_reviewed_yet(client, db):
    assert client.get("/outcomes/").status_code == 200
    assert client.get("/api/performance-outcomes/").json() == {
        "round_title": None,
        "period_start": None,
        "period_end": None,
        "groups": [],
    }


@pytest.fixture
def bobs_return(open_round, bob):
    performance_return = return_of(bob, open_round)
    evidence = evidence_add(
        performance_return=performance_return,
        actor=bob.representative,
        figure="revenue",
        file=SimpleUploadedFile("bob.pdf", b"%PDF-1.4 bob"),
    )
    return performance_return, evidence


@pytest.mark.parametrize("who", ["representative", "member"])
def test_another_firms_return_is_a_404_over_html(bobs_return, alice, client, who):
    performance_return, evidence = bobs_return
    client.force_login(getattr(alice, who))
    assert client.get(performance_return.get_absolute_url()).status_code == 404
    assert client.post(performance_return.get_absolute_url(), {"action": "submit"}).status_code == 404
    assert client.get(evidence.get_absolute_url()).status_code == 404
    assert (
        client.get(f"/performance/{return_of(alice, performance_return.round).pk}/evidence/{evidence.pk}/").status_code
        == 404
    )


def test_another_firms_return_is_a_404_over_the_api(bobs_return, alice, api_client):
    performance_return, _evidence = bobs_return
    api_client.force_authenticate(alice.representative)
    assert api_client.get(f"/api/performance-returns/{performance_return.pk}/").status_code == 404
    assert api_client.patch(f"/api/performance-returns/{performance_return.pk}/", {"revenue": 1}).status_code == 404
    assert api_client.post(f"/api/performance-returns/{performance_return.pk}/submit/").status_code == 404
    assert [item["firm"] for item in api_client.get("/api/performance-returns/").json()["results"]] == [alice.firm.pk]


def test_a_firm_user_cannot_reach_the_staff_pages_or_api(bobs_return, alice, client, api_client):
    performance_return, _evidence = bobs_return
    client.force_login(alice.representative)
    assert client.get("/staff/performance/").status_code == 403
    assert client.get(performance_return.get_staff_url()).status_code == 403
    api_client.force_authenticate(alice.representative)
    assert api_client.get("/api/staff/performance-returns/").status_code == 403


def test_someone_without_a_firm_has_no_performance_page(client, user):
    client.force_login(user)
    assert client.get("/my/performance/").status_code == 404


def test_staff_see_every_firms_return_and_its_evidence(bobs_return, staff_client):
    performance_return, evidence = bobs_return
    assert staff_client.get(performance_return.get_staff_url()).status_code == 200
    assert staff_client.get(evidence.get_absolute_url()).status_code == 200


def test_a_new_member_of_another_firm_sees_nothing(open_round, client):
    outsider = MembershipFactory(firm=FirmFactory()).user
    client.force_login(outsider)
    page = client.get("/my/performance/")
    assert page.status_code == 200 and page.context["returns"] == []

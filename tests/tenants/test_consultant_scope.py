"""Consultants reach only the firms of their assigned engagements (tenants.scoping.firms_in_reach)."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from portal.accounts.roles import CONSULTANT
from tenants.scoping import firms_in_reach

from ..factories import AssignmentFactory, ExpertFactory, FirmFactory, user_in_role

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 16


@pytest.fixture
def consultant(roles):
    return user_in_role(CONSULTANT, email="expert@example.kr")


@pytest.fixture
def assigned(consultant):
    """A hidden firm the consultant works for, and a hidden one they do not."""
    mine = FirmFactory(public_profile=False, logo=ContentFile(PNG, name="mine.png"))
    AssignmentFactory(request__firm=mine, expert=ExpertFactory(user=consultant))
    other = FirmFactory(public_profile=False, logo=ContentFile(PNG, name="other.png"))
    AssignmentFactory(request__firm=other)  # another expert's engagement
    return mine, other


def test_the_consultant_role_has_no_firm_wide_permission(consultant):
    assert not consultant.has_perm("tenants.view_firm")


def test_the_scope_is_the_firms_of_their_engagements(consultant, assigned):
    mine, _other = assigned
    assert list(firms_in_reach(consultant)) == [mine]


def test_an_engagement_still_in_triage_gives_no_reach(consultant):
    firm = FirmFactory(public_profile=False)
    AssignmentFactory(request__firm=firm, request__state="submitted", expert=ExpertFactory(user=consultant))
    assert not firms_in_reach(consultant).exists()


def test_the_staff_firm_record_and_exports_are_closed_to_consultants(client, consultant, assigned):
    mine, other = assigned
    client.force_login(consultant)
    for url in (
        reverse("tenants:staff_firms"),
        reverse("tenants:staff_firms") + "?export=xlsx",
        reverse("tenants:staff_firm", args=[mine.pk]),
        reverse("tenants:staff_firm", args=[other.pk]),
        reverse("tenants:staff_firm_export", args=[other.pk]),
    ):
        assert client.get(url).status_code == 403, url


def test_the_api_shows_an_assigned_firm_in_full_and_hides_the_others(api_client, consultant, assigned):
    mine, other = assigned
    api_client.force_authenticate(consultant)
    response = api_client.get(reverse("firm-detail", args=[mine.pk]))
    assert response.status_code == 200
    assert response.json()["brn"] == mine.brn
    assert api_client.get(reverse("firm-detail", args=[other.pk])).status_code == 404
    listed = {firm["id"] for firm in api_client.get(reverse("firm-list")).json()["results"]}
    assert mine.pk in listed and other.pk not in listed


def test_logos_of_hidden_firms_only_for_assigned_ones(client, consultant, assigned):
    mine, other = assigned
    client.force_login(consultant)
    assert client.get(reverse("tenants:firm_logo", args=[mine.pk])).status_code == 200
    assert client.get(reverse("tenants:firm_logo", args=[other.pk])).status_code == 404


def test_a_staff_flagged_consultant_does_not_reach_the_firm_admin(client, consultant, assigned):
    mine, _other = assigned
    consultant.is_staff = True
    consultant.save()
    client.force_login(consultant)
    assert client.get("/admin/tenants/firm/").status_code == 403
    assert client.get(f"/admin/tenants/firm/{mine.pk}/change/").status_code == 403


def test_the_hub_manager_still_reaches_every_firm(manager, assigned):
    assert set(firms_in_reach(manager)) == set(assigned)

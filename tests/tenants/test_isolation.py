"""Alice, Bob and Charlie each see and change only their own firm's records: others answer 404."""

import pytest
from django.urls import reverse

from tenants.models import FirmInvitation, FirmMembership

from ..factories import InvitationFactory


@pytest.fixture
def three_firms(alice, bob, charlie):
    return {"alice": alice, "bob": bob, "charlie": charlie}


@pytest.mark.django_db
def test_my_firm_page_shows_only_ones_own_firm(client, three_firms):
    for name, (firm, representative, member) in three_firms.items():
        for person in (representative, member):
            client.force_login(person)
            body = client.get(reverse("tenants:my_firm")).content.decode()
            assert firm.name in body
            assert all(other.name not in body for key, (other, _, _) in three_firms.items() if key != name)


@pytest.mark.django_db
def test_removing_another_firms_member_answers_404_and_keeps_them(client, alice, bob):
    client.force_login(alice.representative)
    response = client.post(reverse("tenants:member_remove", args=[bob.member.membership.pk]))
    assert response.status_code == 404
    kept = FirmMembership.objects.get(user=bob.member)
    assert (kept.firm, kept.role) == (bob.firm, bob.member.membership.role)


@pytest.mark.django_db
def test_revoking_another_firms_invitation_answers_404(client, alice, bob):
    _, alice_rep, _ = alice
    bob_invitation = InvitationFactory(firm=bob[0])
    client.force_login(alice_rep)
    response = client.post(reverse("tenants:invitation_revoke", args=[bob_invitation.pk]))
    assert response.status_code == 404
    bob_invitation.refresh_from_db()
    assert bob_invitation.revoked_at is None


@pytest.mark.django_db
def test_a_member_cannot_remove_colleagues(client, alice):
    firm, _, member = alice
    colleague = FirmMembership.objects.create(firm=firm, user=type(member).objects.create_user("c@example.kr", "x"))
    client.force_login(member)
    assert client.post(reverse("tenants:member_remove", args=[colleague.pk])).status_code == 404
    assert FirmMembership.objects.filter(pk=colleague.pk, firm=firm).exists()


@pytest.mark.django_db
def test_logo_of_a_private_firm_answers_404_to_other_firms(client, alice, bob, settings):
    from django.core.files.base import ContentFile

    from ..tenants.test_firm_profile import png_bytes

    firm = bob[0]
    firm.logo.save("logo.png", ContentFile(png_bytes()), save=True)
    client.force_login(alice[1])
    assert client.get(reverse("tenants:firm_logo", args=[firm.pk])).status_code == 404
    client.force_login(bob[2])
    assert client.get(reverse("tenants:firm_logo", args=[firm.pk])).status_code == 200


@pytest.mark.django_db
def test_api_firm_detail_of_a_private_firm_answers_404(api_client, alice, bob):
    api_client.force_authenticate(alice[1])
    assert api_client.get(reverse("firm-detail", args=[bob[0].pk])).status_code == 404
    own = api_client.get(reverse("firm-detail", args=[alice[0].pk]))
    assert own.status_code == 200
    assert own.json()["brn"] == alice[0].brn


@pytest.mark.django_db
def test_api_update_of_another_firm_answers_404_even_when_public(api_client, alice, bob):
    bob_firm = bob[0]
    bob_firm.public_profile = True
    bob_firm.save()
    api_client.force_authenticate(alice[1])
    response = api_client.patch(reverse("firm-detail", args=[bob_firm.pk]), {"name": "탈취"}, format="json")
    assert response.status_code == 404
    bob_firm.refresh_from_db()
    assert bob_firm.name == "bob"


@pytest.mark.django_db
def test_api_public_record_of_another_firm_has_no_private_fields(api_client, alice, bob):
    bob_firm = bob[0]
    bob_firm.public_profile = True
    bob_firm.save()
    api_client.force_authenticate(alice[1])
    data = api_client.get(reverse("firm-detail", args=[bob_firm.pk])).json()
    assert data["name"] == bob_firm.name
    assert "brn" not in data and "phone" not in data and "address" not in data


@pytest.mark.django_db
def test_api_invitations_are_scoped_to_the_representatives_firm(api_client, alice, bob, charlie):
    bob_invitation = InvitationFactory(firm=bob[0])
    api_client.force_authenticate(alice[1])
    assert api_client.get(reverse("invitation-detail", args=[bob_invitation.pk])).status_code == 404
    assert api_client.post(reverse("invitation-revoke", args=[bob_invitation.pk])).status_code == 404
    assert api_client.get(reverse("invitation-list")).json()["count"] == 0
    api_client.force_authenticate(charlie[2])  # a plain member sees no invitations either
    assert api_client.get(reverse("invitation-detail", args=[bob_invitation.pk])).status_code == 404
    assert FirmInvitation.objects.get(pk=bob_invitation.pk).revoked_at is None

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tenants.choices import MembershipRole
from tenants.models import FirmInvitation, FirmMembership
from tenants.services import invitation_accept, invitation_create, membership_remove

from ..factories import UserFactory


@pytest.mark.django_db(transaction=True)
def test_representative_invites_by_mail_and_the_invitee_joins(client, alice):
    firm, representative, _ = alice
    client.force_login(representative)
    response = client.post(reverse("tenants:members"), {"email": "New.Person@Example.kr"})
    assert response.status_code == 302
    invitation = FirmInvitation.objects.get()
    assert invitation.email == "new.person@example.kr"
    assert len(mail.outbox) == 1
    assert invitation.get_absolute_url() in mail.outbox[0].body

    invitee = UserFactory(email="new.person@example.kr")
    client.force_login(invitee)
    response = client.post(invitation.get_absolute_url())
    assert response.status_code == 302
    assert FirmMembership.objects.get(user=invitee).firm == firm


@pytest.mark.django_db
def test_expired_invitation_is_refused(alice):
    firm, representative, _ = alice
    invitation = invitation_create(firm=firm, invited_by=representative, email="late@example.kr")
    FirmInvitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(ValidationError) as error:
        invitation_accept(token=invitation.token, user=UserFactory(email="late@example.kr"))
    assert error.value.code == "expired"
    assert not FirmMembership.objects.filter(user__email="late@example.kr").exists()


@pytest.mark.django_db
def test_invitation_cannot_be_used_twice(alice):
    firm, representative, _ = alice
    invitation = invitation_create(firm=firm, invited_by=representative, email="once@example.kr")
    first = UserFactory(email="once@example.kr")
    invitation_accept(token=invitation.token, user=first)
    membership_remove(membership=first.membership)
    with pytest.raises(ValidationError) as error:
        invitation_accept(token=invitation.token, user=first)
    assert error.value.code == "used"


@pytest.mark.django_db
def test_invitation_for_another_address_is_refused(alice):
    firm, representative, _ = alice
    invitation = invitation_create(firm=firm, invited_by=representative, email="right@example.kr")
    with pytest.raises(ValidationError) as error:
        invitation_accept(token=invitation.token, user=UserFactory(email="wrong@example.kr"))
    assert error.value.code == "wrong_user"


@pytest.mark.django_db
def test_expired_invitation_page_says_so_and_offers_no_button(client, alice):
    firm, representative, _ = alice
    invitation = invitation_create(firm=firm, invited_by=representative, email="late@example.kr")
    FirmInvitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    client.force_login(UserFactory(email="late@example.kr"))
    body = client.get(invitation.get_absolute_url()).content.decode()
    assert "<button" not in body.split("<main")[1]


@pytest.mark.django_db
def test_duplicate_pending_invitation_is_refused_with_a_field_error(client, alice):
    firm, representative, _ = alice
    client.force_login(representative)
    client.post(reverse("tenants:members"), {"email": "twice@example.kr"})
    response = client.post(reverse("tenants:members"), {"email": "twice@example.kr"})
    assert response.status_code == 200
    assert response.context["form"].errors["email"]
    assert FirmInvitation.objects.count() == 1


@pytest.mark.django_db
def test_representative_removes_a_member_but_not_themself(client, alice):
    _, representative, member = alice
    client.force_login(representative)
    client.post(reverse("tenants:member_remove", args=[member.membership.pk]))
    assert not FirmMembership.objects.filter(user=member).exists()
    client.post(reverse("tenants:member_remove", args=[representative.membership.pk]))
    assert FirmMembership.objects.get(user=representative).role == MembershipRole.REPRESENTATIVE


@pytest.mark.django_db
def test_bad_invitation_email_over_the_api_is_a_field_error(api_client, alice):
    api_client.force_authenticate(alice[1])
    response = api_client.post(reverse("invitation-list"), {"email": "not-an-email"}, format="json")
    assert response.status_code == 400
    assert "email" in response.json()


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 30])
def test_members_page_and_invitation_api_run_constant_queries(
    client, api_client, alice, rows, django_assert_max_num_queries
):
    from ..factories import InvitationFactory, MembershipFactory

    firm, representative, _ = alice
    for _ in range(rows):
        MembershipFactory(firm=firm)
        InvitationFactory(firm=firm, invited_by=representative)
    client.force_login(representative)
    with django_assert_max_num_queries(9):
        assert client.get(reverse("tenants:members")).status_code == 200
    api_client.force_authenticate(representative)
    with django_assert_max_num_queries(4):
        assert api_client.get(reverse("invitation-list")).status_code == 200


@pytest.mark.django_db
def test_a_signed_out_invitee_sees_the_invitation_and_ways_back_to_it(client, alice):
    invitation = invitation_create(firm=alice.firm, email="guest@example.kr", invited_by=alice.representative)
    url = invitation.get_absolute_url()
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert alice.firm.name in page and "guest@example.kr" in page
    assert f"{reverse('account_login')}?next={url}" in page and f"{reverse('account_signup')}?next={url}" in page
    assert 'type="submit" class="button">Join' not in page
    response = client.post(url)
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
    assert not FirmMembership.objects.filter(user__email="guest@example.kr").exists()


@pytest.mark.django_db(transaction=True)
def test_signing_up_from_an_invitation_comes_back_to_it_after_the_email_is_confirmed(client, alice):
    import re

    from tests.accounts.test_signup_and_login import signup_data

    invitation = invitation_create(firm=alice.firm, email="guest@example.kr", invited_by=alice.representative)
    url = invitation.get_absolute_url()
    mail.outbox.clear()
    client.post(f"{reverse('account_signup')}?next={url}", {**signup_data(email="guest@example.kr"), "next": url})
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[0].body).group(0)
    response = client.post("/" + link.split("://", 1)[1].split("/", 1)[1])
    assert response.status_code == 302 and response.url == url
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Join the firm" in page


@pytest.mark.django_db
def test_signing_in_from_an_invitation_comes_back_to_it(client, alice):
    invitation = invitation_create(firm=alice.firm, email="guest@example.kr", invited_by=alice.representative)
    guest = UserFactory(email="guest@example.kr", password="Changwon-AI-2026!")
    url = invitation.get_absolute_url()
    response = client.post(
        f"{reverse('account_login')}?next={url}", {"login": guest.email, "password": "Changwon-AI-2026!", "next": url}
    )
    assert response.status_code == 302 and response.url == url

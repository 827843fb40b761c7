"""PIPA data-subject rights: the export of everything held, consent withdrawal per optional item,
and account deletion (회원 탈퇴) that anonymises while keeping what a programme must keep."""

import json

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse
from knox.models import AuthToken

from portal.accounts.access import access_record
from portal.accounts.choices import AccessAction
from portal.accounts.models import AccessRecord, ConsentRecord, User
from portal.accounts.services import consent_record_answers, user_delete_account
from portal.notifications.models import OutboxMessage
from programs.models import Enrolment
from tenants.choices import MembershipRole
from tenants.models import FirmMembership

from ..factories import (
    ApplicationFactory,
    CertificateFactory,
    ConsultingRequestFactory,
    EnrolmentFactory,
    OutboxMessageFactory,
)

PASSWORD = "correct-horse-battery"


@pytest.fixture
def person(alice):
    """Alice's member with something in every section: consents, a certificate, a seat with optional
    consents, a consulting request, an application, a mail and an access record about them."""
    _firm, _representative, member = alice
    member.phone = "010-1234-5678"
    member.save()
    consent_record_answers(user=member, answers={"personal_info": True, "mobile_phone": True}, ip_address="10.0.0.1")
    CertificateFactory(enrolment__user=member, enrolment__cohort__name="1기")
    EnrolmentFactory(user=member, consent_optional={"training_photos": True, "training_followup": True})
    ConsultingRequestFactory(created_by=member, firm=alice.firm, title="사출 불량 예측")
    ApplicationFactory(firm=alice.firm, created_by=member)
    OutboxMessageFactory(user=member, subject="[Hub&Bridge] 교육 신청 접수")
    access_record(action=AccessAction.VIEW, actor_label="manager@hubbridge.kr", subject_user=member, fields=["phone"])
    return member


@pytest.mark.django_db
def test_the_export_covers_every_section_held_about_the_person(client, person):
    client.force_login(person)
    response = client.get(reverse("accounts:data_export"))
    data = json.loads(response.content)
    assert data["account"]["phone"] == "010-1234-5678"
    assert {consent["item"] for consent in data["consents"]} == {"personal_info", "mobile_phone"}
    assert data["tenancy"]["membership"]["role"] == MembershipRole.MEMBER
    assert len(data["tenancy"]["applications"]) == 1
    assert len(data["programs"]["enrolments"]) == 2
    assert len(data["programs"]["certificates"]) == 1
    assert data["programs"]["consulting_requests"][0]["title"] == "사출 불량 예측"
    assert data["mails"][0]["subject"] == "[Hub&Bridge] 교육 신청 접수"
    assert data["access_records"][0]["fields"] == ["phone"]


@pytest.mark.django_db
def test_the_readable_page_shows_the_same_data(client, person):
    client.force_login(person)
    response = client.get(reverse("accounts:data_page"))
    html = response.content.decode()
    assert response.status_code == 200
    for text in ("010-1234-5678", "사출 불량 예측", "[Hub&amp;Bridge] 교육 신청 접수", "manager@hubbridge.kr"):
        assert text in html


@pytest.mark.django_db
def test_the_export_holds_nobody_elses_data(client, person, bob):
    client.force_login(bob.member)
    data = json.loads(client.get(reverse("accounts:data_export")).content)
    assert data["programs"]["enrolments"] == [] and data["access_records"] == [] and data["mails"] == []


@pytest.mark.django_db
def test_the_readable_page_runs_a_bounded_number_of_queries(client, person, django_assert_max_num_queries):
    client.force_login(person)
    EnrolmentFactory.create_batch(5, user=person)
    with django_assert_max_num_queries(15):
        client.get(reverse("accounts:data_page"))


# Consent withdrawal ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_withdrawing_the_phone_consent_records_it_and_removes_the_number(client, person):
    client.force_login(person)
    response = client.post(reverse("accounts:consent_change"), {"item": "mobile_phone", "granted": "0"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.phone == ""
    latest = ConsentRecord.objects.filter(user=person, item="mobile_phone").latest("answered_at")
    assert latest.granted is False
    assert ConsentRecord.objects.filter(user=person, item="mobile_phone").count() == 2  # history kept


@pytest.mark.django_db
def test_marketing_can_be_given_later_and_withdrawn(client, person):
    client.force_login(person)
    client.post(reverse("accounts:consent_change"), {"item": "marketing", "granted": "1"})
    client.post(reverse("accounts:consent_change"), {"item": "marketing", "granted": "0"})
    answers = list(
        ConsentRecord.objects.filter(user=person, item="marketing").order_by("pk").values_list("granted", flat=True)
    )
    assert answers == [True, False]


@pytest.mark.django_db
def test_a_required_item_cannot_be_withdrawn_here(client, person):
    client.force_login(person)
    client.post(reverse("accounts:consent_change"), {"item": "personal_info", "granted": "0"})
    assert not ConsentRecord.objects.filter(user=person, item="personal_info", granted=False).exists()


@pytest.mark.django_db
def test_a_programme_optional_consent_is_withdrawn_alone(client, person):
    client.force_login(person)
    enrolment = Enrolment.objects.get(user=person, consent_optional__training_photos=True)
    page = client.get(reverse("accounts:privacy")).content.decode()
    assert 'name="holder" value="programs"' in page
    client.post(
        reverse("accounts:consent_change"),
        {"holder": "programs", "reference": enrolment.pk, "item": "training_photos"},
    )
    enrolment.refresh_from_db()
    assert enrolment.consent_optional == {"training_photos": False, "training_followup": True}


@pytest.mark.django_db
@pytest.mark.parametrize("reference", ["not-a-number", "99999999999999999999"])
def test_a_bad_reference_is_a_404_not_a_500(client, person, reference):
    client.force_login(person)
    response = client.post(
        reverse("accounts:consent_change"), {"holder": "programs", "reference": reference, "item": "training_photos"}
    )
    assert response.status_code == 404


@pytest.mark.django_db
def test_another_persons_enrolment_consent_cannot_be_withdrawn(client, person, bob):
    enrolment = Enrolment.objects.get(user=person, consent_optional__training_photos=True)
    client.force_login(bob.member)
    client.post(
        reverse("accounts:consent_change"), {"holder": "programs", "reference": enrolment.pk, "item": "training_photos"}
    )
    enrolment.refresh_from_db()
    assert enrolment.consent_optional["training_photos"] is True


# Account deletion --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_confirmation_page_lists_what_is_kept_and_why(client, person):
    client.force_login(person)
    html = client.get(reverse("accounts:account_delete")).content.decode()
    assert "1기" in html  # the certificate's cohort
    assert "사출 불량 예측" in html
    assert not User.objects.get(pk=person.pk).anonymised_at  # showing the page changes nothing


@pytest.mark.django_db
def test_deletion_needs_the_password_and_the_confirmation(client, person):
    client.force_login(person)
    response = client.post(reverse("accounts:account_delete"), {"password": "wrong", "confirm": "on"})
    assert response.status_code == 200
    response = client.post(reverse("accounts:account_delete"), {"password": PASSWORD})
    assert response.status_code == 200
    assert User.objects.get(pk=person.pk).anonymised_at is None


@pytest.mark.django_db
def test_deleting_anonymises_the_account_and_keeps_programme_records(
    client, person, mailoutbox, django_capture_on_commit_callbacks
):
    email = person.email
    client.force_login(person)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:account_delete"), {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.anonymised_at is not None and not person.is_active
    assert (person.name, person.phone) == ("", "")
    assert person.email.endswith("@anonymised.invalid")
    assert not person.has_usable_password()
    assert not EmailAddress.objects.filter(email__iexact=email).exists()
    assert not AuthToken.objects.filter(user=person).exists()
    assert not FirmMembership.objects.filter(user=person).exists()
    assert not ConsentRecord.objects.filter(user=person, ip_address__isnull=False).exists()
    # Kept: the certificate and the completed training, the consulting request (funders' reports).
    assert Enrolment.objects.filter(user=person, certificate__isnull=False).exists()
    assert not Enrolment.objects.filter(user=person, state="seated").exists()  # the active seat is released
    assert not OutboxMessage.objects.filter(recipient__iexact=email).exclude(template="account_deleted").exists()
    assert AccessRecord.objects.filter(subject_user=person, action=AccessAction.PURGE).count() == 1
    # Signed out, and the confirmation went out through the outbox to the old address.
    assert "_auth_user_id" not in client.session
    confirmation = OutboxMessage.objects.get(template="account_deleted")
    assert confirmation.recipient == email
    assert [message.to for message in mailoutbox][-1] == [email]


@pytest.mark.django_db
def test_the_deleted_person_cannot_sign_in_again(client, person):
    email = person.email
    user_delete_account(user=person)
    assert not client.login(email=email, password=PASSWORD)


@pytest.mark.django_db
def test_the_only_person_of_a_firm_is_refused(client, db):
    from ..factories import FirmFactory, MembershipFactory

    alone = MembershipFactory(firm=FirmFactory(), role=MembershipRole.REPRESENTATIVE).user
    client.force_login(alone)
    page = client.get(reverse("accounts:account_delete")).content.decode()
    assert "invite a member first" in page or "구성원" in page
    client.post(reverse("accounts:account_delete"), {"password": PASSWORD, "confirm": "on"})
    assert User.objects.get(pk=alone.pk).anonymised_at is None


@pytest.mark.django_db
def test_a_representative_hands_over_to_a_member_before_leaving(client, alice):
    firm, representative, member = alice
    client.force_login(representative)
    response = client.post(reverse("accounts:account_delete"), {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 200  # a successor must be chosen
    response = client.post(
        reverse("accounts:account_delete"), {"password": PASSWORD, "confirm": "on", "successor": member.pk}
    )
    assert response.status_code == 302
    assert FirmMembership.objects.get(firm=firm).user == member
    assert FirmMembership.objects.get(firm=firm).role == MembershipRole.REPRESENTATIVE


@pytest.mark.django_db
def test_a_successor_from_another_firm_is_refused(client, alice, bob):
    client.force_login(alice.representative)
    response = client.post(
        reverse("accounts:account_delete"), {"password": PASSWORD, "confirm": "on", "successor": bob.member.pk}
    )
    assert response.status_code == 200
    assert User.objects.get(pk=alice.representative.pk).anonymised_at is None
    assert FirmMembership.objects.get(user=bob.member).role == MembershipRole.MEMBER


@pytest.mark.django_db
def test_the_privacy_page_links_the_rights(client, person):
    client.force_login(person)
    html = client.get(reverse("accounts:privacy")).content.decode()
    for name in ("accounts:data_page", "accounts:account_delete", "privacy_policy"):
        assert reverse(name) in html


@pytest.mark.django_db
def test_an_anonymous_visitor_is_sent_to_sign_in(client):
    for name in ("accounts:data_page", "accounts:account_delete"):
        assert client.get(reverse(name)).status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 8])
def test_the_deletion_page_and_the_privacy_page_do_not_grow_with_the_rows(
    client, alice, rows, django_assert_max_num_queries
):
    member = alice.member
    for _ in range(rows):
        CertificateFactory(enrolment__user=member)
        EnrolmentFactory(user=member, consent_optional={"training_photos": True})
        ConsultingRequestFactory(created_by=member, firm=alice.firm)
    client.force_login(member)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("accounts:account_delete")).status_code == 200
    with django_assert_max_num_queries(10):  # +1: whether the person has an authenticator app
        assert client.get(reverse("accounts:privacy")).status_code == 200

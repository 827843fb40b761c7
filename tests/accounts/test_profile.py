"""A person edits their own name and phone; the phone is held only with the optional phone consent."""

import pytest
from django.urls import reverse

from portal.accounts.models import ConsentRecord
from portal.accounts.services import user_has_phone_consent

from ..factories import UserFactory


@pytest.fixture
def person(client):
    user = UserFactory(name="김창업", phone="")
    client.force_login(user)
    return user


@pytest.mark.django_db
def test_name_and_phone_are_saved_with_the_phone_consent(client, person):
    response = client.post(
        reverse("accounts:profile"), {"name": "김 창업", "phone": "０１０ 1234 5678", "phone_consent": "on"}
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.name, person.phone) == ("김 창업", "010-1234-5678")
    assert ConsentRecord.objects.get(user=person, item="mobile_phone").granted


@pytest.mark.django_db
def test_a_phone_without_its_consent_is_refused_and_nothing_is_lost(client, person):
    response = client.post(reverse("accounts:profile"), {"name": "새 이름", "phone": "010-1234-5678"})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="새 이름"' in page and 'value="010-1234-5678"' in page and 'id="id_phone_error"' in page
    person.refresh_from_db()
    assert person.name == "김창업" and person.phone == ""


@pytest.mark.django_db
def test_withdrawing_the_phone_consent_removes_the_number(client, person):
    client.post(reverse("accounts:profile"), {"name": "김창업", "phone": "010-1234-5678", "phone_consent": "on"})
    client.post(reverse("accounts:profile"), {"name": "김창업", "phone": ""})
    person.refresh_from_db()
    assert person.phone == "" and not user_has_phone_consent(person)
    assert list(ConsentRecord.objects.filter(user=person).order_by("pk").values_list("granted", flat=True)) == [
        True,
        False,
    ]


@pytest.mark.django_db
def test_an_invalid_phone_and_an_empty_name_are_form_errors(client, person):
    response = client.post(reverse("accounts:profile"), {"name": "", "phone": "12", "phone_consent": "on"})
    assert response.status_code == 200 and 'id="id_name_error"' in response.content.decode()


def test_the_profile_page_needs_a_login(client):
    assert client.get(reverse("accounts:profile")).status_code == 302

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from portal.accounts import services
from portal.accounts.consent import VERSION
from portal.accounts.models import ConsentRecord, User

from ..factories import UserFactory


def signup_data(**overrides):
    data = {
        "email": "kim@example.kr",
        "password1": "Changwon-AI-2026!",
        "password2": "Changwon-AI-2026!",
        "name": "김민준",
        "phone": "",
        "consent_personal_info": "on",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db(transaction=True)
def test_signup_succeeds_with_every_optional_item_declined_and_records_each_answer(client):
    response = client.post(reverse("account_signup"), signup_data(), REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 302
    user = User.objects.get(email="kim@example.kr")
    assert user.name == "김민준"
    answers = {record.item: record for record in ConsentRecord.objects.filter(user=user)}
    assert set(answers) == {"personal_info", "mobile_phone", "marketing"}
    assert answers["personal_info"].granted and answers["personal_info"].required
    assert not answers["mobile_phone"].granted and not answers["marketing"].granted
    assert {record.version for record in answers.values()} == {VERSION}
    assert {record.ip_address for record in answers.values()} == {"203.0.113.7"}


@pytest.mark.django_db(transaction=True)
def test_signup_leaves_no_account_when_the_consents_cannot_be_written(client, monkeypatch):
    def fail(**kwargs):
        raise RuntimeError("consent table unavailable")

    monkeypatch.setattr(services, "consent_record_answers", fail)
    with pytest.raises(RuntimeError):
        client.post(reverse("account_signup"), signup_data())
    assert not User.objects.filter(email="kim@example.kr").exists()
    assert not ConsentRecord.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_sign_up_service_writes_the_account_and_every_answer_together():
    user = services.user_sign_up(
        user=User(email="lee@example.kr"),
        name="이서연",
        phone="010-1234-5678",
        language="en",
        consent_answers={"personal_info": True, "mobile_phone": True, "marketing": False},
        ip_address="203.0.113.8",
    )
    user = User.objects.get(pk=user.pk)
    assert (user.name, user.phone, user.language) == ("이서연", "010-1234-5678", "en")
    granted = dict(ConsentRecord.objects.filter(user=user).values_list("item", "granted"))
    assert granted == {"personal_info": True, "mobile_phone": True, "marketing": False}


@pytest.mark.django_db
def test_signup_without_the_required_consent_is_refused(client):
    data = signup_data()
    data.pop("consent_personal_info")
    response = client.post(reverse("account_signup"), data)
    assert response.status_code == 200
    assert "consent_personal_info" in response.context["form"].errors
    assert not User.objects.exists()


@pytest.mark.django_db
def test_phone_needs_its_optional_consent(client):
    response = client.post(reverse("account_signup"), signup_data(phone="010-1234-5678"))
    assert "phone" in response.context["form"].errors
    response = client.post(
        reverse("account_signup"), signup_data(phone="01012345678", consent_mobile_phone="on", email="p@example.kr")
    )
    assert response.status_code == 302
    assert User.objects.get(email="p@example.kr").phone == "010-1234-5678"


@pytest.mark.django_db(transaction=True)
def test_email_must_be_verified_before_signing_in(client):
    client.post(reverse("account_signup"), signup_data())
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[0].body).group(0)
    client.logout()
    response = client.post(reverse("account_login"), {"login": "kim@example.kr", "password": "Changwon-AI-2026!"})
    assert response.status_code == 302 and "confirm-email" in response.url  # sent to "verify your e-mail"
    path = link.split("://", 1)[1].split("/", 1)[1]
    client.post("/" + path)
    assert EmailAddress.objects.get(email="kim@example.kr").verified


@pytest.mark.django_db
def test_five_failed_logins_lock_the_account_for_a_while(client):
    user = UserFactory(email="target@example.kr")
    url = reverse("account_login")
    for _ in range(5):
        response = client.post(url, {"login": user.email, "password": "wrong-password"})
        assert response.status_code == 200
    response = client.post(url, {"login": user.email, "password": "correct-horse-battery"})
    assert response.status_code == 429 or "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_different_account_is_not_locked_by_anothers_failures(client):
    UserFactory(email="target@example.kr")
    other = UserFactory(email="other@example.kr")
    for _ in range(5):
        client.post(reverse("account_login"), {"login": "target@example.kr", "password": "wrong"})
    response = client.post(reverse("account_login"), {"login": other.email, "password": "correct-horse-battery"})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(other.pk)


@pytest.mark.django_db
def test_admin_login_goes_through_the_rate_limited_sign_in(client):
    response = client.get("/admin/login/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.django_db
def test_data_export_holds_account_consents_and_firm(client, alice):
    firm, representative, _ = alice
    client.force_login(representative)
    response = client.get(reverse("accounts:data_export"))
    data = response.json()
    assert data["account"]["email"] == representative.email
    assert data["tenancy"]["membership"]["brn"] == firm.brn_display
    assert "attachment" in response["Content-Disposition"]

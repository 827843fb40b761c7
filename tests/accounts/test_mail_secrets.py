"""Password-reset and confirmation links are never stored in the outbox; they are made at send time."""

import json
import re
from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from portal.accounts.adapter import REFERENCE_TEMPLATE
from portal.accounts.models import User
from portal.notifications.choices import OutboxStatus
from portal.notifications.models import OutboxMessage
from portal.notifications.services import outbox_context_shown, outbox_deliver

from ..factories import UserFactory
from .test_signup_and_login import signup_data


def stored_text() -> str:
    return "".join(
        json.dumps(row.context, ensure_ascii=False) + row.subject + row.last_error
        for row in OutboxMessage.objects.all()
    )


@pytest.mark.django_db(transaction=True)
def test_password_reset_link_is_only_in_the_delivered_mail_and_works(client):
    user = UserFactory(email="reset@example.kr")
    client.post(reverse("account_reset_password"), {"email": "reset@example.kr"})

    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/accounts/password/reset/key/\S+/", mail.outbox[0].body).group(0)
    key = link.rstrip("/").rsplit("/", 1)[1]
    row = OutboxMessage.objects.get()
    assert row.template == REFERENCE_TEMPLATE and row.status == OutboxStatus.SENT
    assert row.context == {"kind": "password_reset", "prefix": "account/email/password_reset_key", "user_id": user.pk}
    assert key not in stored_text() and link not in stored_text() and "/reset/key/" not in stored_text()

    response = client.get(urlsplit(link).path, follow=True)
    form_path = response.redirect_chain[-1][0] if response.redirect_chain else urlsplit(link).path
    response = client.post(form_path, {"password1": "New-Harbour-2027!", "password2": "New-Harbour-2027!"})
    assert response.status_code == 302
    assert User.objects.get(pk=user.pk).check_password("New-Harbour-2027!")


@pytest.mark.django_db(transaction=True)
def test_confirmation_link_is_made_at_send_time_and_confirms_the_address(client):
    client.post(reverse("account_signup"), signup_data(email="confirm@example.kr"))
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[0].body).group(0)
    key = link.rstrip("/").rsplit("/", 1)[1]
    row = OutboxMessage.objects.get()
    assert row.template == REFERENCE_TEMPLATE and set(row.context) == {"kind", "prefix", "email_address_id"}
    assert key not in stored_text() and "confirm-email" not in stored_text()
    client.post(urlsplit(link).path)
    assert EmailAddress.objects.get(email="confirm@example.kr").verified


@pytest.mark.django_db
def test_reset_of_a_deleted_user_fails_at_once_with_its_reason():
    user = UserFactory()
    row = OutboxMessage.objects.create(
        dedup_key="gone",
        recipient=user.email,
        template=REFERENCE_TEMPLATE,
        context={"kind": "password_reset", "prefix": "account/email/password_reset_key", "user_id": user.pk},
    )
    user.delete()
    outbox_deliver(message_id=row.pk)
    row.refresh_from_db()
    assert row.status == OutboxStatus.FAILED and "no longer exists" in row.last_error
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_stored_mail_with_a_code_is_masked_for_staff(admin_client):
    row = OutboxMessage.objects.create(
        dedup_key="code",
        recipient="a@example.kr",
        template="prerendered",
        context={"subject": "로그인 코드", "body": "코드: 834112", "html": "<p>834112</p>", "secret": True},
    )
    assert "834112" not in json.dumps(outbox_context_shown(row))
    page = admin_client.get(reverse("admin:notifications_outboxmessage_change", args=[row.pk])).content.decode()
    assert "834112" not in page and "로그인 코드" in page

import smtplib
from unittest import mock

import pytest
from django.core import mail
from django.db import transaction

from portal.notifications.choices import OutboxStatus
from portal.notifications.models import OutboxMessage
from portal.notifications.services import notify, outbox_deliver
from portal.notifications.tasks import outbox_send_due


def invitation_context():
    return {
        "firm_name": "(주)가온AI",
        "invited_by": "김대표",
        "accept_url": "http://x/y/",
        "expires_at": "2026-12-01 10:00",
    }


@pytest.mark.django_db(transaction=True)
def test_notify_sends_after_commit_in_the_recipients_language():
    with transaction.atomic():
        notify(recipient="a@example.kr", template="firm_invitation", context=invitation_context(), dedup_key="k1")
        assert mail.outbox == []  # nothing leaves before the caller's transaction commits
    assert len(mail.outbox) == 1
    assert "(주)가온AI" in mail.outbox[0].subject
    assert "초대" in mail.outbox[0].subject  # Korean by default
    message = OutboxMessage.objects.get(dedup_key="k1")
    assert message.status == OutboxStatus.SENT and message.attempts == 1


@pytest.mark.django_db(transaction=True)
def test_english_template_is_used_for_english_recipients():
    notify(
        recipient="a@example.kr",
        template="firm_invitation",
        context=invitation_context(),
        dedup_key="k-en",
        language="en",
    )
    assert "invites you" in mail.outbox[0].subject


@pytest.mark.django_db(transaction=True)
def test_rolled_back_caller_leaves_no_row_and_no_mail():
    with pytest.raises(RuntimeError), transaction.atomic():
        notify(recipient="a@example.kr", template="firm_invitation", context=invitation_context(), dedup_key="k2")
        raise RuntimeError("caller failed")
    assert not OutboxMessage.objects.exists()
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_same_key_never_makes_a_second_row_or_mail():
    made = [
        notify(recipient="a@example.kr", template="firm_invitation", context=invitation_context(), dedup_key="k3")
        for _ in range(3)
    ]
    assert OutboxMessage.objects.filter(dedup_key="k3").count() == 1
    assert len(mail.outbox) == 1
    assert [message.created_now for message in made] == [True, False, False]


@pytest.mark.django_db
def test_transient_failure_schedules_a_later_try_with_backoff():
    message = OutboxMessage.objects.create(
        dedup_key="k4", recipient="a@example.kr", template="firm_invitation", context=invitation_context()
    )
    with mock.patch("django.core.mail.EmailMultiAlternatives.send", side_effect=smtplib.SMTPServerDisconnected("x")):
        outbox_deliver(message_id=message.pk)
        message.refresh_from_db()
        first_try = message.next_attempt_at
        assert message.status == OutboxStatus.PENDING and message.attempts == 1
        OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=message.created_at)
        outbox_deliver(message_id=message.pk)
    message.refresh_from_db()
    assert message.attempts == 2
    assert message.next_attempt_at - message.created_at > first_try - message.created_at


@pytest.mark.django_db
def test_permanent_smtp_error_stops_retrying():
    message = OutboxMessage.objects.create(
        dedup_key="k5", recipient="nobody@example.kr", template="firm_invitation", context=invitation_context()
    )
    error = smtplib.SMTPDataError(550, b"mailbox unavailable")
    with mock.patch("django.core.mail.EmailMultiAlternatives.send", side_effect=error):
        outbox_deliver(message_id=message.pk)
    message.refresh_from_db()
    assert message.status == OutboxStatus.FAILED
    assert "550" in message.last_error
    assert outbox_send_due() == 0


@pytest.mark.django_db
def test_sent_message_is_never_sent_again_by_the_periodic_job():
    message = OutboxMessage.objects.create(
        dedup_key="k6", recipient="a@example.kr", template="firm_invitation", context=invitation_context()
    )
    assert outbox_send_due() == 1
    assert outbox_send_due() == 0
    assert outbox_deliver(message_id=message.pk) is None
    assert len(mail.outbox) == 1

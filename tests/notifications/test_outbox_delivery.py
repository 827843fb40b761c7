"""Claim → send → record: poison rows, leases, Message-ID, and no transaction held while SMTP runs."""

import smtplib
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection
from django.utils import timezone

from portal.notifications import services
from portal.notifications.choices import OutboxStatus
from portal.notifications.models import OutboxMessage
from portal.notifications.services import outbox_claim, outbox_deliver, outbox_message_id
from portal.notifications.tasks import outbox_send_due

from .test_outbox import invitation_context

SEND = "django.core.mail.EmailMultiAlternatives.send"


def row(key, template="firm_invitation", **fields):
    return OutboxMessage.objects.create(
        dedup_key=key, recipient=f"{key}@example.kr", template=template, context=invitation_context(), **fields
    )


def reload(message):
    return OutboxMessage.objects.get(pk=message.pk)


@pytest.mark.django_db
def test_poison_rows_fail_with_their_reason_and_the_rows_behind_them_are_sent_in_the_same_sweep(monkeypatch):
    earlier = timezone.now() - timedelta(minutes=5)
    missing = row("missing", template="no_such_template", next_attempt_at=earlier)
    broken = row("broken", template="broken_renderer", next_attempt_at=earlier)
    monkeypatch.setitem(services.REFERENCE_RENDERERS, "broken_renderer", mock.Mock(side_effect=KeyError("firm")))
    behind = [row(f"behind{n}") for n in range(3)]

    assert outbox_send_due() == 5

    missing, broken = reload(missing), reload(broken)
    assert missing.status == OutboxStatus.FAILED and "TemplateDoesNotExist" in missing.last_error
    assert broken.status == OutboxStatus.FAILED and "KeyError" in broken.last_error
    assert missing.attempts == broken.attempts == 1  # permanent: not retried
    assert all(reload(message).status == OutboxStatus.SENT for message in behind)
    assert sorted(sent.to[0] for sent in mail.outbox) == [f"behind{n}@example.kr" for n in range(3)]
    assert outbox_send_due() == 0


@pytest.mark.django_db
def test_a_database_error_on_one_row_does_not_stop_the_sweep():
    first, second = row("first", next_attempt_at=timezone.now() - timedelta(minutes=1)), row("second")
    real_claim = services.outbox_claim

    def claim(*, message_id):
        if message_id == first.pk:
            raise RuntimeError("connection reset")
        return real_claim(message_id=message_id)

    with mock.patch("portal.notifications.services.outbox_claim", side_effect=claim):
        assert outbox_send_due() == 2
    assert reload(first).status == OutboxStatus.PENDING and reload(second).status == OutboxStatus.SENT


@pytest.mark.django_db
def test_transient_error_backs_off_and_the_last_attempt_fails():
    message = row("transient", attempts=OutboxMessage.MAX_ATTEMPTS - 2)
    with mock.patch(SEND, side_effect=ConnectionRefusedError("smtp down")):
        outbox_deliver(message_id=message.pk)
        message = reload(message)
        assert message.status == OutboxStatus.PENDING and message.claimed_until is None
        assert message.next_attempt_at > timezone.now() + timedelta(minutes=2)
        assert "ConnectionRefusedError: smtp down" in message.last_error
        outbox_deliver(message_id=message.pk)
    message = reload(message)
    assert message.status == OutboxStatus.FAILED and message.attempts == OutboxMessage.MAX_ATTEMPTS


@pytest.mark.django_db
def test_permanent_5xx_fails_at_once():
    message = row("perm")
    with mock.patch(SEND, side_effect=smtplib.SMTPDataError(554, b"rejected")):
        outbox_deliver(message_id=message.pk)
    message = reload(message)
    assert message.status == OutboxStatus.FAILED and message.attempts == 1 and "554" in message.last_error


@pytest.mark.django_db
def test_a_claimed_row_is_not_sent_by_another_worker_until_its_lease_runs_out():
    message = row("claimed")
    assert outbox_claim(message_id=message.pk) is not None  # worker A claimed it, then went quiet
    assert reload(message).status == OutboxStatus.SENDING and reload(message).attempts == 1
    assert outbox_deliver(message_id=message.pk) is None  # worker B
    assert outbox_send_due() == 0
    assert mail.outbox == []

    OutboxMessage.objects.filter(pk=message.pk).update(claimed_until=timezone.now() - timedelta(seconds=1))
    assert outbox_send_due() == 1  # worker A is taken as lost: the sweep retries
    message = reload(message)
    assert message.status == OutboxStatus.SENT and message.attempts == 2 and message.claimed_until is None
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_late_worker_does_not_overwrite_the_record_of_the_worker_that_took_over():
    message = row("late")
    claim = outbox_claim(message_id=message.pk)
    OutboxMessage.objects.filter(pk=message.pk).update(claimed_until=timezone.now() - timedelta(seconds=1))
    outbox_deliver(message_id=message.pk)  # the sweep takes over and sends
    services._record(claim, claim.claimed_until, status=OutboxStatus.FAILED, last_error="late")
    assert reload(message).status == OutboxStatus.SENT


@pytest.mark.django_db
def test_message_id_is_stable_across_retries_and_unique_per_row():
    first, second = row("mid-1"), row("mid-2")
    with mock.patch(SEND, side_effect=smtplib.SMTPServerDisconnected("x")):
        outbox_deliver(message_id=first.pk)
    OutboxMessage.objects.filter(pk=first.pk).update(next_attempt_at=timezone.now())
    outbox_deliver(message_id=first.pk)
    outbox_deliver(message_id=second.pk)
    ids = [sent.extra_headers["Message-ID"] for sent in mail.outbox]
    assert ids == [outbox_message_id(reload(first)), outbox_message_id(reload(second))]
    assert ids[0] != ids[1]
    assert ids[0] == f"<outbox-{first.pk}.{ids[0].split('.')[1].split('@')[0]}@hubbridge.example.kr>"
    assert "Message-ID: " + ids[0] in mail.outbox[0].message().as_string()


class AssertingBackend(BaseEmailBackend):
    """Fails the send when it runs inside a transaction or before the claim is committed."""

    seen = []

    def send_messages(self, messages):
        assert not connection.in_atomic_block
        recipient = messages[0].to[0]
        with connection.cursor() as cursor:  # read what other connections see: the committed row
            cursor.execute("SELECT status FROM notifications_outboxmessage WHERE recipient = %s", [recipient])
            self.seen.append(cursor.fetchone()[0])
        return len(messages)


@pytest.mark.django_db(transaction=True)
def test_no_transaction_is_open_while_sending_and_the_claim_is_committed(settings):
    settings.EMAIL_BACKEND = "tests.notifications.test_outbox_delivery.AssertingBackend"
    AssertingBackend.seen.clear()
    message = row("atomic")
    assert outbox_deliver(message_id=message.pk).status == OutboxStatus.SENT
    assert AssertingBackend.seen == [OutboxStatus.SENDING]

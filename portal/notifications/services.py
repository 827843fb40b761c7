import smtplib
from datetime import timedelta

from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .choices import OutboxStatus
from .models import OutboxMessage


def notify(
    *,
    recipient: str,
    template: str,
    context: dict,
    dedup_key: str,
    language: str = "ko",
    user=None,
) -> OutboxMessage:
    """Write an outbox row in the caller's transaction and send it once that transaction commits.

    ``context`` must be JSON-serialisable (ids, strings, numbers). A second call with the same
    ``dedup_key`` returns the existing row and sends nothing more.
    """
    from .tasks import outbox_send

    try:
        with transaction.atomic():
            message = OutboxMessage.objects.create(
                dedup_key=dedup_key,
                recipient=recipient,
                user=user,
                template=template,
                context=context,
                language=language,
            )
    except IntegrityError:
        return OutboxMessage.objects.get(dedup_key=dedup_key)
    # robust: a broker outage must not turn a saved action into a 500; outbox_send_due sends it later.
    transaction.on_commit(lambda: outbox_send.delay(message.pk), robust=True)
    return message


def outbox_render(message: OutboxMessage) -> tuple[str, str, str]:
    """Return subject, plain body and HTML body in the message's language."""
    if message.template == "prerendered":
        return message.context["subject"], message.context["body"], message.context.get("html", "")
    with translation.override(message.language):
        base = f"notifications/email/{message.template}"
        context = {**message.context, "recipient": message.recipient}
        subject = " ".join(render_to_string(f"{base}_subject.txt", context).split())
        body = render_to_string(f"{base}.txt", context)
        html = render_to_string("notifications/email/layout.html", {"subject": subject, "body": body})
    return subject, body, html


def _is_permanent(error: Exception) -> bool:
    """SMTP 5xx replies mean the message will never be accepted; retrying is pointless."""
    return (
        isinstance(error, smtplib.SMTPResponseException)
        and 500 <= error.smtp_code < 600
        or isinstance(error, smtplib.SMTPRecipientsRefused)
    )


def outbox_backoff(attempts: int) -> timedelta:
    return timedelta(minutes=2 ** (attempts - 1))


def outbox_deliver(*, message_id: int) -> OutboxMessage | None:
    """Send one pending message, holding its row lock so no other worker sends it too.

    Returns the message after the attempt, or None when it is not pending or another worker
    holds it (``SKIP LOCKED``).
    """
    with transaction.atomic():
        message = (
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(pk=message_id, status=OutboxStatus.PENDING)
            .first()
        )
        if message is None:
            return None
        message.attempts += 1
        try:
            subject, body, html = outbox_render(message)
            message.subject = subject[:300]
            email = EmailMultiAlternatives(subject, body, to=[message.recipient])
            email.attach_alternative(html, "text/html")
            email.send()
        except (smtplib.SMTPException, OSError) as error:
            message.last_error = f"{type(error).__name__}: {error}"[:2000]
            if _is_permanent(error) or message.attempts >= OutboxMessage.MAX_ATTEMPTS:
                message.status = OutboxStatus.FAILED
            else:
                message.next_attempt_at = timezone.now() + outbox_backoff(message.attempts)
        else:
            message.status = OutboxStatus.SENT
            message.sent_at = timezone.now()
            message.last_error = ""
        message.save(update_fields=["attempts", "status", "sent_at", "next_attempt_at", "last_error", "subject"])
    return message


def outbox_due_ids(*, limit: int = 200) -> list[int]:
    return list(
        OutboxMessage.objects.filter(status=OutboxStatus.PENDING, next_attempt_at__lte=timezone.now())
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )


def outbox_requeue(*, message_ids: list[int]) -> int:
    """Put unsent messages back in the queue with a fresh attempt budget (staff action)."""
    from .tasks import outbox_send

    with transaction.atomic():
        ids = list(
            OutboxMessage.objects.filter(pk__in=message_ids)
            .exclude(status=OutboxStatus.SENT)
            .values_list("pk", flat=True)
        )
        OutboxMessage.objects.filter(pk__in=ids).update(
            status=OutboxStatus.PENDING, next_attempt_at=timezone.now(), attempts=0
        )
        for message_id in ids:
            transaction.on_commit(lambda message_id=message_id: outbox_send.delay(message_id), robust=True)
    return len(ids)

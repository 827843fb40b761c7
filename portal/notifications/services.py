import hashlib
import smtplib
from collections.abc import Callable
from datetime import timedelta
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Q
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
    ``dedup_key`` returns the existing row and sends nothing more; ``created_now`` on the returned
    row says which of the two happened, so a job counts only the mail it caused.
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
        return OutboxMessage.objects.get(dedup_key=dedup_key)  # created_now stays False
    message.created_now = True
    # robust: a broker outage must not turn a saved action into a 500; outbox_send_due sends it later.
    transaction.on_commit(lambda: outbox_send.delay(message.pk), robust=True)
    return message


# Templates whose row holds only a reference (ids, no secret) and whose mail is built at send time,
# e.g. allauth's password-reset and confirmation mails: the key in the link never rests in the table.
# A renderer returns the subject and the plain body; the layout (mail_compose) is added by outbox_render.
REFERENCE_RENDERERS: dict[str, Callable[[OutboxMessage], tuple[str, str]]] = {}


def register_reference_renderer(template: str, renderer: Callable[[OutboxMessage], tuple[str, str]]) -> None:
    REFERENCE_RENDERERS[template] = renderer


class PermanentRenderError(Exception):
    """The message can never be rendered (template or referenced record missing); retrying is pointless."""


def mail_compose(*, subject: str, body: str) -> tuple[str, str, str]:
    """Put a mail's plain body into the one mail layout: subject, text part and HTML part.

    Every mail goes through here (portal templates, allauth mails rendered or built at send time),
    so each has a real HTML part, the portal's name (``SITE_NAME``) and an absolute link to it.
    """
    context = {"subject": subject, "body": body.strip(), "site_name": settings.SITE_NAME, "site_url": settings.SITE_URL}
    text = render_to_string("notifications/email/layout.txt", context)
    html = render_to_string("notifications/email/layout.html", context)
    return subject, text, html


def _render_body(message: OutboxMessage) -> tuple[str, str]:
    if message.template == "prerendered":
        # Rows written by the adapter from allauth's rendered text; an older row's stored HTML is ignored.
        return message.context["subject"], message.context["body"]
    if message.template in REFERENCE_RENDERERS:
        return REFERENCE_RENDERERS[message.template](message)
    base = f"notifications/email/{message.template}"
    context = {**message.context, "recipient": message.recipient, "site_name": settings.SITE_NAME}
    subject = " ".join(render_to_string(f"{base}_subject.txt", context).split())
    return subject, render_to_string(f"{base}.txt", context)


def outbox_render(message: OutboxMessage) -> tuple[str, str, str]:
    """Return subject, plain body and HTML body in the message's language, all in the mail layout."""
    with translation.override(message.language):
        subject, body = _render_body(message)
        return mail_compose(subject=subject, body=body)


def outbox_context_shown(message: OutboxMessage) -> dict:
    """The row's context as staff may see it: a mail marked ``secret`` (a one-time code) shows no body."""
    if not message.context.get("secret"):
        return message.context
    return {**message.context, "body": "•••", "html": "•••"}


def _is_permanent(error: Exception) -> bool:
    """Errors retrying cannot cure: SMTP 5xx replies, refused recipients, unrenderable messages."""
    return (
        isinstance(error, smtplib.SMTPResponseException)
        and 500 <= error.smtp_code < 600
        or isinstance(error, (smtplib.SMTPRecipientsRefused, PermanentRenderError))
    )


def outbox_backoff(attempts: int) -> timedelta:
    return timedelta(minutes=2 ** (attempts - 1))


def outbox_message_id(message: OutboxMessage) -> str:
    """A Message-ID derived from the row, the same on every retry, so receivers can drop duplicates."""
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"
    digest = hashlib.sha256(message.dedup_key.encode()).hexdigest()[:16]
    return f"<outbox-{message.pk}.{digest}@{domain}>"


def _lease_expired(now) -> Q:
    """Rows a worker claimed and never recorded (it died mid-send): claimable again."""
    return Q(status=OutboxStatus.SENDING, claimed_until__lt=now)


def _claimable(now) -> Q:
    return Q(status=OutboxStatus.PENDING) | _lease_expired(now)


def outbox_claim(*, message_id: int) -> OutboxMessage | None:
    """Claim one row in a short transaction: SENDING with a lease, one attempt more.

    Returns None when the row is sent, failed, or held by another worker whose lease has not run out.
    """
    now = timezone.now()
    with transaction.atomic():
        message = (
            OutboxMessage.objects.select_for_update(skip_locked=True).filter(_claimable(now), pk=message_id).first()
        )
        if message is None:
            return None
        message.status = OutboxStatus.SENDING
        message.claimed_until = now + OutboxMessage.LEASE
        message.attempts += 1
        message.save(update_fields=["status", "claimed_until", "attempts"])
    return message


def _record(message: OutboxMessage, lease, **fields) -> None:
    """Write the outcome, unless the lease ran out and another worker claimed the row meanwhile."""
    with transaction.atomic():
        updated = OutboxMessage.objects.filter(pk=message.pk, status=OutboxStatus.SENDING, claimed_until=lease).update(
            claimed_until=None, **fields
        )
    if updated:
        for name, value in fields.items():
            setattr(message, name, value)
        message.claimed_until = None


def outbox_deliver(*, message_id: int) -> OutboxMessage | None:
    """Claim, send and record one message; no transaction or row lock is held while SMTP runs.

    Any error while rendering or sending is recorded on this row alone: a rendering error or an SMTP
    5xx fails it at once, other errors back off until MAX_ATTEMPTS. Returns the message after the
    attempt, or None when it is not claimable. Delivery is at least once: a worker lost between the
    SMTP accept and the record leaves the row SENDING and the sweep sends it again after the lease (same Message-ID).
    """
    message = outbox_claim(message_id=message_id)
    if message is None:
        return None
    lease = message.claimed_until
    subject = message.subject
    try:
        try:
            subject, body, html = outbox_render(message)
        except Exception as error:
            # A row that cannot be rendered now will not render on a retry either.
            raise PermanentRenderError(f"rendering failed: {type(error).__name__}: {error}") from error
        email = EmailMultiAlternatives(
            subject, body, to=[message.recipient], headers={"Message-ID": outbox_message_id(message)}
        )
        email.attach_alternative(html, "text/html")
        email.send()
    except Exception as error:  # noqa: BLE001  (any failure is this row's, never the sweep's)
        fields = {"last_error": f"{type(error).__name__}: {error}"[:2000], "subject": subject[:300]}
        if _is_permanent(error) or message.attempts >= OutboxMessage.MAX_ATTEMPTS:
            fields["status"] = OutboxStatus.FAILED
        else:
            fields["status"] = OutboxStatus.PENDING
            fields["next_attempt_at"] = timezone.now() + outbox_backoff(message.attempts)
    else:
        fields = {"status": OutboxStatus.SENT, "sent_at": timezone.now(), "last_error": "", "subject": subject[:300]}
    _record(message, lease, **fields)
    return message


def outbox_due_ids(*, limit: int = 200) -> list[int]:
    """Pending rows whose next try is due, and SENDING rows whose worker's lease ran out."""
    now = timezone.now()
    return list(
        OutboxMessage.objects.filter(Q(status=OutboxStatus.PENDING, next_attempt_at__lte=now) | _lease_expired(now))
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
            status=OutboxStatus.PENDING, next_attempt_at=timezone.now(), attempts=0, claimed_until=None
        )
        for message_id in ids:
            transaction.on_commit(lambda message_id=message_id: outbox_send.delay(message_id), robust=True)
    return len(ids)

import logging

from celery import shared_task

from .choices import OutboxStatus
from .services import outbox_deliver, outbox_due_ids

logger = logging.getLogger(__name__)


@shared_task(acks_late=True)
def outbox_send(message_id: int) -> str:
    """Deliver one outbox row; a transient failure schedules the next try at its backoff time."""
    message = outbox_deliver(message_id=message_id)
    if message is None:
        return "skipped"
    if message.status == OutboxStatus.PENDING and not outbox_send.app.conf.task_always_eager:
        outbox_send.apply_async((message_id,), eta=message.next_attempt_at)
    return message.status


@shared_task(acks_late=True)
def outbox_send_due() -> int:
    """Periodic safety net: send every due row and every row whose worker's lease ran out.

    Each row is handled alone, so one that cannot be sent never keeps the rows behind it waiting.
    """
    due = outbox_due_ids()
    for message_id in due:
        try:
            outbox_deliver(message_id=message_id)
        except Exception:  # noqa: BLE001  (e.g. the database blipped for this row; the next sweep retries)
            logger.exception("outbox row %s could not be delivered", message_id)
    return len(due)

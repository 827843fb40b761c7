from celery import shared_task

from .choices import OutboxStatus
from .services import outbox_deliver, outbox_due_ids


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
    """Periodic safety net: send every pending row whose next try is due (idempotent)."""
    due = outbox_due_ids()
    for message_id in due:
        outbox_deliver(message_id=message_id)
    return len(due)

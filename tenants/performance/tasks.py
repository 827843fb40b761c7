"""Celery tasks of the performance app: thin wrappers that call services and may run more than once."""

from celery import shared_task

from .services import performance_reminders_send


@shared_task(acks_late=True)
def performance_reminders_daily() -> int:
    """Every day at 09:15 KST: D-7, D-3, D-1 and overdue reminders of returns not handed in, each once."""
    return performance_reminders_send()

"""Celery tasks of the tenants app: thin wrappers that call services and may run more than once."""

from celery import shared_task

from .services import call_deadline_reminders


@shared_task(acks_late=True)
def call_deadlines_daily() -> int:
    """Every day at 09:00 KST: firms with drafts hear that the call closes in 3 days / 1 day."""
    return call_deadline_reminders()

"""Celery tasks of notices: thin wrappers that call services and may run more than once."""

from celery import shared_task

from .services import notices_publish_due


@shared_task(acks_late=True)
def notices_publish_due_task() -> int:
    """Every minute: scheduled notices whose time has come are recorded as published and mailed."""
    return notices_publish_due()

"""Celery tasks of the service desk: thin wrappers that call services and may run more than once."""

from celery import shared_task

from .services import service_requests_close_resolved


@shared_task(acks_late=True)
def service_requests_daily() -> int:
    """Every day at 00:20 KST: resolved requests whose reopen window ended are closed (idempotent)."""
    return service_requests_close_resolved()

"""Celery tasks of bookings: thin wrappers that call services and may run more than once."""

from celery import shared_task

from .services import booking_reminders_send


@shared_task(acks_late=True)
def booking_reminders_daily() -> int:
    """Every day (KST): the reminder for each confirmed booking of tomorrow, once per booking."""
    return booking_reminders_send()

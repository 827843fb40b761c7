"""Celery tasks of the partners app: thin wrappers that call services and may run more than once."""

from celery import shared_task

from .services import mou_reminders_send, mous_apply_dates


@shared_task(acks_late=True)
def mous_daily() -> dict:
    """Every day at 09:00 KST: MOUs take effect, renew or expire by their dates, then the reminders
    due today go out. Safe to run twice, or on two workers at once: each move and each reminder
    happens once.
    """
    moved = mous_apply_dates()
    return {**moved, "reminders": mou_reminders_send()}

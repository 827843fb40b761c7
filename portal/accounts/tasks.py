from celery import shared_task

from .services import accounts_notify_dormancy, retention_purge


@shared_task(acks_late=True)
def retention_purge_daily() -> dict:
    """Daily (beat): notices to accounts 30 days before their retention ends, then the purge of
    everything past its period. Both are idempotent, so a repeated or late run does only what is left."""
    noticed = accounts_notify_dormancy()
    return {"dormancy_notices": noticed, **retention_purge()}

from datetime import timedelta

from celery import shared_task


@shared_task(acks_late=True)
def access_records_monthly_check() -> int:
    """On the 1st at 09:10 KST: flag the bulk exports of the month just ended to the auditors (once)."""
    from portal.time import hub_today

    from .access import access_records_check_bulk_exports

    last_month = hub_today().replace(day=1) - timedelta(days=1)
    return access_records_check_bulk_exports(month=last_month.replace(day=1))

"""The hub's clock: Korea Standard Time, whatever the server's or the request's zone."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

KST = ZoneInfo("Asia/Seoul")


def hub_today(now: datetime | None = None) -> date:
    """Today in Asia/Seoul (the hub's business day)."""
    return timezone.localdate(now or timezone.now(), KST)


def kst(moment: datetime | None) -> datetime | None:
    """A stored UTC moment as the naive KST date and time a spreadsheet or a PDF shows."""
    return timezone.localtime(moment, KST).replace(tzinfo=None) if moment else None

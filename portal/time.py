"""The hub's clock: Korea Standard Time, whatever the server's or the request's zone."""

from datetime import date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays
from django.utils import timezone

KST = ZoneInfo("Asia/Seoul")


def hub_today(now: datetime | None = None) -> date:
    """Today in Asia/Seoul (the hub's business day)."""
    return timezone.localdate(now or timezone.now(), KST)


def kst(moment: datetime | None) -> datetime | None:
    """A stored UTC moment as the naive KST date and time a spreadsheet or a PDF shows."""
    return timezone.localtime(moment, KST).replace(tzinfo=None) if moment else None


@lru_cache(maxsize=32)
def _korean_public_holidays(year: int) -> frozenset[date]:
    # The ``holidays`` package keeps the Korean calendar (lunar holidays, substitute days, election
    # days) up to date each release; we never hand-maintain a list of dates.
    return frozenset(holidays.country_holidays("KR", years=year))


def is_public_holiday(day: date) -> bool:
    """A Korean public holiday (substitute and election days included), whatever the weekday."""
    return day in _korean_public_holidays(day.year)


def is_working_day(day: date) -> bool:
    """Monday to Friday and not a Korean public holiday (substitute holidays included)."""
    return day.weekday() < 5 and day not in _korean_public_holidays(day.year)


def add_working_days(start: date, days: int) -> date:
    """The working day ``days`` working days after ``start`` (``start`` itself never counts)."""
    if days < 0:
        raise ValueError("days must not be negative")
    day = start
    while days:
        day += timedelta(days=1)
        if is_working_day(day):
            days -= 1
    return day

"""The booking rules that need no database: opening hours, slots, charges, refund tiers.

Every rule is stated once here and shown on the resource page from the same constants, so what a
firm reads is what the services enforce.
"""

import math
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils.translation import gettext_lazy as _

from portal.time import KST, is_public_holiday

VAT_RATE = 0.10
# Surcharges on the hourly rate, minute by minute: the higher one applies, never both.
NIGHT_SURCHARGE = 0.30  # before 09:00 or from 18:00 KST
HOLIDAY_SURCHARGE = 0.50  # Saturdays, Sundays and Korean public holidays
DAY_STARTS, DAY_ENDS = time(9, 0), time(18, 0)

# Refund of a cancelled charge by how many days before the booking's day (KST) it is cancelled.
# (days at least, share refunded), from the most generous; the last tier catches the rest.
REFUND_TIERS = ((7, 1.0), (3, 0.5), (0, 0.0))

# A firm with this many no-shows within the window may not book for the pause after the latest one.
NO_SHOW_LIMIT = 2
NO_SHOW_WINDOW_DAYS = 60
NO_SHOW_PAUSE_DAYS = 30
# Check-in opens this long before the start; a booking nobody checked into by then is a no-show.
CHECK_IN_GRACE = timedelta(minutes=15)


def local(moment: datetime) -> datetime:
    return moment.astimezone(KST)


def opening_interval(day: date, opens_at: time, closes_at: time) -> tuple[datetime, datetime]:
    """The open period that starts on ``day`` (KST); closing at or before opening is the next day."""
    start = datetime.combine(day, opens_at, tzinfo=KST)
    end = datetime.combine(day, closes_at, tzinfo=KST)
    if end <= start:
        end += timedelta(days=1)
    return start, end


def is_on_step(moment: datetime, slot_minutes: int) -> bool:
    moment = local(moment)
    return moment.second == 0 and moment.microsecond == 0 and (moment.hour * 60 + moment.minute) % slot_minutes == 0


def is_closed_day(day: date, *, open_on_holidays: bool) -> bool:
    return not open_on_holidays and is_public_holiday(day)


def surcharge_at(moment: datetime) -> float:
    moment = local(moment)
    if moment.weekday() >= 5 or is_public_holiday(moment.date()):
        return HOLIDAY_SURCHARGE
    if not DAY_STARTS <= moment.time() < DAY_ENDS:
        return NIGHT_SURCHARGE
    return 0.0


@dataclass(frozen=True)
class Charge:
    net: int
    vat: int
    surcharged_minutes: int

    @property
    def total(self) -> int:
        return self.net + self.vat


def charge_for(starts_at: datetime, ends_at: datetime, hourly_rate: int) -> Charge:
    """Hours × rate with the night or holiday surcharge of each minute, rounded to the won; VAT on top."""
    if hourly_rate <= 0:
        return Charge(0, 0, 0)
    minutes = int((ends_at - starts_at).total_seconds() // 60)
    amount = 0.0
    surcharged = 0
    for minute in range(minutes):
        surcharge = surcharge_at(starts_at + timedelta(minutes=minute))
        surcharged += surcharge > 0
        amount += hourly_rate / 60 * (1 + surcharge)
    net = round(amount)
    return Charge(net, math.floor(net * VAT_RATE + 0.5), surcharged)


def refund_share(starts_at: datetime, now: datetime) -> float:
    days_before = (local(starts_at).date() - local(now).date()).days
    for at_least, share in REFUND_TIERS:
        if days_before >= at_least:
            return share
    return 0.0


def refund_tiers_shown() -> list[str]:
    """The cancellation policy in words, for the resource and booking pages."""
    shown = []
    for index, (at_least, share) in enumerate(REFUND_TIERS):
        percent = round(share * 100)
        if index == len(REFUND_TIERS) - 1:
            shown.append(_("Later: %(percent)s%% refunded") % {"percent": percent})
        else:
            shown.append(
                _("%(days)s or more days before the day: %(percent)s%% refunded")
                % {"days": at_least, "percent": percent}
            )
    return shown

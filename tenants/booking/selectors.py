"""Read queries of bookings shared by the pages, the API, the staff board and the monthly report."""

import calendar
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count, F, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from portal.time import KST, hub_today, is_public_holiday

from .choices import HOLDING_STATUSES, Audience, BookingStatus
from .models import Blackout, Booking, OpeningHours, Resource
from .policy import is_closed_day, opening_interval


def month_bounds(day: date) -> tuple[datetime, datetime]:
    """The first moment of ``day``'s KST month and of the next one."""
    first = day.replace(day=1)
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    start = datetime.combine(first, datetime.min.time(), tzinfo=KST)
    return start, datetime.combine(last + timedelta(days=1), datetime.min.time(), tzinfo=KST)


def day_bounds(day: date) -> tuple[datetime, datetime]:
    start = datetime.combine(day, datetime.min.time(), tzinfo=KST)
    return start, start + timedelta(days=1)


def resources_visible_to(user) -> QuerySet:
    """Public resources for anyone; every bookable one for people signed in."""
    queryset = Resource.objects.bookable().select_related("site")
    if not getattr(user, "is_authenticated", False):
        queryset = queryset.filter(audience=Audience.PUBLIC)
    return queryset


def resources_with_details(queryset: QuerySet) -> QuerySet:
    return queryset.prefetch_related(
        Prefetch("opening_hours", queryset=OpeningHours.objects.order_by("weekday")), "photos"
    )


@dataclass
class Slot:
    starts_at: datetime
    ends_at: datetime
    state: str  # "free", "taken", "past", "closed"
    booking: Booking | None = None

    @property
    def is_free(self) -> bool:
        return self.state == "free"


@dataclass
class CalendarDay:
    day: date
    is_holiday: bool
    slots: list[Slot]

    @property
    def free_count(self) -> int:
        return sum(slot.is_free for slot in self.slots)


def _day_periods(resource: Resource, hours: dict, day: date) -> list[tuple[datetime, datetime]]:
    """Open periods that start on ``day``, cut to that day (a period past midnight continues the next day)."""
    periods = []
    day_start, day_end = day_bounds(day)
    for opening_day in (day - timedelta(days=1), day):
        row = hours.get(opening_day.weekday())
        if row is None or is_closed_day(opening_day, open_on_holidays=resource.open_on_holidays):
            continue
        opens, closes = opening_interval(opening_day, row.opens_at, row.closes_at)
        opens, closes = max(opens, day_start), min(closes, day_end)
        if opens < closes:
            periods.append((opens, closes))
    return periods


def calendar_days(resource: Resource, first_day: date, days: int, *, now=None, bookings=None, blackouts=None):
    """The resource's slots from ``first_day`` for ``days`` days: free, taken, past or closed.

    Two queries whatever the range (bookings and blackouts), plus the opening hours if they were not
    prefetched; ``bookings`` and ``blackouts`` may be given to share one query across resources.
    """
    now = now or timezone.now()
    start, _ = day_bounds(first_day)
    end = start + timedelta(days=days)
    hours = {row.weekday: row for row in resource.opening_hours.all()}
    if bookings is None:
        bookings = list(
            Booking.objects.filter(
                resource=resource, status__in=HOLDING_STATUSES, starts_at__lt=end, occupied_until__gt=start
            ).select_related("firm")
        )
    if blackouts is None:
        blackouts = list(
            Blackout.objects.filter(Q(resource=resource) | Q(resource__isnull=True, site_id=resource.site_id)).filter(
                starts_at__lt=end, ends_at__gt=start
            )
        )
    step = timedelta(minutes=resource.slot_minutes)
    result = []
    for offset in range(days):
        day = first_day + timedelta(days=offset)
        slots = []
        for opens, closes in _day_periods(resource, hours, day):
            moment = opens
            while moment + step <= closes:
                slot_end = moment + step
                holder = next((b for b in bookings if b.starts_at < slot_end and b.occupied_until > moment), None)
                if holder is not None:
                    state = "taken"
                elif any(b.starts_at < slot_end and b.ends_at > moment for b in blackouts):
                    state = "closed"
                elif moment <= now:
                    state = "past"
                else:
                    state = "free"
                slots.append(Slot(moment, slot_end, state, holder))
                moment = slot_end
        result.append(CalendarDay(day, is_public_holiday(day), slots))
    return result


def firm_bookings(firm) -> QuerySet:
    return Booking.objects.filter(firm=firm).select_related("resource__site").order_by("-starts_at", "-pk")


def pending_approvals() -> QuerySet:
    return (
        Booking.objects.filter(status=BookingStatus.PENDING)
        .select_related("resource__site", "firm")
        .order_by("starts_at", "pk")
    )


def day_board(site, day: date, *, now=None):
    """Every resource of a site with its bookings of the day (three queries)."""
    start, end = day_bounds(day)
    resources = list(resources_with_details(Resource.objects.filter(site=site, is_active=True)).select_related("site"))
    bookings = list(
        Booking.objects.filter(resource__site=site, starts_at__lt=end, ends_at__gt=start)
        .exclude(status__in=(BookingStatus.DECLINED,))
        .select_related("firm")
        .order_by("starts_at", "pk")
    )
    by_resource = {}
    for booking in bookings:
        by_resource.setdefault(booking.resource_id, []).append(booking)
    return [(resource, by_resource.get(resource.pk, [])) for resource in resources]


def blackouts_upcoming(now=None) -> QuerySet:
    now = now or timezone.now()
    return Blackout.objects.filter(ends_at__gt=now - timedelta(days=30)).select_related("site", "resource")


BILLED_STATUSES = (BookingStatus.CONFIRMED, BookingStatus.CHECKED_IN, BookingStatus.NO_SHOW, BookingStatus.CANCELLED)


def charged_bookings(month: date) -> QuerySet:
    """Bookings with a charge that start in the KST month of ``month``."""
    start, end = month_bounds(month)
    return (
        Booking.objects.filter(starts_at__gte=start, starts_at__lt=end, net_amount__gt=0, status__in=BILLED_STATUSES)
        .select_related("resource__site", "firm")
        .order_by("firm__name", "starts_at", "pk")
    )


def billable_bookings(*, firm, month: date, now=None) -> QuerySet:
    """The firm's charged bookings of the month that are over and not yet sent for payment."""
    now = now or timezone.now()
    return (
        charged_bookings(month)
        .filter(firm=firm, payment_reference="")
        .filter(Q(ends_at__lte=now) | Q(status=BookingStatus.CANCELLED))
    )


def charges_by_firm(month: date) -> list[dict]:
    """Per firm: the month's charged bookings, their total, refunds and what is owed."""
    rows = {}
    for booking in charged_bookings(month):
        row = rows.setdefault(
            booking.firm_id,
            {"firm": booking.firm, "bookings": [], "total": 0, "refunds": 0, "owed": 0, "unrequested": 0},
        )
        row["bookings"].append(booking)
        row["total"] += booking.total_amount
        row["refunds"] += booking.refund_amount
        row["owed"] += booking.billed_amount
        if not booking.payment_reference:
            row["unrequested"] += booking.billed_amount
    return list(rows.values())


def _open_hours_in(resource: Resource, hours: dict, first: date, last: date) -> float:
    total = 0.0
    day = first
    while day <= last:
        for opens, closes in _day_periods(resource, hours, day):
            total += (closes - opens).total_seconds() / 3600
        day += timedelta(days=1)
    return total


USED_STATUSES = (BookingStatus.CONFIRMED, BookingStatus.CHECKED_IN, BookingStatus.NO_SHOW)


def usage_figures(first: date, last: date) -> dict:
    """Occupancy per resource (booked of open hours), hours per firm, and residents' quota use per month."""
    start, _ = day_bounds(first)
    _, end = day_bounds(last)
    used = Booking.objects.filter(starts_at__gte=start, starts_at__lt=end, status__in=USED_STATUSES)
    resources = resources_with_details(Resource.objects.select_related("site")).annotate(
        booked=Sum(
            F("bookings__ends_at") - F("bookings__starts_at"),
            filter=Q(
                bookings__starts_at__gte=start,
                bookings__starts_at__lt=end,
                bookings__status__in=USED_STATUSES,
            ),
        ),
        booking_count=Count("bookings", filter=Q(bookings__starts_at__gte=start, bookings__starts_at__lt=end)),
        no_shows=Count(
            "bookings",
            filter=Q(
                bookings__starts_at__gte=start, bookings__starts_at__lt=end, bookings__status=BookingStatus.NO_SHOW
            ),
        ),
    )
    per_resource = []
    for resource in resources:
        hours = {row.weekday: row for row in resource.opening_hours.all()}
        open_hours = _open_hours_in(resource, hours, first, last)
        booked = resource.booked.total_seconds() / 3600 if resource.booked else 0.0
        per_resource.append(
            {
                "site": resource.site.name,
                "resource": resource.name,
                "bookings": resource.booking_count,
                "booked_hours": booked,
                "open_hours": open_hours,
                "occupancy": booked / open_hours if open_hours else None,
                "no_shows": resource.no_shows,
            }
        )
    per_firm = [
        {
            "firm": row["firm__name"],
            "bookings": row["count"],
            "hours": row["hours"].total_seconds() / 3600 if row["hours"] else 0.0,
            "charged": row["charged"] or 0,
        }
        for row in used.values("firm__name")
        .annotate(count=Count("pk"), hours=Sum(F("ends_at") - F("starts_at")), charged=Sum("net_amount"))
        .order_by("firm__name")
    ]
    quota = [
        {
            "firm": row["firm__name"],
            "resource": row["resource__name"],
            "quota": row["resource__resident_quota_hours"],
            "hours": row["hours"].total_seconds() / 3600 if row["hours"] else 0.0,
        }
        for row in used.filter(is_resident=True, resource__resident_quota_hours__gt=0)
        .values("firm__name", "resource__name", "resource__resident_quota_hours")
        .annotate(hours=Sum(F("ends_at") - F("starts_at")))
        .order_by("firm__name", "resource__name")
    ]
    for row in quota:
        row["share"] = row["hours"] / row["quota"]
    return {"resources": per_resource, "firms": per_firm, "quota": quota}


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


# Calendars and reports look at most this far from today; any other date in a query means today.
CALENDAR_REACH = timedelta(days=3 * 366)


def in_calendar_reach(day: date) -> bool:
    today = hub_today()
    return today - CALENDAR_REACH <= day <= today + CALENDAR_REACH


def parse_day(value: str | None, default: date | None = None) -> date:
    """A ``YYYY-MM-DD`` from a query string, or ``default`` (today) when it is none or out of reach."""
    fallback = default or hub_today()
    try:
        day = date.fromisoformat(value) if value else fallback
    except ValueError:
        return fallback
    return day if in_calendar_reach(day) else fallback

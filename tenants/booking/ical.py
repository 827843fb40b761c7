"""iCalendar files: one per booking, and a firm's private feed of its bookings (RFC 5545, via icalendar)."""

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from .choices import BookingStatus

ICAL_STATUS = {
    BookingStatus.PENDING: "TENTATIVE",
    BookingStatus.CONFIRMED: "CONFIRMED",
    BookingStatus.CHECKED_IN: "CONFIRMED",
    BookingStatus.NO_SHOW: "CONFIRMED",
    BookingStatus.DECLINED: "CANCELLED",
    BookingStatus.CANCELLED: "CANCELLED",
}


def bookings_calendar(bookings, *, name: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Hub&Bridge Portal//Rooms//KO")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Asia/Seoul")
    stamp = timezone.now()
    for booking in bookings:
        event = Event()
        event.add("uid", booking.ical_uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", booking.starts_at)
        event.add("dtend", booking.ends_at)
        event.add("summary", f"{booking.resource.name} · {booking.purpose}")
        event.add("location", f"{booking.resource.site.name}, {booking.resource.site.address}")
        event.add("status", ICAL_STATUS[booking.status])
        event.add("url", settings.SITE_URL + booking.get_absolute_url())
        event.add("sequence", int(booking.status_changed_at.timestamp()) if booking.status_changed_at else 0)
        calendar.add_component(event)
    return calendar.to_ical()

"""Kinds, audiences and booking states, with the transitions a booking may make."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ResourceKind(models.TextChoices):
    MEETING_ROOM = "meeting_room", _("Meeting room")
    SEMINAR_HALL = "seminar_hall", _("Seminar hall")
    STUDIO = "studio", _("Studio")
    EQUIPMENT = "equipment", _("Demo and test equipment")


class Audience(models.TextChoices):
    """Who may book a resource; each includes the ones before it."""

    RESIDENTS = "residents", _("Resident firms only")
    FIRMS = "firms", _("Any registered firm")
    PUBLIC = "public", _("Anyone with an account and a firm")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class BookingStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("booking status", "Awaiting approval")
    CONFIRMED = "confirmed", pgettext_lazy("booking status", "Confirmed")
    DECLINED = "declined", pgettext_lazy("booking status", "Declined")
    CANCELLED = "cancelled", pgettext_lazy("booking status", "Cancelled")
    CHECKED_IN = "checked_in", pgettext_lazy("booking status", "Checked in")
    NO_SHOW = "no_show", pgettext_lazy("booking status", "No-show")


# A booking in one of these holds its time (and the buffer after it): the exclusion constraint and
# the locked check both look at these only.
HOLDING_STATUSES = (BookingStatus.PENDING, BookingStatus.CONFIRMED, BookingStatus.CHECKED_IN)

BOOKING_TRANSITIONS = {
    BookingStatus.PENDING: {BookingStatus.CONFIRMED, BookingStatus.DECLINED, BookingStatus.CANCELLED},
    BookingStatus.CONFIRMED: {BookingStatus.CANCELLED, BookingStatus.CHECKED_IN, BookingStatus.NO_SHOW},
    BookingStatus.DECLINED: set(),
    BookingStatus.CANCELLED: set(),
    BookingStatus.CHECKED_IN: set(),
    BookingStatus.NO_SHOW: set(),
}


class BlackoutAction(models.TextChoices):
    BLOCK = "block", _("Block new bookings, keep existing ones")
    CANCEL = "cancel", _("Cancel the bookings it overlaps")


class CalendarView(models.TextChoices):
    DAY = "day", pgettext_lazy("calendar view", "Day")
    WEEK = "week", pgettext_lazy("calendar view", "Week")

"""Bookable resources (meeting rooms, the seminar hall, the studio, demo equipment) and their bookings.

A booking holds ``[starts_at, occupied_until)``: its own time and the resource's buffer after it.
Two holding bookings of one resource never overlap: PostgreSQL refuses it with an exclusion
constraint (``booking_no_overlap``), and every service checks it first under a lock on the
resource row, which is also all SQLite has (``make run``). States change only through
``tenants.booking.services.booking_transition``.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import RangeOperators
from django.db import models
from django.db.models import Func, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.files import ServedImageField
from portal.time import KST
from portal.uploads import validate_logo
from tenants.models import Firm, Site

from .choices import HOLDING_STATUSES, Audience, BlackoutAction, BookingStatus, ResourceKind, Weekday


class TsTzRange(Func):
    """``tstzrange(lower, upper, '[)')``: the time a booking holds, for the exclusion constraint."""

    function = "TSTZRANGE"
    output_field = models.DateTimeField()  # only ever compared with &&; the concrete type is irrelevant here


def photo_upload_to(instance, filename):
    from portal.files import random_file_name
    from portal.uploads import logo_extension

    return random_file_name("resource-photos", logo_extension(instance.image))


class ResourceQuerySet(models.QuerySet):
    def bookable(self):
        return self.filter(is_active=True)


class Resource(models.Model):
    """Something a firm books by the hour at one site."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="resources", verbose_name=_("site"))
    kind = models.CharField(_("kind"), max_length=20, choices=ResourceKind, default=ResourceKind.MEETING_ROOM)
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    equipment = models.CharField(
        _("equipment"), max_length=300, blank=True, help_text=_("E.g. 75-inch display, video conferencing, whiteboard.")
    )
    capacity = models.PositiveSmallIntegerField(_("capacity (people)"))
    slot_minutes = models.PositiveSmallIntegerField(
        _("slot length (minutes)"), default=30, help_text=_("Bookings start and end on these steps.")
    )
    buffer_minutes = models.PositiveSmallIntegerField(
        _("buffer after each booking (minutes)"), default=0, help_text=_("Time to clean up before the next booking.")
    )
    max_hours = models.PositiveSmallIntegerField(_("longest booking (hours)"), default=4)
    horizon_days = models.PositiveSmallIntegerField(_("bookable this many days ahead"), default=60)
    audience = models.CharField(_("who may book"), max_length=10, choices=Audience, default=Audience.RESIDENTS)
    requires_approval = models.BooleanField(
        _("staff approve every booking"),
        default=False,
        help_text=_("Otherwise residents' bookings are confirmed at once; non-residents' always need approval."),
    )
    hourly_rate = models.PositiveIntegerField(
        _("price per hour for non-residents (KRW, before VAT)"), default=0, help_text=_("0: free for everyone.")
    )
    resident_quota_hours = models.PositiveSmallIntegerField(
        _("free hours per resident firm per month"), default=0, help_text=_("0: no limit.")
    )
    open_on_holidays = models.BooleanField(_("open on public holidays"), default=False)
    is_active = models.BooleanField(_("bookable"), default=True)

    objects = ResourceQuerySet.as_manager()

    class Meta:
        verbose_name = _("bookable resource")
        verbose_name_plural = _("bookable resources")
        ordering = ["site", "kind", "name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["site", "name"], name="booking_resource_site_name_unique"),
            models.CheckConstraint(condition=Q(capacity__gt=0), name="booking_resource_capacity_positive"),
            models.CheckConstraint(
                condition=Q(slot_minutes__gte=5) & Q(slot_minutes__lte=240), name="booking_resource_slot_range"
            ),
            models.CheckConstraint(condition=Q(max_hours__gt=0), name="booking_resource_max_hours_positive"),
        ]

    def __str__(self):
        return f"{self.site} · {self.name}"

    def get_absolute_url(self):
        return reverse("booking:resource", args=[self.pk])

    @property
    def is_charged(self) -> bool:
        return self.hourly_rate > 0

    @property
    def buffer(self) -> timedelta:
        return timedelta(minutes=self.buffer_minutes)


class ResourcePhoto(models.Model):
    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="photos", verbose_name=_("resource"))
    image = ServedImageField(_("photo"), upload_to=photo_upload_to, validators=[validate_logo])
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("resource photo")
        verbose_name_plural = _("resource photos")
        ordering = ["resource", "position", "pk"]

    def __str__(self):
        return self.caption or str(self.resource)

    def get_absolute_url(self):
        return self.resource.get_absolute_url()

    def served_file_url(self, field_name: str) -> str:
        return reverse("booking:resource_photo", args=[self.resource_id, self.pk])


class OpeningHours(models.Model):
    """The hours a resource is open on one weekday (KST); closing at or before opening means the next day."""

    resource = models.ForeignKey(
        Resource, on_delete=models.CASCADE, related_name="opening_hours", verbose_name=_("resource")
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday)
    opens_at = models.TimeField(_("opens at"))
    closes_at = models.TimeField(_("closes at"), help_text=_("At or before the opening time: closes the next day."))

    class Meta:
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        ordering = ["resource", "weekday"]
        constraints = [
            models.UniqueConstraint(fields=["resource", "weekday"], name="booking_opening_one_per_weekday"),
            models.CheckConstraint(condition=Q(weekday__gte=0) & Q(weekday__lte=6), name="booking_opening_weekday"),
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.opens_at:%H:%M}–{self.closes_at:%H:%M}"

    def get_absolute_url(self):
        return self.resource.get_absolute_url()


class Blackout(models.Model):
    """A period (maintenance, a hub event) when a resource, or every resource of a site, is closed."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="blackouts", verbose_name=_("site"))
    resource = models.ForeignKey(
        Resource,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="blackouts",
        verbose_name=_("resource"),
        help_text=_("Leave empty to close every resource of the site."),
    )
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"))
    reason = models.CharField(_("reason"), max_length=200)
    action = models.CharField(
        _("existing bookings"), max_length=10, choices=BlackoutAction, default=BlackoutAction.BLOCK
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("blackout period")
        verbose_name_plural = _("blackout periods")
        ordering = ["-starts_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="booking_blackout_ordered")
        ]

    def __str__(self):
        return f"{self.reason} ({self.starts_at.astimezone(KST):%Y-%m-%d %H:%M}–{self.ends_at.astimezone(KST):%H:%M})"

    def get_absolute_url(self):
        return reverse("booking:staff_blackouts")


class Booking(models.Model):
    resource = models.ForeignKey(
        Resource, on_delete=models.PROTECT, related_name="bookings", verbose_name=_("resource")
    )
    firm = models.ForeignKey(Firm, on_delete=models.PROTECT, related_name="bookings", verbose_name=_("firm"))
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="bookings",
        verbose_name=_("booked by"),
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    occupied_until = models.DateTimeField(
        _("held until"), help_text=_("The end plus the resource's buffer: no other booking may start before.")
    )
    purpose = models.CharField(_("purpose"), max_length=200)
    attendees = models.PositiveSmallIntegerField(_("attendees"), default=1)
    status = models.CharField(_("status"), max_length=12, choices=BookingStatus, default=BookingStatus.PENDING)
    series = models.UUIDField(_("weekly series"), null=True, blank=True, db_index=True)
    is_resident = models.BooleanField(_("booked as a resident firm"), default=False)
    net_amount = models.PositiveIntegerField(_("charge before VAT (KRW)"), default=0)
    vat_amount = models.PositiveIntegerField(_("VAT (KRW)"), default=0)
    refund_amount = models.PositiveIntegerField(_("refund (KRW)"), default=0)
    payment_reference = models.CharField(_("payment reference"), max_length=100, blank=True)
    decision_reason = models.TextField(_("reason given"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    status_changed_at = models.DateTimeField(_("status changed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="booking_booking_ordered"),
            models.CheckConstraint(
                condition=Q(occupied_until__gte=models.F("ends_at")), name="booking_booking_buffer_after_end"
            ),
            models.CheckConstraint(
                condition=Q(refund_amount__lte=models.F("net_amount") + models.F("vat_amount")),
                name="booking_booking_refund_at_most_charge",
            ),
            # PostgreSQL only (see operations.PostgresOnly in the migration); SQLite has the locked check.
            ExclusionConstraint(
                name="booking_no_overlap",
                expressions=[
                    ("resource", RangeOperators.EQUAL),
                    (TsTzRange("starts_at", "occupied_until", models.Value("[)")), RangeOperators.OVERLAPS),
                ],
                condition=Q(status__in=HOLDING_STATUSES),
            ),
        ]
        indexes = [models.Index(fields=["resource", "starts_at"], name="booking_resource_start")]
        permissions = [("decide_booking", _("Can approve, decline, check in and mark no-shows"))]

    def __str__(self):
        return f"{self.resource} {self.starts_at.astimezone(KST):%Y-%m-%d %H:%M}"

    def get_absolute_url(self):
        return reverse("booking:booking", args=[self.pk])

    @property
    def total_amount(self) -> int:
        return self.net_amount + self.vat_amount

    @property
    def billed_amount(self) -> int:
        """What the firm owes: the charge less any refund; nothing for a declined request."""
        if self.status == BookingStatus.DECLINED:
            return 0
        return self.total_amount - self.refund_amount

    @property
    def hours(self) -> float:
        return (self.ends_at - self.starts_at).total_seconds() / 3600

    @property
    def is_holding(self) -> bool:
        return self.status in HOLDING_STATUSES

    def can_be_cancelled(self, now) -> bool:
        return self.status in (BookingStatus.PENDING, BookingStatus.CONFIRMED) and self.starts_at > now

    def can_be_checked_in(self, now) -> bool:
        return self.status == BookingStatus.CONFIRMED and self.starts_at - timedelta(minutes=15) <= now < self.ends_at

    def can_be_marked_no_show(self, now) -> bool:
        return self.status == BookingStatus.CONFIRMED and now >= self.starts_at + timedelta(minutes=15)

    @property
    def ical_uid(self) -> str:
        return f"booking-{self.pk}@hubbridge"


class BookingEvent(models.Model):
    """The booking's timeline: every status change, who made it and why."""

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="events", verbose_name=_("booking"))
    from_status = models.CharField(_("from"), max_length=12, choices=BookingStatus, blank=True)
    to_status = models.CharField(_("to"), max_length=12, choices=BookingStatus)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("booking event")
        verbose_name_plural = _("booking events")
        ordering = ["booking", "created_at", "pk"]

    def __str__(self):
        return f"{self.booking} → {self.get_to_status_display()}"

    def get_absolute_url(self):
        return self.booking.get_absolute_url()


def new_feed_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarFeed(models.Model):
    """A firm's private iCal feed of its bookings: whoever knows the address can read it, so it can be reset."""

    firm = models.OneToOneField(Firm, on_delete=models.CASCADE, related_name="booking_feed", verbose_name=_("firm"))
    token = models.CharField(_("secret"), max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        ordering = ["firm"]

    def __str__(self):
        return str(self.firm)

    def get_absolute_url(self):
        return reverse("booking:feed", args=[self.token])

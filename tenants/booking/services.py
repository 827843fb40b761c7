"""Booking a resource, and every change a booking goes through.

``booking_create`` locks the resource row, then checks — in that one transaction — the time (on the
slot steps, in the future, within the horizon, inside one opening period, not a closed holiday, no
blackout), the firm (who may book, no-show pause, the resident's monthly quota) and that nothing
holding the resource overlaps it, buffer included. The lock makes concurrent requests for one
resource take turns, on SQLite as on PostgreSQL; PostgreSQL's exclusion constraint
``booking_no_overlap`` refuses an overlap even from code that skipped the check.

Every later change goes through ``booking_transition``: the transition table, the timeline row and
the mail, in one transaction.
"""

import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.notifications.services import notify
from portal.time import KST, hub_today
from tenants.selectors import firm_representative, resident_firms

from .choices import BOOKING_TRANSITIONS, HOLDING_STATUSES, Audience, BlackoutAction, BookingStatus
from .models import Blackout, Booking, BookingEvent, CalendarFeed, Resource
from .payments import payment_adapter
from .policy import (
    NO_SHOW_LIMIT,
    NO_SHOW_PAUSE_DAYS,
    NO_SHOW_WINDOW_DAYS,
    charge_for,
    is_closed_day,
    is_on_step,
    local,
    opening_interval,
    refund_share,
)
from .selectors import month_bounds

# The statuses whose hours count against a resident firm's monthly quota.
QUOTA_STATUSES = (*HOLDING_STATUSES, BookingStatus.NO_SHOW)


def _format(moment: datetime) -> str:
    return local(moment).strftime("%Y-%m-%d %H:%M")


def _open_period(resource: Resource, starts_at: datetime, ends_at: datetime):
    """The opening period that holds the whole booking, or None (a period may run past midnight)."""
    hours = {row.weekday: row for row in resource.opening_hours.all()}
    start_day = local(starts_at).date()
    for day in (start_day, start_day - timedelta(days=1)):
        row = hours.get(day.weekday())
        if row is None or is_closed_day(day, open_on_holidays=resource.open_on_holidays):
            continue
        opens, closes = opening_interval(day, row.opens_at, row.closes_at)
        if opens <= starts_at and ends_at <= closes:
            return opens, closes
    return None


def check_time(*, resource: Resource, starts_at: datetime, ends_at: datetime, now: datetime) -> None:
    """Refuse a time the resource cannot be booked for, whoever asks (ValidationError naming the field)."""
    if timezone.is_naive(starts_at) or timezone.is_naive(ends_at):
        raise ValueError("booking times must be aware")
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": ValidationError(_("The booking must end after it starts."), code="order")})
    if starts_at <= now:
        raise ValidationError({"starts_at": ValidationError(_("That time has already passed."), code="past")})
    if local(starts_at).date() > hub_today(now) + timedelta(days=resource.horizon_days):
        raise ValidationError(
            {
                "starts_at": ValidationError(
                    _("This resource can be booked up to %(days)s days ahead.") % {"days": resource.horizon_days},
                    code="horizon",
                )
            }
        )
    if not (is_on_step(starts_at, resource.slot_minutes) and is_on_step(ends_at, resource.slot_minutes)):
        raise ValidationError(
            {
                "starts_at": ValidationError(
                    _("Bookings start and end on %(minutes)s-minute steps.") % {"minutes": resource.slot_minutes},
                    code="step",
                )
            }
        )
    if ends_at - starts_at > timedelta(hours=resource.max_hours):
        raise ValidationError(
            {
                "ends_at": ValidationError(
                    _("A booking may last at most %(hours)s hours.") % {"hours": resource.max_hours}, code="too_long"
                )
            }
        )
    if _open_period(resource, starts_at, ends_at) is None:
        raise ValidationError(
            {
                "starts_at": ValidationError(
                    _("The resource is not open for all of that time (opening hours, public holidays)."), code="closed"
                )
            }
        )
    blackout = blackouts_overlapping(resource, starts_at, ends_at).first()
    if blackout is not None:
        raise ValidationError(
            {
                "starts_at": ValidationError(
                    _("The resource is closed then: %(reason)s.") % {"reason": blackout.reason}, code="blackout"
                )
            }
        )


def blackouts_overlapping(resource: Resource, starts_at: datetime, ends_at: datetime):
    from django.db.models import Q

    return Blackout.objects.filter(
        Q(resource=resource) | Q(resource__isnull=True, site_id=resource.site_id),
        starts_at__lt=ends_at,
        ends_at__gt=starts_at,
    )


def _overlapping(resource: Resource, starts_at: datetime, occupied_until: datetime):
    return Booking.objects.filter(
        resource=resource,
        status__in=HOLDING_STATUSES,
        starts_at__lt=occupied_until,
        occupied_until__gt=starts_at,
    )


def no_show_pause_until(firm, now: datetime) -> datetime | None:
    """The end of the firm's booking pause after too many no-shows, or None when it may book."""
    recent = Booking.objects.filter(
        firm=firm, status=BookingStatus.NO_SHOW, starts_at__gte=now - timedelta(days=NO_SHOW_WINDOW_DAYS)
    ).order_by("-starts_at")
    starts = list(recent.values_list("starts_at", flat=True)[:NO_SHOW_LIMIT])
    if len(starts) < NO_SHOW_LIMIT:
        return None
    until = starts[0] + timedelta(days=NO_SHOW_PAUSE_DAYS)
    return until if until > now else None


def quota_hours_used(*, resource: Resource, firm, day) -> float:
    """Hours the firm holds (or no-showed) on the resource in the KST month of ``day``, free bookings only."""
    start, end = month_bounds(day)
    duration = (
        Booking.objects.filter(
            resource=resource, firm=firm, status__in=QUOTA_STATUSES, starts_at__gte=start, starts_at__lt=end
        )
        .filter(is_resident=True)
        .aggregate(total=Sum(F("ends_at") - F("starts_at")))["total"]
    )
    return duration.total_seconds() / 3600 if duration else 0.0


def _check_firm(*, resource: Resource, firm, is_resident: bool, starts_at, ends_at, now) -> None:
    if resource.audience == Audience.RESIDENTS and not is_resident:
        raise ValidationError(_("Only resident firms may book this resource."), code="residents_only")
    paused = no_show_pause_until(firm, now)
    if paused:
        raise ValidationError(
            _("After %(count)s no-shows your firm may book again from %(date)s.")
            % {"count": NO_SHOW_LIMIT, "date": local(paused).date().isoformat()},
            code="no_show_pause",
        )
    if is_resident and resource.resident_quota_hours:
        used = quota_hours_used(resource=resource, firm=firm, day=local(starts_at).date())
        wanted = (ends_at - starts_at).total_seconds() / 3600
        if used + wanted > resource.resident_quota_hours:
            raise ValidationError(
                {
                    "ends_at": ValidationError(
                        _("This would exceed your firm's %(quota)s free hours this month (%(used)s used).")
                        % {"quota": resource.resident_quota_hours, "used": f"{used:g}"},
                        code="quota",
                    )
                }
            )


def _recipient(booking: Booking):
    return (
        booking.booked_by if booking.booked_by_id and booking.booked_by.is_active else firm_representative(booking.firm)
    )


def _mail(booking: Booking, template: str, key: str, **context):
    """The outbox row of this mail to the booker (or the firm's representative), or None with nobody to tell."""
    person = _recipient(booking)
    if person is None:
        return None
    return notify(
        recipient=person.email,
        user=person,
        language=person.language,
        template=template,
        dedup_key=f"booking:{booking.pk}:{key}",
        context={
            "resource": booking.resource.name,
            "site": booking.resource.site.name,
            "firm_name": booking.firm.name,
            "starts_at": _format(booking.starts_at),
            "ends_at": local(booking.ends_at).strftime("%H:%M"),
            "total": booking.total_amount,
            "url": settings.SITE_URL + booking.get_absolute_url(),
            **context,
        },
    )


def _insert(booking: Booking) -> Booking:
    try:
        with transaction.atomic():
            booking.save()
    except IntegrityError as error:
        # Only code that skipped the locked check gets here; the exclusion constraint held.
        raise ValidationError(_("That time has just been taken."), code="taken") from error
    return booking


def _book_locked(*, resource, firm, user, starts_at, ends_at, purpose, attendees, series, now) -> Booking:
    is_resident = firm_is_resident(firm, local(starts_at).date())
    check_time(resource=resource, starts_at=starts_at, ends_at=ends_at, now=now)
    if attendees > resource.capacity:
        raise ValidationError(
            {
                "attendees": ValidationError(
                    _("At most %(capacity)s people fit.") % {"capacity": resource.capacity}, code="capacity"
                )
            }
        )
    _check_firm(resource=resource, firm=firm, is_resident=is_resident, starts_at=starts_at, ends_at=ends_at, now=now)
    occupied_until = ends_at + resource.buffer
    clash = _overlapping(resource, starts_at, occupied_until).first()
    if clash is not None:
        raise ValidationError(
            {
                "starts_at": ValidationError(
                    _("That time is taken (booked %(start)s–%(end)s, with %(buffer)s minutes to clear).")
                    % {
                        "start": _format(clash.starts_at),
                        "end": local(clash.ends_at).strftime("%H:%M"),
                        "buffer": resource.buffer_minutes,
                    },
                    code="taken",
                )
            }
        )
    charge = charge_for(starts_at, ends_at, 0 if is_resident else resource.hourly_rate)
    needs_approval = resource.requires_approval or not is_resident
    booking = _insert(
        Booking(
            resource=resource,
            firm=firm,
            booked_by=user,
            starts_at=starts_at,
            ends_at=ends_at,
            occupied_until=occupied_until,
            purpose=purpose.strip(),
            attendees=attendees,
            is_resident=is_resident,
            series=series,
            net_amount=charge.net,
            vat_amount=charge.vat,
            status=BookingStatus.PENDING if needs_approval else BookingStatus.CONFIRMED,
            status_changed_at=now,
        )
    )
    BookingEvent.objects.create(booking=booking, from_status="", to_status=booking.status, actor=user)
    if booking.status == BookingStatus.CONFIRMED:
        _mail(booking, "booking_confirmed", "confirmed", approved=False)
    else:
        _mail(booking, "booking_requested", "requested")
    return booking


def _lock_resource(resource: Resource) -> Resource:
    return (
        Resource.objects.select_for_update()
        .select_related("site")
        .prefetch_related("opening_hours")
        .get(pk=resource.pk)
    )


def firm_is_resident(firm, day) -> bool:
    return resident_firms(day).filter(pk=firm.pk).exists()


@transaction.atomic
def booking_create(
    *, resource: Resource, firm, user, starts_at, ends_at, purpose: str, attendees: int = 1, now=None
) -> Booking:
    """Book ``[starts_at, ends_at)``: confirmed at once for residents of an instant resource, else pending."""
    now = now or timezone.now()
    resource = _lock_resource(resource)
    if not resource.is_active:
        raise ValidationError(_("This resource cannot be booked."), code="inactive")
    return _book_locked(
        resource=resource,
        firm=firm,
        user=user,
        starts_at=starts_at,
        ends_at=ends_at,
        purpose=purpose,
        attendees=attendees,
        series=None,
        now=now,
    )


@transaction.atomic
def booking_create_weekly(
    *,
    resource: Resource,
    firm,
    user,
    starts_at,
    ends_at,
    weeks: int,
    purpose: str,
    attendees: int = 1,
    skip_conflicts: bool = False,
    now=None,
) -> tuple[list[Booking], list[tuple[str, str]]]:
    """The same time every week for ``weeks`` weeks, each occurrence checked like a single booking.

    Returns the bookings made and the occurrences refused as (date, reason). Unless ``skip_conflicts``,
    one refused occurrence books none of them, and the error names every refused date.
    """
    if not 2 <= weeks <= 26:
        raise ValidationError({"weeks": ValidationError(_("Repeat for 2 to 26 weeks."), code="weeks")})
    now = now or timezone.now()
    resource = _lock_resource(resource)
    series = uuid.uuid4()
    made, refused = [], []
    for week in range(weeks):
        # Wall-clock KST steps: Korea keeps no daylight saving, so a week is always 7 × 24 hours.
        start, end = starts_at + timedelta(weeks=week), ends_at + timedelta(weeks=week)
        try:
            with transaction.atomic():
                made.append(
                    _book_locked(
                        resource=resource,
                        firm=firm,
                        user=user,
                        starts_at=start,
                        ends_at=end,
                        purpose=purpose,
                        attendees=attendees,
                        series=series,
                        now=now,
                    )
                )
        except ValidationError as error:
            refused.append((local(start).date().isoformat(), " ".join(error.messages)))
    if refused and not skip_conflicts:
        raise ValidationError(
            {
                "starts_at": ValidationError(
                    [
                        _("%(date)s cannot be booked: %(reason)s") % {"date": day, "reason": reason}
                        for day, reason in refused
                    ],
                    code="series_conflict",
                )
            }
        )
    return made, refused


CANCELLED_BY_HUB = "hub"


@transaction.atomic
def booking_transition(
    *, booking: Booking, to_status: str, actor=None, reason: str = "", now=None, by_hub: bool = False
) -> Booking:
    """Move a booking along ``BOOKING_TRANSITIONS``, with its timeline row and the firm's mail."""
    now = now or timezone.now()
    booking = (
        Booking.objects.select_for_update(of=("self",))
        .select_related("resource__site", "firm", "booked_by")
        .get(pk=booking.pk)
    )
    from_status = BookingStatus(booking.status)
    if to_status not in BOOKING_TRANSITIONS[from_status]:
        raise ValidationError(
            _("A booking cannot go from “%(from)s” to “%(to)s”.")
            % {"from": from_status.label, "to": BookingStatus(to_status).label},
            code="transition",
        )
    reason = (reason or "").strip()
    if to_status == BookingStatus.DECLINED and not reason:
        raise ValidationError(
            {"reason": ValidationError(_("Give the firm the reason for declining."), code="reason_required")}
        )
    if to_status == BookingStatus.CANCELLED:
        if not by_hub and booking.starts_at <= now:
            raise ValidationError(_("A booking that has started can no longer be cancelled."), code="started")
        # Nothing was owed for a request not yet approved, nor when the hub cancels.
        share = 1.0 if by_hub or from_status == BookingStatus.PENDING else refund_share(booking.starts_at, now)
        booking.refund_amount = round(booking.total_amount * share)
    if to_status == BookingStatus.CHECKED_IN and not booking.can_be_checked_in(now):
        raise ValidationError(_("Check-in opens 15 minutes before the start and closes at the end."), code="check_in")
    if to_status == BookingStatus.NO_SHOW and not booking.can_be_marked_no_show(now):
        raise ValidationError(_("A booking is a no-show only 15 minutes after its start."), code="too_early")
    booking.status = to_status
    booking.status_changed_at = now
    booking.decision_reason = reason
    booking.save()
    BookingEvent.objects.create(
        booking=booking, from_status=from_status, to_status=to_status, actor=actor, reason=reason
    )
    if to_status == BookingStatus.CONFIRMED:
        _mail(booking, "booking_confirmed", "confirmed", approved=True)
    elif to_status == BookingStatus.DECLINED:
        _mail(booking, "booking_declined", "declined", reason=reason)
    elif to_status == BookingStatus.CANCELLED:
        _mail(booking, "booking_cancelled", "cancelled", reason=reason, by_hub=by_hub, refund=booking.refund_amount)
    return booking


def booking_approve(*, booking: Booking, actor, reason: str = "") -> Booking:
    return booking_transition(booking=booking, to_status=BookingStatus.CONFIRMED, actor=actor, reason=reason)


def booking_decline(*, booking: Booking, actor, reason: str) -> Booking:
    return booking_transition(booking=booking, to_status=BookingStatus.DECLINED, actor=actor, reason=reason)


def booking_cancel(*, booking: Booking, actor, reason: str = "", now=None) -> Booking:
    return booking_transition(booking=booking, to_status=BookingStatus.CANCELLED, actor=actor, reason=reason, now=now)


def booking_check_in(*, booking: Booking, actor, now=None) -> Booking:
    return booking_transition(booking=booking, to_status=BookingStatus.CHECKED_IN, actor=actor, now=now)


def booking_mark_no_show(*, booking: Booking, actor, now=None) -> Booking:
    return booking_transition(booking=booking, to_status=BookingStatus.NO_SHOW, actor=actor, now=now)


@transaction.atomic
def blackout_create(*, site, resource=None, starts_at, ends_at, reason: str, action: str, actor=None) -> Blackout:
    """Close a resource (or the whole site) for a period; the firms with bookings then are told.

    ``cancel`` cancels those bookings with a full refund; ``block`` keeps them and tells the firms.
    """
    if resource is not None and resource.site_id != site.pk:
        raise ValidationError({"resource": ValidationError(_("That resource is at another site."), code="site")})
    if not (reason or "").strip():
        raise ValidationError({"reason": ValidationError(_("Say why the resource is closed."), code="required")})
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": ValidationError(_("The period must end after it starts."), code="order")})
    # Lock the resources concerned so no booking slips in between the check below and the blackout.
    resources = Resource.objects.select_for_update().filter(site=site)
    if resource is not None:
        resources = resources.filter(pk=resource.pk)
    resource_ids = list(resources.values_list("pk", flat=True))
    blackout = Blackout.objects.create(
        site=site,
        resource=resource,
        starts_at=starts_at,
        ends_at=ends_at,
        reason=reason.strip(),
        action=action,
        created_by=actor,
    )
    affected = Booking.objects.filter(
        resource_id__in=resource_ids, status__in=HOLDING_STATUSES, starts_at__lt=ends_at, ends_at__gt=starts_at
    ).order_by("starts_at", "pk")
    for booking in affected:
        if action == BlackoutAction.CANCEL and booking.status != BookingStatus.CHECKED_IN:
            booking_transition(
                booking=booking, to_status=BookingStatus.CANCELLED, actor=actor, reason=blackout.reason, by_hub=True
            )
        else:
            _mail(booking, "booking_blackout", f"blackout:{blackout.pk}", reason=blackout.reason)
    return blackout


def booking_reminders_send(*, now=None) -> int:
    """Remind each firm the day before a confirmed booking (KST); once per booking however often it runs."""
    now = now or timezone.now()
    tomorrow = hub_today(now) + timedelta(days=1)
    start = datetime.combine(tomorrow, datetime.min.time(), tzinfo=KST)
    bookings = Booking.objects.filter(
        status=BookingStatus.CONFIRMED, starts_at__gte=start, starts_at__lt=start + timedelta(days=1)
    ).select_related("resource__site", "firm", "booked_by")
    sent = 0
    for booking in bookings.order_by("starts_at", "pk"):
        # One transaction per mail: it leaves on commit, and a failure stops only that one.
        with transaction.atomic():
            message = _mail(booking, "booking_reminder", f"reminder:{local(booking.starts_at).date().isoformat()}")
        sent += bool(message and message.created_now)
    return sent


@transaction.atomic
def calendar_feed_for(*, firm, reset: bool = False) -> CalendarFeed:
    """The firm's private feed; ``reset`` gives it a new secret address (the old one stops working)."""
    feed, created = CalendarFeed.objects.select_for_update().get_or_create(firm=firm)
    if reset and not created:
        from .models import new_feed_token

        feed.token = new_feed_token()
        feed.save(update_fields=["token"])
    return feed


@transaction.atomic
def charges_request_payment(*, firm, month) -> str | None:
    """Ask the payment service to collect the firm's charges of the month not yet requested.

    Only bookings that are over (held, no-show, or cancelled with a fee kept) are billed; each gets
    the payment reference so the next request does not bill it again. Returns the reference, or None
    when nothing is due.
    """
    from .selectors import billable_bookings

    bookings = list(billable_bookings(firm=firm, month=month).select_for_update(of=("self",)))
    due = [booking for booking in bookings if booking.billed_amount > 0]
    if not due:
        return None
    reference = payment_adapter().request_payment(
        firm_name=firm.name,
        brn=firm.brn,
        amount=sum(booking.billed_amount for booking in due),
        description=f"{month:%Y-%m}",
    )
    Booking.objects.filter(pk__in=[booking.pk for booking in due]).update(payment_reference=reference)
    return reference

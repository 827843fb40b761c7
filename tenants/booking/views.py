"""Rooms and facilities: the public list and calendars, a firm's bookings and feed, and the staff desk.

Anonymous visitors see the public resources and their free slots (cached: ``booking`` page group);
signed-in people see every resource and book for their firm. A firm reaches only its own bookings
(``tenants.scoping``: another firm's id is a 404). Staff pages need the booking permissions of the
Hub manager role. State changes go through ``tenants.booking.services``; their ValidationErrors
become form errors or messages.
"""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.files import content_type_for, stored_extension, stored_file_response
from portal.forms import add_service_error, int_or_none
from portal.pagecache import public_page
from portal.permissions import require_permissions, staff_permission
from portal.spreadsheets import (
    DATETIME_FORMAT,
    DECIMAL_FORMAT,
    INTEGER_FORMAT,
    KRW_FORMAT,
    PERCENT_FORMAT,
    Column,
    requested_export,
    table_response,
)
from portal.time import hub_today, kst
from tenants.models import Firm, Site
from tenants.scoping import get_object_for_member, membership_of, require_membership

from .choices import BookingStatus, CalendarView
from .forms import BlackoutForm, BookingForm, ReasonForm
from .ical import bookings_calendar
from .models import Booking, CalendarFeed, ResourcePhoto
from .policy import NO_SHOW_LIMIT, NO_SHOW_PAUSE_DAYS, refund_share, refund_tiers_shown
from .selectors import (
    blackouts_upcoming,
    calendar_days,
    charges_by_firm,
    day_board,
    firm_bookings,
    parse_day,
    pending_approvals,
    resources_visible_to,
    resources_with_details,
    usage_figures,
    week_start,
)
from .services import (
    blackout_create,
    booking_approve,
    booking_cancel,
    booking_check_in,
    booking_create,
    booking_create_weekly,
    booking_decline,
    booking_mark_no_show,
    calendar_feed_for,
    charges_request_payment,
    firm_is_resident,
    no_show_pause_until,
    quota_hours_used,
)

BOOKINGS_PER_PAGE = 30


def _ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# Public and firms


@public_page("booking")
def resource_list(request):
    resources = resources_with_details(resources_visible_to(request.user)).order_by("site__name", "kind", "name")
    sites = {}
    for resource in resources:
        sites.setdefault(resource.site, []).append(resource)
    return render(request, "booking/resource_list.html", {"sites": sites.items()})


def resource_photo(request, pk, photo_pk):
    """A resource's photo, shown inline on its page to whoever may see the resource."""
    photo = get_object_or_404(
        ResourcePhoto.objects.filter(resource__in=resources_visible_to(request.user)), pk=photo_pk, resource_id=pk
    )
    return stored_file_response(
        request,
        photo.image,
        filename=photo.image.name.rsplit("/", 1)[-1],
        content_type=content_type_for(stored_extension(photo.image.name)),
        as_attachment=False,
        cache_control="private, max-age=3600",
    )


@public_page("booking")
def resource_detail(request, pk):
    resource = get_object_or_404(resources_with_details(resources_visible_to(request.user)), pk=pk)
    view = request.GET.get("view") if request.GET.get("view") in CalendarView.values else CalendarView.WEEK
    day = parse_day(request.GET.get("date"))
    first = week_start(day) if view == CalendarView.WEEK else day
    length = 7 if view == CalendarView.WEEK else 1
    membership = membership_of(request.user)
    form = None
    if membership is not None:
        form = BookingForm(request.POST or None, initial={"day": day})
        if request.method == "POST" and form.is_valid():
            booking = _book(request, form, resource, membership)
            if booking is not None:
                return redirect(booking)
    now = timezone.now()
    context = {
        "resource": resource,
        "days": calendar_days(resource, first, length, now=now),
        "view": view,
        "day": day,
        "previous": first - timedelta(days=length),
        "next": first + timedelta(days=length),
        "form": form,
        "membership": membership,
        "own_firm_id": membership.firm_id if membership else None,
        "refund_tiers": refund_tiers_shown(),
        "no_show_limit": NO_SHOW_LIMIT,
        "no_show_pause_days": NO_SHOW_PAUSE_DAYS,
    }
    if membership is not None:
        today = hub_today(now)
        context["is_resident"] = firm_is_resident(membership.firm, today)
        if context["is_resident"] and resource.resident_quota_hours:
            context["quota_used"] = quota_hours_used(resource=resource, firm=membership.firm, day=today)
    return render(request, "booking/resource_detail.html", context)


def _book(request, form, resource, membership):
    starts_at, ends_at = form.range()
    data = form.cleaned_data
    common = {
        "resource": resource,
        "firm": membership.firm,
        "user": request.user,
        "starts_at": starts_at,
        "ends_at": ends_at,
        "purpose": data["purpose"],
        "attendees": data["attendees"],
    }
    try:
        if data["weeks"] > 1:
            made, refused = booking_create_weekly(weeks=data["weeks"], skip_conflicts=data["skip_conflicts"], **common)
            for day, reason in refused:
                messages.warning(request, _("%(date)s was skipped: %(reason)s") % {"date": day, "reason": reason})
            if not made:
                form.add_error(None, _("No week of the series could be booked."))
                return None
            messages.success(request, _("%(count)s weekly bookings made.") % {"count": len(made)})
            return made[0]
        booking = booking_create(**common)
    except ValidationError as error:
        add_service_error(form, error)
        return None
    messages.success(
        request,
        _("Booked.")
        if booking.status == BookingStatus.CONFIRMED
        else _("Requested; staff will approve or decline it."),
    )
    return booking


@login_required
def my_bookings(request):
    membership = require_membership(request.user)
    if request.method == "POST" and "reset_feed" in request.POST:
        calendar_feed_for(firm=membership.firm, reset=True)
        messages.success(request, _("The calendar address is new; the old one no longer works."))
        return redirect("booking:my_bookings")
    page = Paginator(firm_bookings(membership.firm), BOOKINGS_PER_PAGE).get_page(request.GET.get("page"))
    feed = CalendarFeed.objects.filter(firm=membership.firm).first() or calendar_feed_for(firm=membership.firm)
    paused = no_show_pause_until(membership.firm, timezone.now())
    return render(
        request,
        "booking/my_bookings.html",
        {"page": page, "feed_url": request.build_absolute_uri(feed.get_absolute_url()), "paused_until": paused},
    )


@login_required
def booking_detail(request, pk):
    queryset = Booking.objects.select_related("resource__site", "firm").prefetch_related("events")
    booking = get_object_for_member(request.user, queryset, pk=pk)
    now = timezone.now()
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            booking_cancel(booking=booking, actor=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The booking is cancelled."))
            return redirect(booking)
    refund = None
    if booking.can_be_cancelled(now) and booking.total_amount:
        share = 1.0 if booking.status == BookingStatus.PENDING else refund_share(booking.starts_at, now)
        refund = round(booking.total_amount * share)
    context = {
        "booking": booking,
        "form": form,
        "can_cancel": booking.can_be_cancelled(now),
        "refund_now": refund,
        "refund_tiers": refund_tiers_shown(),
    }
    return render(request, "booking/booking_detail.html", context)


@login_required
def booking_ics(request, pk):
    booking = get_object_for_member(request.user, Booking.objects.select_related("resource__site"), pk=pk)
    return _ics_response(bookings_calendar([booking], name=str(booking.resource)), f"booking-{booking.pk}.ics")


def feed(request, token):
    """The firm's bookings from a month ago on: anyone with the secret address (a calendar app) reads it."""
    calendar_feed = CalendarFeed.objects.select_related("firm").filter(token=token).first()
    if calendar_feed is None:
        raise Http404("No such feed")
    since = timezone.now() - timedelta(days=30)
    bookings = (
        Booking.objects.filter(firm=calendar_feed.firm, starts_at__gte=since)
        .select_related("resource__site")
        .order_by("starts_at", "pk")
    )
    response = _ics_response(bookings_calendar(bookings, name=calendar_feed.firm.name), "bookings.ics")
    response["Cache-Control"] = "private, no-store"
    return response


# Staff


def _site(request):
    sites = list(Site.objects.order_by("name"))
    chosen = next((site for site in sites if site.slug == request.GET.get("site")), sites[0] if sites else None)
    return sites, chosen


@staff_permission("booking.view_booking")
def staff_board(request):
    """One day across the resources of a site: who holds what, with check-in and no-show buttons."""
    sites, site = _site(request)
    day = parse_day(request.GET.get("date"))
    rows = day_board(site, day) if site else []
    context = {
        "sites": sites,
        "site": site,
        "day": day,
        "previous": day - timedelta(days=1),
        "next": day + timedelta(days=1),
        "rows": rows,
        "now": timezone.now(),
        "pending_count": pending_approvals().count(),
    }
    return render(request, "booking/staff_board.html", context)


@staff_permission("booking.view_booking")
def staff_approvals(request):
    page = Paginator(pending_approvals(), BOOKINGS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "booking/staff_approvals.html", {"page": page, "form": ReasonForm()})


STAFF_ACTIONS = {
    "approve": lambda booking, actor, reason: booking_approve(booking=booking, actor=actor, reason=reason),
    "decline": lambda booking, actor, reason: booking_decline(booking=booking, actor=actor, reason=reason),
    "check_in": lambda booking, actor, reason: booking_check_in(booking=booking, actor=actor),
    "no_show": lambda booking, actor, reason: booking_mark_no_show(booking=booking, actor=actor),
    "cancel": lambda booking, actor, reason: booking_cancel(booking=booking, actor=actor, reason=reason),
}


@require_POST
@staff_permission("booking.view_booking")
def staff_booking_action(request, pk):
    require_permissions(request, "booking.decide_booking")
    booking = get_object_or_404(Booking.objects.select_related("resource"), pk=pk)
    action = STAFF_ACTIONS.get(request.POST.get("action"))
    form = ReasonForm(request.POST)
    if action is None or not form.is_valid():
        messages.error(request, _("Choose what to do with the booking."))
    else:
        try:
            action(booking, request.user, form.cleaned_data["reason"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Done: %(booking)s.") % {"booking": booking})
    next_url = request.POST.get("next", "")
    return redirect(next_url if next_url.startswith("/staff/rooms/") else "booking:staff_approvals")


@staff_permission("booking.view_blackout")
def staff_blackouts(request):
    sites, site = _site(request)
    form = BlackoutForm(request.POST or None, site=site)
    if request.method == "POST":
        require_permissions(request, "booking.add_blackout")
        if form.is_valid():
            data = form.cleaned_data
            try:
                blackout_create(
                    site=site,
                    resource=data["resource"],
                    starts_at=data["starts_at"],
                    ends_at=data["ends_at"],
                    reason=data["reason"],
                    action=data["action"],
                    actor=request.user,
                )
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("The blackout is set; the firms concerned have been told."))
                return redirect(f"{request.path}?site={site.slug}")
    context = {"sites": sites, "site": site, "form": form, "blackouts": blackouts_upcoming().filter(site=site)}
    return render(request, "booking/staff_blackouts.html", context)


def _month(request):
    return parse_day(request.GET.get("month", "") + "-01" if request.GET.get("month") else None).replace(day=1)


@staff_permission("booking.view_booking")
def staff_charges(request):
    month = _month(request)
    if request.method == "POST":
        require_permissions(request, "booking.decide_booking")
        firm = get_object_or_404(Firm, pk=int_or_none(request.POST.get("firm")) or 0)
        reference = charges_request_payment(firm=firm, month=month)
        if reference:
            messages.success(request, _("Payment requested: %(reference)s.") % {"reference": reference})
        else:
            messages.info(request, _("Nothing is due from this firm for the month yet."))
        return redirect(f"{request.path}?month={month:%Y-%m}")
    rows = charges_by_firm(month)
    export = requested_export(request)
    if export:
        columns = [
            Column(_("Firm"), 30),
            Column(_("Resource"), 24),
            Column(_("Starts at"), 18, DATETIME_FORMAT),
            Column(_("Hours"), 8, DECIMAL_FORMAT),
            Column(_("Status"), 12),
            Column(_("Before VAT"), 14, KRW_FORMAT),
            Column(_("VAT"), 12, KRW_FORMAT),
            Column(_("Refund"), 12, KRW_FORMAT),
            Column(_("Owed"), 14, KRW_FORMAT),
            Column(_("Payment reference"), 24),
        ]
        lines = [
            (
                row["firm"].name,
                str(booking.resource),
                kst(booking.starts_at),
                booking.hours,
                booking.get_status_display(),
                booking.net_amount,
                booking.vat_amount,
                booking.refund_amount,
                booking.billed_amount,
                booking.payment_reference,
            )
            for row in rows
            for booking in row["bookings"]
        ]
        return table_response(export, f"room-charges-{month:%Y%m}", _("Room charges"), columns, lines)
    context = {
        "month": month,
        "rows": rows,
        "previous": (month - timedelta(days=1)).replace(day=1),
        "next": (month + timedelta(days=32)).replace(day=1),
    }
    return render(request, "booking/staff_charges.html", context)


@staff_permission("booking.view_booking")
def staff_usage(request):
    """Occupancy per resource, hours per firm and quota use, for a month (XLSX/CSV of the resources)."""
    month = _month(request)
    last = (month + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    figures = usage_figures(month, last)
    export = requested_export(request)
    if export:
        columns = [
            Column(_("Site"), 20),
            Column(_("Resource"), 24),
            Column(_("Bookings"), 10, INTEGER_FORMAT),
            Column(_("Booked hours"), 12, DECIMAL_FORMAT),
            Column(_("Open hours"), 12, DECIMAL_FORMAT),
            Column(_("Occupancy"), 10, PERCENT_FORMAT),
            Column(_("No-shows"), 10, INTEGER_FORMAT),
        ]
        lines = [
            (r["site"], r["resource"], r["bookings"], r["booked_hours"], r["open_hours"], r["occupancy"], r["no_shows"])
            for r in figures["resources"]
        ]
        return table_response(export, f"room-usage-{month:%Y%m}", _("Room usage"), columns, lines)
    context = {
        "month": month,
        "figures": figures,
        "previous": (month - timedelta(days=1)).replace(day=1),
        "next": last + timedelta(days=1),
    }
    return render(request, "booking/staff_usage.html", context)

"""The public catalogue of training cohorts, applying, and the applicant's own pages.

Someone's own enrolments are always fetched through ``user=request.user``, so another person's
enrolment id answers 404 and nothing is fetched by id and checked afterwards.
"""

from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST
from icalendar import Calendar, Event

from portal.forms import add_service_error
from portal.pagecache import public_page
from portal.time import KST
from tenants.scoping import membership_of

from ..choices import ACTIVE_STATES, SEAT_HOLDING_STATES, EnrolmentState
from ..filters import CohortFilterSet
from ..forms import ApplicationConsentForm, CertificateLookupForm, CheckInForm, CohortApplicationForm
from ..models import Certificate, Enrolment, Session
from ..selectors import enrolments_of, published_cohorts
from ..services import (
    attendance_check_in,
    enrolment_accept_offer,
    enrolment_apply,
    enrolment_cancel,
    enrolment_decline_offer,
)

COHORTS_PER_PAGE = 12
ENROLMENTS_PER_PAGE = 20
# A participant may check in from half an hour before a session until half an hour after it.
CHECK_IN_MARGIN = timedelta(minutes=30)


@public_page("programmes")
def catalogue(request):
    filterset = CohortFilterSet(request.GET or None, queryset=published_cohorts())
    cohorts = filterset.qs if filterset.is_valid() else published_cohorts()
    page = Paginator(cohorts, COHORTS_PER_PAGE).get_page(request.GET.get("page"))
    now = timezone.now()
    for cohort in page.object_list:
        cohort.current_state = cohort.state(now)
    query = request.GET.copy()
    query.pop("page", None)
    context = {"filter": filterset, "page": page, "filtered": bool(query)}
    return render(request, "programs/catalogue.html", context)


def _seats_left_only_for_residents(cohort) -> int:
    """Of the seats left, how many only people applying for a resident firm may take (as the services allot)."""
    if not cohort.resident_priority_seats:
        return 0
    others = cohort.enrolments.filter(state__in=SEAT_HOLDING_STATES, is_resident=False).count()
    open_to_everyone = max(cohort.capacity - cohort.resident_priority_seats - others, 0)
    return max(cohort.seats_left - open_to_everyone, 0)


@public_page("programmes")
def cohort_detail(request, pk):
    cohort = get_object_or_404(published_cohorts(), pk=pk)
    enrolment = None
    if request.user.is_authenticated:
        # The latest one: an active application if there is one, else how the last one ended.
        enrolment = enrolments_of(request.user).filter(cohort=cohort).first()
    is_active = enrolment is not None and enrolment.state in ACTIVE_STATES
    context = {
        "cohort": cohort,
        "reserved_left": _seats_left_only_for_residents(cohort),
        "state": cohort.state(),
        "sessions": cohort.sessions.all(),
        "enrolment": enrolment,
        "is_active": is_active,
        "can_apply": cohort.accepts_applications() and not is_active,
    }
    return render(request, "programs/cohort_detail.html", context)


APPLIED_MESSAGES = {
    EnrolmentState.SEATED: gettext_lazy("You have a seat in this cohort. A confirmation is on its way by e-mail."),
    EnrolmentState.WAITLISTED: gettext_lazy(
        "The cohort is full, so you are on its waitlist. If a seat frees up, we will e-mail you an offer."
    ),
    EnrolmentState.APPLIED: gettext_lazy(
        "Your application is received. The hub's staff select the participants; we will e-mail you the result."
    ),
}


@login_required
def cohort_apply(request, pk):
    cohort = get_object_or_404(published_cohorts(), pk=pk)
    if request.method != "POST":
        if Enrolment.objects.filter(cohort=cohort, user=request.user, state__in=ACTIVE_STATES).exists():
            messages.info(request, _("You have already applied to this cohort."))
            return redirect("programs:my_programs")
        if not cohort.accepts_applications():
            messages.info(request, _("This cohort is not accepting applications."))
            return redirect(cohort)
    data = request.POST if request.method == "POST" else None
    form = CohortApplicationForm(data, cohort=cohort, membership=membership_of(request.user))
    consent_form = ApplicationConsentForm(data)
    if data is not None:
        valid = [form.is_valid(), consent_form.is_valid()]  # both, so every error shows at once
        if all(valid):
            try:
                enrolment = enrolment_apply(
                    cohort=cohort,
                    user=request.user,
                    answers=form.answers(),
                    on_behalf_of_firm=form.cleaned_data.get("on_behalf_of_firm", False),
                    consent_given=consent_form.cleaned_data["consent"],
                    optional_consents=consent_form.optional_consents(),
                    ip_address=request.META.get("REMOTE_ADDR"),
                )
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, str(APPLIED_MESSAGES.get(enrolment.state, "")))
                return redirect("programs:my_programs")
    context = {
        "cohort": cohort,
        "form": form,
        "consent_form": consent_form,
        "reserved_left": _seats_left_only_for_residents(cohort),
    }
    return render(request, "programs/cohort_apply.html", context)


@public_page("programmes")
def cohort_calendar(request, pk):
    """The cohort's sessions as an iCalendar file, in Korea time with its time-zone definition."""
    cohort = get_object_or_404(published_cohorts(), pk=pk)
    title = f"{cohort.programme.title} {cohort.name}"
    page_url = request.build_absolute_uri(cohort.get_absolute_url())
    host = urlsplit(settings.SITE_URL).hostname or "hubbridge"
    location = ", ".join(part for part in (str(_("Online")) if cohort.is_online else "", cohort.venue) if part)
    calendar = Calendar()
    calendar.add("prodid", "-//Hub&Bridge Portal//Training cohorts//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", title)
    calendar.add("x-wr-timezone", "Asia/Seoul")
    stamp = timezone.now()
    for session in cohort.sessions.all():
        event = Event()
        event.add("uid", f"programs-session-{session.pk}@{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", session.starts_at.astimezone(KST))
        event.add("dtend", session.ends_at.astimezone(KST))
        event.add("summary", f"{title} · {session.title}")
        if location:
            event.add("location", location)
        event.add("url", page_url)
        event.add("description", page_url)
        calendar.add_component(event)
    calendar.add_missing_timezones()
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="hubbridge-{cohort.programme.slug}-{cohort.pk}.ics"'
    return response


@login_required
def my_programs(request):
    now = timezone.now()
    sessions_now = Session.objects.filter(starts_at__lte=now + CHECK_IN_MARGIN, ends_at__gte=now - CHECK_IN_MARGIN)
    enrolments = enrolments_of(request.user).prefetch_related(
        Prefetch("cohort__sessions", queryset=sessions_now, to_attr="sessions_now")
    )
    page = Paginator(enrolments, ENROLMENTS_PER_PAGE).get_page(request.GET.get("page"))
    context = {"page": page, "active_states": ACTIVE_STATES, "now": now}
    return render(request, "programs/my_programs.html", context)


def _own_enrolment(request, pk) -> Enrolment:
    return get_object_or_404(Enrolment.objects.filter(user=request.user).select_related("cohort__programme"), pk=pk)


@login_required
@require_POST
def enrolment_cancel_view(request, pk):
    enrolment = _own_enrolment(request, pk)
    try:
        enrolment_cancel(enrolment=enrolment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your place in %(cohort)s is cancelled.") % {"cohort": enrolment.cohort})
    return redirect("programs:my_programs")


@login_required
@require_POST
def offer_accept(request, pk):
    enrolment = _own_enrolment(request, pk)
    try:
        enrolment_accept_offer(enrolment=enrolment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The seat in %(cohort)s is yours.") % {"cohort": enrolment.cohort})
    return redirect("programs:my_programs")


@require_http_methods(["GET", "POST"])
def offer_decline(request, token):
    """The one-click "no longer interested" link of an offer mail: works without signing in.

    GET only asks (mail scanners follow links); POST declines. A used or unknown link says so kindly.
    """
    enrolment = (
        Enrolment.objects.filter(offer_token=token, state=EnrolmentState.OFFERED)
        .select_related("cohort__programme")
        .first()
    )
    if request.method == "POST" and enrolment is not None:
        try:
            enrolment_decline_offer(token=token)
        except ValidationError:
            enrolment = None
        else:
            return render(request, "programs/offer_decline.html", {"declined": True, "cohort": enrolment.cohort})
    status = 200 if enrolment is not None else 404
    context = {"enrolment": enrolment, "cohort": enrolment.cohort if enrolment else None}
    return render(request, "programs/offer_decline.html", context, status=status)


@login_required
def session_check_in(request, pk):
    session = get_object_or_404(
        Session.objects.filter(cohort__is_published=True).select_related("cohort__programme"), pk=pk
    )
    form = CheckInForm(request.POST or None, initial={"code": request.GET.get("code", "")})
    if request.method == "POST" and form.is_valid():
        try:
            attendance_check_in(session=session, user=request.user, code=form.cleaned_data["code"])
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("You are checked in to %(session)s.") % {"session": session.title})
            return redirect("programs:my_programs")
    return render(request, "programs/session_check_in.html", {"session": session, "form": form})


def certificate_lookup(request):
    """Public: find a certificate by its number and holder's name; a match opens the QR code's page."""
    form = CertificateLookupForm(request.GET or None)
    if form.is_valid():
        certificate = (
            Certificate.objects.select_related("enrolment__user").filter(number=form.cleaned_data["number"]).first()
        )
        holder = certificate and " ".join(certificate.enrolment.user.name.split())
        if certificate is not None and holder and holder == form.cleaned_data["name"]:
            return redirect(certificate.get_absolute_url())
        form.add_error(None, _("No certificate has this number and name. Check both against the certificate."))
    return render(request, "programs/certificate_lookup.html", {"form": form})

"""Staff pages for training cohorts (rosters, selection, attendance, closing, exports) and the two
certificate pages: the participant's own download and the public verification page.

The cohort list gives its rows as XLSX or CSV for ``?export=xlsx|csv``; a roster is a two-sheet
workbook (roster and attendance) or a CSV of the roster sheet.

Staff pages need a permission of the staff roles (``portal.accounts.roles``); a firm's user gets 403.
State changes go through ``programs.services``; their ValidationErrors become messages or form errors.
"""

from collections import Counter

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import BooleanField, Count, ExpressionWrapper, Q
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment

from portal.files import stored_file_response
from portal.forms import add_service_error, int_or_none
from portal.i18n import localized
from portal.permissions import require_permissions, staff_permission
from portal.spreadsheets import (
    DATE_FORMAT,
    DATETIME_FORMAT,
    INTEGER_FORMAT,
    Column,
    add_sheet,
    new_workbook,
    requested_export,
    table_response,
    xlsx_response,
)
from portal.time import KST, kst

from ..choices import EnrolmentState, SelectionMode
from ..forms import SessionAttendanceForm
from ..models import Attendance, Certificate, Cohort, Enrolment, Session
from ..services import attendance_mark, cohort_close, enrolment_reject, enrolment_select

COHORTS_PER_PAGE = 50
# Everyone whose attendance counts: seated now, or seated until the cohort closed.
PARTICIPANT_STATES = (EnrolmentState.SEATED, EnrolmentState.COMPLETED, EnrolmentState.NOT_COMPLETED)
# The roster lists people with a seat first, then those waiting, then those who left.
ROSTER_ORDER = {
    state: position
    for position, state in enumerate(
        [
            EnrolmentState.SEATED,
            EnrolmentState.COMPLETED,
            EnrolmentState.NOT_COMPLETED,
            EnrolmentState.OFFERED,
            EnrolmentState.APPLIED,
            EnrolmentState.WAITLISTED,
            EnrolmentState.OFFER_EXPIRED,
            EnrolmentState.REJECTED,
            EnrolmentState.CANCELLED,
        ]
    )
}


def _present_count():
    return Count("attendance", filter=Q(attendance__present=True), distinct=True)


def _rate(present: int, sessions: int) -> int:
    """Attendance in whole percent, as ``services.attendance_rate`` counts it."""
    return round(100 * present / sessions) if sessions else 0


def _roster(cohort: Cohort) -> tuple[list[Session], list[Enrolment]]:
    """The cohort's sessions and enrolments, each enrolment with its present count, waitlist position
    and attendance rate; two queries whatever the size of the cohort."""
    sessions = list(cohort.sessions.annotate(present_count=_present_count()))
    enrolments = list(
        cohort.enrolments.select_related("user", "firm", "certificate").annotate(present_count=_present_count())
    )
    waitlist = sorted(
        (enrolment for enrolment in enrolments if enrolment.state == EnrolmentState.WAITLISTED),
        key=lambda enrolment: (enrolment.applied_at, enrolment.pk),
    )
    for position, enrolment in enumerate(waitlist, start=1):
        enrolment.waitlist_position = position
    for enrolment in enrolments:
        enrolment.is_participant = enrolment.state in PARTICIPANT_STATES
        enrolment.rate = _rate(enrolment.present_count, len(sessions)) if enrolment.is_participant else None
    enrolments.sort(key=lambda enrolment: (ROSTER_ORDER[enrolment.state], enrolment.applied_at, enrolment.pk))
    return sessions, enrolments


# Cohorts and rosters -----------------------------------------------------------------------------


@staff_permission("programs.view_cohort")
def cohort_list(request):
    cohorts = (
        Cohort.objects.select_related("programme")
        .annotate(
            session_count=Count("sessions", distinct=True),
            waitlist_count=Count("enrolments", filter=Q(enrolments__state=EnrolmentState.WAITLISTED), distinct=True),
            awaiting_count=Count("enrolments", filter=Q(enrolments__state=EnrolmentState.APPLIED), distinct=True),
            offered_count=Count("enrolments", filter=Q(enrolments__state=EnrolmentState.OFFERED), distinct=True),
        )
        .annotate(finished=ExpressionWrapper(Q(closed_at__isnull=False), output_field=BooleanField()))
        .order_by("finished", "-starts_on", "pk")
    )
    export_format = requested_export(request)
    if export_format:
        return table_response(export_format, "cohorts", _("Training cohorts"), *cohort_table(cohorts))
    page = Paginator(cohorts, COHORTS_PER_PAGE).get_page(request.GET.get("page"))
    now = timezone.now()
    for cohort in page:
        cohort.current_state = cohort.state(now)
    context = {
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
    }
    return render(request, "programs/staff/cohort_list.html", context)


def cohort_table(cohorts) -> tuple[list[Column], list[tuple]]:
    """The staff cohort list as a sheet: every cohort, with the counts the page shows."""
    now = timezone.now()
    columns = [
        Column(_("Programme"), 30),
        Column(_("Cohort"), 14),
        Column(_("Starts on"), 12, DATE_FORMAT),
        Column(_("Ends on"), 12, DATE_FORMAT),
        Column(_("Seats"), 8, INTEGER_FORMAT),
        Column(_("Seats taken"), 10, INTEGER_FORMAT),
        Column(_("Seat offered"), 10, INTEGER_FORMAT),
        Column(_("Waitlist"), 10, INTEGER_FORMAT),
        Column(_("Awaiting selection"), 12, INTEGER_FORMAT),
        Column(_("Sessions"), 10, INTEGER_FORMAT),
        Column(_("Selection"), 20),
        Column(_("State"), 20),
        Column(_("Published"), 10),
    ]
    rows = [
        (
            localized(cohort.programme, "title"),
            cohort.name,
            cohort.starts_on,
            cohort.ends_on,
            cohort.capacity,
            cohort.seats_taken,
            cohort.offered_count,
            cohort.waitlist_count,
            # First come, first served: nobody waits for a selection (the page shows "—").
            cohort.awaiting_count if cohort.selection_mode == SelectionMode.SELECTION else None,
            cohort.session_count,
            cohort.get_selection_mode_display(),
            _("Finished") if cohort.closed_at else cohort.state(now).label,
            _("Yes") if cohort.is_published else _("No"),
        )
        for cohort in cohorts
    ]
    return columns, rows


def _decide(request, cohort: Cohort, action: str) -> None:
    require_permissions(request, "programs.change_enrolment")
    enrolment = get_object_or_404(
        cohort.enrolments.select_related("user"), pk=int_or_none(request.POST.get("enrolment"))
    )
    name = enrolment.user.get_full_name()
    try:
        if action == "select":
            enrolment = enrolment_select(enrolment=enrolment)
        else:
            enrolment = enrolment_reject(enrolment=enrolment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return
    if enrolment.state == EnrolmentState.SEATED:
        messages.success(request, _("%(name)s is selected and has a seat; they are notified.") % {"name": name})
    elif enrolment.state == EnrolmentState.WAITLISTED:
        messages.warning(
            request, _("%(name)s is selected but no seat may be taken, so they are on the waitlist.") % {"name": name}
        )
    else:
        messages.success(request, _("%(name)s is not selected; they are notified.") % {"name": name})


def _close(request, cohort: Cohort) -> None:
    require_permissions(request, "programs.change_cohort")
    try:
        cohort_close(cohort=cohort)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return
    completed = cohort.enrolments.filter(state=EnrolmentState.COMPLETED).count()
    participants = cohort.enrolments.filter(state__in=PARTICIPANT_STATES).count()
    messages.success(
        request,
        _(
            "The cohort is closed: %(completed)d of %(participants)d participants completed it. "
            "Their certificates are being issued."
        )
        % {"completed": completed, "participants": participants},
    )


@staff_permission("programs.view_enrolment")
def cohort_roster(request, pk):
    cohort = get_object_or_404(Cohort.objects.select_related("programme"), pk=pk)
    if request.method == "POST":
        action = request.POST.get("action")
        if action in ("select", "reject"):
            _decide(request, cohort, action)
        elif action == "close":
            _close(request, cohort)
        else:
            return HttpResponseBadRequest(_("Unknown action."))
        return redirect("programs:staff_cohort", pk=cohort.pk)

    sessions, enrolments = _roster(cohort)
    is_open = cohort.closed_at is None
    deciding = (
        is_open
        and cohort.selection_mode == SelectionMode.SELECTION
        and request.user.has_perm("programs.change_enrolment")
    )
    for enrolment in enrolments:
        enrolment.can_select = deciding and enrolment.state == EnrolmentState.APPLIED
        enrolment.can_reject = deciding and enrolment.state in (EnrolmentState.APPLIED, EnrolmentState.WAITLISTED)
    state_counts = Counter(enrolment.state for enrolment in enrolments)
    context = {
        "cohort": cohort,
        "current_state": cohort.state(),
        "sessions": sessions,
        "enrolments": enrolments,
        "state_counts": [(state.label, state_counts[state]) for state in ROSTER_ORDER if state_counts[state]],
        "seated_count": state_counts[EnrolmentState.SEATED],
        "participant_count": sum(1 for enrolment in enrolments if enrolment.is_participant),
        "today": timezone.localdate(),
        "is_open": is_open,
        "deciding": deciding,
        "can_close": is_open and request.user.has_perm("programs.change_cohort"),
        "questions": [str(question) for question in cohort.questions],
    }
    return render(request, "programs/staff/cohort_roster.html", context)


# Attendance -------------------------------------------------------------------------------------


@staff_permission("programs.view_attendance")
def session_attendance(request, pk):
    session = get_object_or_404(Session.objects.select_related("cohort__programme"), pk=pk)
    cohort = session.cohort
    form = SessionAttendanceForm(
        request.POST or None, participants=cohort.enrolments.filter(state=EnrolmentState.SEATED)
    )
    if request.method == "POST":
        require_permissions(request, "programs.add_attendance", "programs.change_attendance")
        if form.is_valid():
            try:
                marked = attendance_mark(session=session, present_enrolment_ids=form.present_enrolment_ids())
            except ValidationError as error:
                add_service_error(form, error)
            else:
                present = len(form.present_enrolment_ids())
                messages.success(
                    request,
                    _("Attendance is saved: %(present)d of %(marked)d present.")
                    % {"present": present, "marked": marked},
                )
                return redirect(session.get_absolute_url())

    marks = {attendance.enrolment_id: attendance for attendance in Attendance.objects.filter(session=session)}
    posted = {str(value) for value in request.POST.getlist("present")} if form.is_bound else None
    participants = list(
        cohort.enrolments.filter(state__in=PARTICIPANT_STATES)
        .select_related("user", "firm")
        .order_by("user__name", "user__email", "pk")
    )
    for enrolment in participants:
        enrolment.mark = marks.get(enrolment.pk)
        enrolment.editable = enrolment.state == EnrolmentState.SEATED
        if posted is not None:
            enrolment.ticked = str(enrolment.pk) in posted
        else:
            enrolment.ticked = bool(enrolment.mark and enrolment.mark.present)
    sessions = list(cohort.sessions.only("pk", "title", "starts_at", "cohort_id"))
    index = next(position for position, other in enumerate(sessions) if other.pk == session.pk)
    context = {
        "session": session,
        "cohort": cohort,
        "form": form,
        "participants": participants,
        "can_mark": any(enrolment.editable for enrolment in participants)
        and request.user.has_perms(["programs.add_attendance", "programs.change_attendance"]),
        "present_count": sum(1 for enrolment in participants if enrolment.mark and enrolment.mark.present),
        "position": index + 1,
        "session_total": len(sessions),
        "previous_session": sessions[index - 1] if index > 0 else None,
        "next_session": sessions[index + 1] if index + 1 < len(sessions) else None,
        "check_in_url": settings.SITE_URL + reverse("programs:session_check_in", args=[session.pk]),
    }
    return render(request, "programs/staff/session_attendance.html", context)


# Export -----------------------------------------------------------------------------------------


def roster_table(enrolments: list[Enrolment]) -> tuple[list[Column], list[tuple]]:
    """The roster sheet, from ``_roster``'s enrolments: one row per application."""
    columns = [
        Column(_("Name"), 16),
        Column(_("E-mail"), 30),
        Column(_("Firm"), 24),
        Column(_("Resident firm"), 12),
        Column(_("State"), 22),
        Column(_("Applied at (KST)"), 18, DATETIME_FORMAT),
        Column(_("Attendance"), 12, "0%"),
    ]
    rows = [
        (
            enrolment.user.get_full_name(),
            enrolment.user.email,
            enrolment.firm.name if enrolment.firm else "",
            _("Yes") if enrolment.is_resident else _("No"),
            enrolment.get_state_display(),
            kst(enrolment.applied_at),
            enrolment.rate / 100 if enrolment.rate is not None else None,
        )
        for enrolment in enrolments
    ]
    return columns, rows


def roster_workbook(cohort: Cohort) -> Workbook:
    """Sheet "Roster": one row per application; sheet "Attendance": participants × sessions."""
    sessions, enrolments = _roster(cohort)
    marks = {
        (enrolment_id, session_id): present
        for enrolment_id, session_id, present in Attendance.objects.filter(session__cohort=cohort).values_list(
            "enrolment_id", "session_id", "present"
        )
    }
    workbook = new_workbook()
    add_sheet(workbook, "Roster", *roster_table(enrolments))
    symbols = {True: "✓", False: "✗", None: ""}
    attendance = add_sheet(
        workbook,
        "Attendance",
        [
            Column(_("Name"), 16),
            Column(_("E-mail"), 30),
            *[
                Column(f"{session.title}\n{timezone.localtime(session.starts_at, KST):%Y-%m-%d}", 14)
                for session in sessions
            ],
            Column(_("Sessions attended"), 12),
            Column(_("Attendance"), 12, "0%"),
        ],
        (
            (
                enrolment.user.get_full_name(),
                enrolment.user.email,
                *[symbols[marks.get((enrolment.pk, session.pk))] for session in sessions],
                enrolment.present_count,
                enrolment.rate / 100,
            )
            for enrolment in enrolments
            if enrolment.is_participant
        ),
    )
    for column in range(3, 3 + len(sessions)):
        for (cell,) in attendance.iter_rows(min_row=2, min_col=column, max_col=column):
            cell.alignment = Alignment(horizontal="center")
    return workbook


@staff_permission("programs.view_enrolment")
def roster_export(request, pk, export_format="xlsx"):
    """The roster and attendance workbook, or (``roster.csv``) the roster sheet's rows as CSV."""
    cohort = get_object_or_404(Cohort.objects.select_related("programme"), pk=pk)
    filename_stem = f"roster-{slugify(cohort.programme.slug)}-{cohort.pk}"
    if export_format == "csv":
        _sessions, enrolments = _roster(cohort)
        return table_response("csv", filename_stem, _("Roster"), *roster_table(enrolments))
    return xlsx_response(roster_workbook(cohort), f"{filename_stem}.xlsx")


# Certificates -----------------------------------------------------------------------------------


@login_required
def certificate_download(request, pk):
    """The participant's own certificate (``pk`` is the enrolment); staff who may view certificates get any."""
    certificates = Certificate.objects.exclude(pdf="")
    if not request.user.has_perm("programs.view_certificate"):
        certificates = certificates.filter(enrolment__user=request.user)
    certificate = get_object_or_404(certificates, enrolment_id=pk)
    return stored_file_response(
        request, certificate.pdf, filename=f"certificate-{certificate.number}.pdf", content_type="application/pdf"
    )


def certificate_verify(request, code):
    """Public: a certificate's holder name, programme, dates and number; nothing else about the person."""
    certificate = (
        Certificate.objects.select_related("enrolment__user", "enrolment__cohort__programme")
        .filter(verification_code=code)
        .first()
    )
    if certificate is None:
        return render(request, "programs/certificate_verify.html", {"found": False}, status=404)
    cohort = certificate.enrolment.cohort
    context = {
        "found": True,
        "name": certificate.enrolment.user.name,  # never get_full_name(): it falls back to the e-mail
        "programme": cohort.programme,
        "cohort_name": cohort.name,
        "starts_on": cohort.starts_on,
        "ends_on": cohort.ends_on,
        "issued_on": certificate.issued_on,
        "number": certificate.number,
    }
    return render(request, "programs/certificate_verify.html", context)

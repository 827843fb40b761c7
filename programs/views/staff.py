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
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from portal.accounts.choices import AccessAction
from portal.accounts.recording import note_access, records_access
from portal.files import stored_file_response
from portal.forms import add_service_error, int_or_none
from portal.permissions import require_permissions, staff_permission
from portal.personalcache import personal_page
from portal.spreadsheets import requested_export, table_response, xlsx_response

from ..choices import PARTICIPANT_STATES, EnrolmentState, SelectionMode
from ..exports import cohort_table, roster_table, roster_workbook
from ..forms import SessionAttendanceForm
from ..models import Certificate, Cohort, Session
from ..selectors import ROSTER_ORDER, cohort_roster_rows, session_marks, session_participants, staff_cohorts
from ..services import attendance_mark, cohort_close, enrolment_reject, enrolment_select

COHORTS_PER_PAGE = 50


# Cohorts and rosters -----------------------------------------------------------------------------

# The personal data a roster shows (page and export), named in its access records.
ROSTER_FIELDS = ("name", "email", "phone", "firm", "answers")


@personal_page
@staff_permission("programs.view_cohort")
def cohort_list(request):
    cohorts = staff_cohorts()
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
@records_access(fields=ROSTER_FIELDS)
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

    sessions, enrolments = cohort_roster_rows(cohort)
    is_open = cohort.closed_at is None
    deciding = (
        is_open
        and cohort.selection_mode == SelectionMode.SELECTION
        and request.user.has_perm("programs.change_enrolment")
    )
    for enrolment in enrolments:
        enrolment.can_select = deciding and enrolment.state == EnrolmentState.APPLIED
        enrolment.can_reject = deciding and enrolment.state in (EnrolmentState.APPLIED, EnrolmentState.WAITLISTED)
    note_access(request, rows=len(enrolments))
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
@records_access(fields=("name", "email"))
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

    marks = session_marks(session)
    posted = {str(value) for value in request.POST.getlist("present")} if form.is_bound else None
    participants = session_participants(cohort)
    note_access(request, rows=len(participants))
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


@staff_permission("programs.view_enrolment")
@records_access(AccessAction.EXPORT, fields=ROSTER_FIELDS)
def roster_export(request, pk, export_format="xlsx"):
    """The roster and attendance workbook, or (``roster.csv``) the roster sheet's rows as CSV."""
    cohort = get_object_or_404(Cohort.objects.select_related("programme"), pk=pk)
    filename_stem = f"roster-{slugify(cohort.programme.slug)}-{cohort.pk}"
    if export_format == "csv":
        _sessions, enrolments = cohort_roster_rows(cohort)
        return table_response("csv", filename_stem, _("Roster"), *roster_table(enrolments))
    return xlsx_response(roster_workbook(cohort), f"{filename_stem}.xlsx")


# Certificates -----------------------------------------------------------------------------------


@login_required
@records_access(AccessAction.DOWNLOAD)
def certificate_download(request, pk):
    """The participant's own certificate (``pk`` is the enrolment); staff who may view certificates get any."""
    certificates = Certificate.objects.exclude(pdf="")
    if not request.user.has_perm("programs.view_certificate"):
        certificates = certificates.filter(enrolment__user=request.user)
    certificate = get_object_or_404(certificates.select_related("enrolment__user"), enrolment_id=pk)
    note_access(request, subject_user=certificate.enrolment.user)
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

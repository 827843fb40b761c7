"""Export tables: the Column lists and rows of the staff lists' ``?export=xlsx|csv`` and the roster
workbook, written by ``portal.spreadsheets``."""

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment

from portal.spreadsheets import DATE_FORMAT, DATETIME_FORMAT, INTEGER_FORMAT, Column, add_sheet, new_workbook
from portal.time import KST, kst

from .choices import SelectionMode
from .models import Assignment, Cohort, Enrolment
from .selectors import cohort_attendance_marks, cohort_roster_rows

# Training ---------------------------------------------------------------------------------------


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
            cohort.programme.title,
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


def roster_table(enrolments: list[Enrolment]) -> tuple[list[Column], list[tuple]]:
    """The roster sheet, from ``cohort_roster_rows``'s enrolments: one row per application."""
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
    sessions, enrolments = cohort_roster_rows(cohort)
    marks = cohort_attendance_marks(cohort)
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


# Consulting -------------------------------------------------------------------------------------


def consulting_table(requests: QuerySet) -> tuple[list[Column], list[tuple]]:
    """The staff list of consulting requests as a sheet: every filtered request, its experts named (lead first)."""
    requests = requests.prefetch_related(
        Prefetch("assignments", queryset=Assignment.objects.select_related("expert__user"))
    )
    columns = [
        Column(_("Request"), 32),
        Column(_("Firm"), 24),
        Column(_("Business registration number"), 16),
        Column(_("State"), 16),
        Column(_("Priority"), 10),
        Column(_("Category"), 20),
        Column(_("Industry"), 18),
        Column(_("Number of experts"), 10, INTEGER_FORMAT),
        Column(_("Experts"), 30),
        Column(_("Submitted at (KST)"), 18, DATETIME_FORMAT),
        Column(_("Completed at (KST)"), 18, DATETIME_FORMAT),
    ]
    rows = [
        (
            consulting.title,
            consulting.firm.name,
            consulting.firm.brn_display,
            consulting.get_state_display(),
            consulting.get_priority_display(),
            consulting.get_category_display(),
            consulting.get_industry_display(),
            consulting.expert_count,
            ", ".join(str(assignment.expert) for assignment in consulting.assignments.all()),
            kst(consulting.submitted_at),
            kst(consulting.completed_at),
        )
        for consulting in requests
    ]
    return columns, rows

"""Export tables of the staff pages (``?export=xlsx|csv``) and the one-firm workbook.

Each builder takes the rows the page shows (the same selectors) and gives the columns and cells;
the views only choose the format and answer with ``portal.spreadsheets``.
"""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook

from portal.spreadsheets import (
    DATE_FORMAT,
    DATETIME_FORMAT,
    DECIMAL_FORMAT,
    INTEGER_FORMAT,
    KRW_FORMAT,
    Column,
    add_sheet,
    new_workbook,
)
from portal.time import kst

from .selectors import lease_days_left


def firm_list_table(firms) -> tuple[list[Column], list[tuple]]:
    """The staff firm list as a sheet: every filtered firm, not only the page shown."""
    columns = [
        Column(_("Name (Korean)"), 28),
        Column(_("Name (English)"), 28),
        Column(_("Business registration number"), 16),
        Column(_("Industry"), 20),
        Column(_("Business status"), 14),
        Column(_("Employees"), 10, INTEGER_FORMAT),
        Column(_("Members"), 10, INTEGER_FORMAT),
        Column(_("Resident"), 10),
        Column(_("Registered at (KST)"), 18, DATETIME_FORMAT),
    ]
    rows = [
        (
            firm.name,
            firm.name_en,
            firm.brn_display,
            firm.get_industry_display(),
            firm.get_business_status_display(),
            firm.employees,
            firm.member_count,
            _("Yes") if firm.is_resident else _("No"),
            kst(firm.created_at),
        )
        for firm in firms
    ]
    return columns, rows


def call_application_table(rows: list[dict]) -> tuple[list[Column], list[tuple]]:
    """A call's ranked applications as a sheet, from ``call_ranking`` rows.

    What the page shows, plus the business registration number and the submission time. Firms are
    named on blind calls too, as on the page: blind review hides them from reviewers, not from staff.
    """
    columns = [
        Column(_("Rank"), 8, INTEGER_FORMAT),
        Column(_("Firm"), 28),
        Column(_("Business registration number"), 16),
        Column(_("Stage"), 14),
        Column(_("Submitted at (KST)"), 18, DATETIME_FORMAT),
        Column(_("Reviews"), 10, INTEGER_FORMAT),
        Column(_("Reviewers assigned"), 12, INTEGER_FORMAT),
        Column(_("Weighted average"), 12, "0.0"),
        Column(_("Spread"), 10, "0.0"),
        Column(_("Staged decision"), 16),
        Column(_("Reason"), 40),
    ]
    table = []
    for row in rows:
        application = row["application"]
        table.append(
            (
                row["rank"],
                application.firm.name,
                application.firm.brn_display,
                application.get_stage_display(),
                kst(application.submitted_at),
                row["reviews"],
                len(row["assignments"]),
                row["average"],
                row["spread"],
                application.get_staged_decision_display(),
                application.staged_reason,
            )
        )
    return columns, table


def lease_table(leases) -> tuple[list[Column], list[tuple]]:
    """The staff lease list as a sheet: every filtered lease, rent and deposit in KRW."""
    today = timezone.localdate()
    columns = [
        Column(_("Firm"), 28),
        Column(_("Site"), 24),
        Column(_("Space"), 10),
        Column(_("Start"), 12, DATE_FORMAT),
        Column(_("End"), 12, DATE_FORMAT),
        Column(_("Monthly rent (KRW)"), 16, KRW_FORMAT),
        Column(_("Deposit (KRW)"), 16, KRW_FORMAT),
        Column(_("Status"), 10),
        Column(_("Days left"), 10, INTEGER_FORMAT),
        Column(_("Renewal requested"), 12),
    ]
    rows = [
        (
            lease.firm.name,
            lease.space.site.name,
            lease.space.code,
            lease.start_date,
            lease.end_date,
            lease.monthly_rent,
            lease.deposit,
            lease.get_status_display(),
            lease_days_left(lease, today),
            _("Yes") if lease.has_pending_renewal else _("No"),
        )
        for lease in leases
    ]
    return columns, rows


def firm_record_workbook(record: dict) -> Workbook:
    """One sheet per section of the firm record; numbers stay numbers and dates stay dates."""
    firm = record["firm"]
    workbook = new_workbook()
    add_sheet(
        workbook,
        _("Profile"),
        [Column(_("Field"), 28), Column(_("Value"), 50)],
        [
            (_("Name (Korean)"), firm.name),
            (_("Name (English)"), firm.name_en),
            (_("Business registration number"), firm.brn_display),
            (_("Representative (CEO)"), firm.representative_name),
            (_("Industry"), firm.get_industry_display()),
            (_("Business status"), firm.get_business_status_display()),
            (_("Employees"), firm.employees),
            (_("Address"), f"{firm.address} {firm.address_detail}".strip()),
            (_("Registered at (KST)"), kst(firm.created_at)),
        ],
    )
    add_sheet(
        workbook,
        _("Members"),
        [
            Column(_("Name"), 18),
            Column(_("E-mail"), 30),
            Column(_("Role"), 16),
            Column(_("Joined at (KST)"), 18, DATETIME_FORMAT),
        ],
        [
            (member.user.get_full_name(), member.user.email, member.get_role_display(), kst(member.joined_at))
            for member in record["members"]
        ],
    )
    add_sheet(
        workbook,
        _("Applications"),
        [
            Column(_("Call"), 40),
            Column(_("Stage"), 14),
            Column(_("Created at (KST)"), 18, DATETIME_FORMAT),
            Column(_("Submitted at (KST)"), 18, DATETIME_FORMAT),
            Column(_("Decided at (KST)"), 18, DATETIME_FORMAT),
        ],
        [
            (
                application.call.title,
                application.get_stage_display(),
                kst(application.created_at),
                kst(application.submitted_at),
                kst(application.decided_at),
            )
            for application in record["applications"]
        ],
    )
    add_sheet(
        workbook,
        _("Leases"),
        [
            Column(_("Site"), 28),
            Column(_("Space"), 12),
            Column(_("Start"), 12, DATE_FORMAT),
            Column(_("End"), 12, DATE_FORMAT),
            Column(_("Monthly rent (KRW)"), 16, KRW_FORMAT),
            Column(_("Deposit (KRW)"), 16, KRW_FORMAT),
            Column(_("Status"), 12),
        ],
        [
            (
                lease.space.site.name,
                lease.space.code,
                lease.start_date,
                lease.end_date,
                lease.monthly_rent,
                lease.deposit,
                lease.get_status_display(),
            )
            for lease in record["leases"]
        ],
    )
    add_sheet(
        workbook,
        pgettext("firm record section", "Training"),
        [
            Column(_("Person"), 18),
            Column(_("Programme"), 30),
            Column(_("Cohort"), 14),
            Column(_("Starts on"), 12, DATE_FORMAT),
            Column(_("Ends on"), 12, DATE_FORMAT),
            Column(_("State"), 16),
            Column(_("Certificate"), 18),
            Column(_("Issued on"), 12, DATE_FORMAT),
        ],
        [
            (
                enrolment.user.get_full_name(),
                enrolment.cohort.programme.title,
                enrolment.cohort.name,
                enrolment.cohort.starts_on,
                enrolment.cohort.ends_on,
                enrolment.get_state_display(),
                *_certificate_cells(enrolment),
            )
            for enrolment in record["enrolments"]
        ],
    )
    add_sheet(
        workbook,
        _("Consulting"),
        [
            Column(_("Request"), 32),
            Column(_("State"), 18),
            Column(_("Experts"), 28),
            Column(_("Submitted at (KST)"), 18, DATETIME_FORMAT),
            Column(_("Completed at (KST)"), 18, DATETIME_FORMAT),
        ],
        [
            (
                request.title,
                request.get_state_display(),
                ", ".join(str(assignment.expert) for assignment in request.assignments.all()),
                kst(request.submitted_at),
                kst(request.completed_at),
            )
            for request in record["consulting"]
        ],
    )
    add_sheet(
        workbook,
        _("KPIs"),
        [
            Column(_("Request"), 32),
            Column(_("KPI"), 18),
            Column(_("Baseline"), 12, DECIMAL_FORMAT),
            Column(_("Baseline unit"), 14),
            Column(_("Baseline date"), 12, DATE_FORMAT),
            Column(_("After"), 12, DECIMAL_FORMAT),
            Column(_("After unit"), 14),
            Column(_("After date"), 12, DATE_FORMAT),
            Column(_("Improvement (%)"), 14, "0.0"),
            Column(_("Verified at (KST)"), 18, DATETIME_FORMAT),
        ],
        [
            (
                request.title,
                kpi.get_kpi_display(),
                kpi.baseline_value,
                kpi.baseline_unit,
                kpi.baseline_on,
                kpi.after_value,
                kpi.after_unit,
                kpi.after_on,
                kpi.improvement_percent,
                kst(kpi.verified_at),
            )
            for request in record["consulting"]
            for kpi in request.kpis.all()
        ],
    )
    add_sheet(
        workbook,
        _("MOUs"),
        [
            Column(_("Title"), 40),
            Column(_("Partners"), 30),
            Column(_("Status"), 12),
            Column(_("Signed on"), 12, DATE_FORMAT),
            Column(_("In effect from"), 12, DATE_FORMAT),
            Column(_("Expires on"), 12, DATE_FORMAT),
        ],
        [
            (
                mou.title,
                ", ".join(partner.name for partner in mou.partners.all()),
                mou.get_status_display(),
                mou.signed_on,
                mou.effective_from,
                mou.expires_on,
            )
            for mou in record["mous"]
        ],
    )
    # The service desk's requests (tenants.desk registers the section): their own fields, never a note.
    add_sheet(
        workbook,
        _("Service requests"),
        [
            Column(_("Reference"), 10),
            Column(_("Received at"), 18, DATETIME_FORMAT),
            Column(_("Category"), 18),
            Column(_("Subject"), 40),
            Column(_("Status"), 16),
            Column(_("Due on"), 12, DATE_FORMAT),
            Column(_("Resolved at"), 18, DATETIME_FORMAT),
        ],
        [
            (
                item.reference,
                kst(item.created_at),
                item.get_category_display(),
                item.subject,
                item.get_state_display(),
                item.due_on,
                kst(item.resolved_at),
            )
            for item in record.get("service_requests", ())
        ],
    )
    add_sheet(
        workbook,
        _("Mail"),
        [
            Column(_("Date (KST)"), 18, DATETIME_FORMAT),
            Column(_("Recipient"), 30),
            Column(_("Kind"), 28),
            Column(_("Subject"), 50),
            Column(_("Status"), 10),
        ],
        [
            (
                kst(message.sent_at or message.created_at),
                message.recipient,
                message.kind_label,
                message.subject,
                message.get_status_display(),
            )
            for message in record["mail"]
        ],
    )
    return workbook


def _certificate_cells(enrolment) -> tuple:
    certificate = getattr(enrolment, "certificate", None)
    return (certificate.number, certificate.issued_on) if certificate else ("", None)

"""One firm, one record: the staff firm list (with its XLSX/CSV export), a firm's whole path through
the hub, and its XLSX export.

Staff with ``tenants.view_firm`` only; a firm's own people get 403. The reads are
``selectors.firm_record`` and ``selectors.staff_firm_list``, so page and export show the same rows.
"""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from openpyxl import Workbook

from portal.permissions import staff_permission
from portal.spreadsheets import (
    DATE_FORMAT,
    DATETIME_FORMAT,
    DECIMAL_FORMAT,
    INTEGER_FORMAT,
    KRW_FORMAT,
    Column,
    add_sheet,
    new_workbook,
    requested_export,
    table_response,
    xlsx_response,
)
from portal.time import kst

from ..filters import FirmFilterSet
from ..models import Firm
from ..selectors import firm_record, staff_firm_list

FIRMS_PER_PAGE = 50
MAIL_SHOWN = 100


@staff_permission("tenants.view_firm")
def firm_list(request):
    filterset = FirmFilterSet(request.GET or None, queryset=staff_firm_list())
    export_format = requested_export(request)
    if export_format:
        return table_response(export_format, "firms", _("Firms"), *firm_list_table(filterset.qs))
    page = Paginator(filterset.qs, FIRMS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "filter_form": filterset.form,
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
    }
    return render(request, "tenants/staff/firm_list.html", context)


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


@staff_permission("tenants.view_firm")
def firm_detail(request, pk):
    firm = get_object_or_404(Firm, pk=pk)
    record = firm_record(firm, mail_limit=MAIL_SHOWN)
    return render(request, "tenants/staff/firm_record.html", {**record, "mail_limit": MAIL_SHOWN})


@staff_permission("tenants.view_firm")
def firm_export(request, pk):
    firm = get_object_or_404(Firm, pk=pk)
    return xlsx_response(firm_record_workbook(firm_record(firm)), f"firm-{firm.brn}.xlsx")


# The workbook -----------------------------------------------------------------------------------


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
        _("Training"),
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
    add_sheet(
        workbook,
        _("Mail"),
        [
            Column(_("Date (KST)"), 18, DATETIME_FORMAT),
            Column(_("Recipient"), 30),
            Column(_("Template"), 28),
            Column(_("Subject"), 50),
            Column(_("Status"), 10),
        ],
        [
            (
                kst(message.sent_at or message.created_at),
                message.recipient,
                message.template,
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

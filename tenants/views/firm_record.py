"""One firm, one record: the staff firm list, a firm's whole path through the hub, and its XLSX export.

Staff with ``tenants.view_firm`` only; a firm's own people get 403. The reads are
``selectors.firm_record`` and ``selectors.staff_firm_list``, so page and export show the same rows.
"""

from datetime import datetime
from io import BytesIO
from zoneinfo import ZoneInfo

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from ..filters import FirmFilterSet
from ..models import Firm
from ..selectors import firm_record, staff_firm_list
from .staff import staff_permission

KST = ZoneInfo("Asia/Seoul")
FIRMS_PER_PAGE = 50
MAIL_SHOWN = 100
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
KRW_FORMAT = "#,##0"


@staff_permission("tenants.view_firm")
def firm_list(request):
    filterset = FirmFilterSet(request.GET or None, queryset=staff_firm_list())
    page = Paginator(filterset.qs, FIRMS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "filter_form": filterset.form,
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
    }
    return render(request, "tenants/staff/firm_list.html", context)


@staff_permission("tenants.view_firm")
def firm_detail(request, pk):
    firm = get_object_or_404(Firm, pk=pk)
    record = firm_record(firm, mail_limit=MAIL_SHOWN)
    return render(request, "tenants/staff/firm_record.html", {**record, "mail_limit": MAIL_SHOWN})


@staff_permission("tenants.view_firm")
def firm_export(request, pk):
    firm = get_object_or_404(Firm, pk=pk)
    output = BytesIO()
    firm_record_workbook(firm_record(firm)).save(output)
    response = HttpResponse(output.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="firm-{firm.brn}.xlsx"'
    return response


# The workbook -----------------------------------------------------------------------------------


def _kst(moment):
    """A stored UTC moment as the naive KST date and time a spreadsheet shows (Excel has no zones)."""
    return timezone.localtime(moment, KST).replace(tzinfo=None) if moment else None


def _sheet(workbook: Workbook, title: str, columns: list[tuple[str, int, str | None]], rows) -> None:
    """A sheet with a bold, frozen header row; each column has a width and an optional number format."""
    sheet = workbook.create_sheet(title[:31])  # Excel's limit on sheet names
    sheet.append([heading for heading, _width, _format in columns])
    for index, (_heading, width, _format) in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    for row in rows:
        sheet.append(row)
        for index, (_heading, _width, number_format) in enumerate(columns, start=1):
            cell = sheet.cell(row=sheet.max_row, column=index)
            if number_format:
                cell.number_format = number_format
            elif isinstance(cell.value, datetime):  # a mixed column, like the profile's values
                cell.number_format = DATETIME_FORMAT
    if sheet.max_row > 1:
        sheet.auto_filter.ref = sheet.dimensions


def firm_record_workbook(record: dict) -> Workbook:
    """One sheet per section of the firm record; numbers stay numbers and dates stay dates."""
    firm = record["firm"]
    workbook = Workbook()
    workbook.remove(workbook.active)
    _sheet(
        workbook,
        _("Profile"),
        [(_("Field"), 28, None), (_("Value"), 50, None)],
        [
            (_("Name (Korean)"), firm.name),
            (_("Name (English)"), firm.name_en),
            (_("Business registration number"), firm.brn_display),
            (_("Representative (CEO)"), firm.representative_name),
            (_("Industry"), firm.get_industry_display()),
            (_("Business status"), firm.get_business_status_display()),
            (_("Employees"), firm.employees),
            (_("Address"), f"{firm.address} {firm.address_detail}".strip()),
            (_("Registered at (KST)"), _kst(firm.created_at)),
        ],
    )
    _sheet(
        workbook,
        _("Members"),
        [
            (_("Name"), 18, None),
            (_("E-mail"), 30, None),
            (_("Role"), 16, None),
            (_("Joined at (KST)"), 18, DATETIME_FORMAT),
        ],
        [
            (member.user.get_full_name(), member.user.email, member.get_role_display(), _kst(member.joined_at))
            for member in record["members"]
        ],
    )
    _sheet(
        workbook,
        _("Applications"),
        [
            (_("Call"), 40, None),
            (_("Stage"), 14, None),
            (_("Created at (KST)"), 18, DATETIME_FORMAT),
            (_("Submitted at (KST)"), 18, DATETIME_FORMAT),
            (_("Decided at (KST)"), 18, DATETIME_FORMAT),
        ],
        [
            (
                application.call.title,
                application.get_stage_display(),
                _kst(application.created_at),
                _kst(application.submitted_at),
                _kst(application.decided_at),
            )
            for application in record["applications"]
        ],
    )
    _sheet(
        workbook,
        _("Leases"),
        [
            (_("Site"), 28, None),
            (_("Space"), 12, None),
            (_("Start"), 12, DATE_FORMAT),
            (_("End"), 12, DATE_FORMAT),
            (_("Monthly rent (KRW)"), 16, KRW_FORMAT),
            (_("Deposit (KRW)"), 16, KRW_FORMAT),
            (_("Status"), 12, None),
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
    _sheet(
        workbook,
        _("Training"),
        [
            (_("Person"), 18, None),
            (_("Programme"), 30, None),
            (_("Cohort"), 14, None),
            (_("Starts on"), 12, DATE_FORMAT),
            (_("Ends on"), 12, DATE_FORMAT),
            (_("State"), 16, None),
            (_("Certificate"), 18, None),
            (_("Issued on"), 12, DATE_FORMAT),
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
    _sheet(
        workbook,
        _("Consulting"),
        [
            (_("Request"), 32, None),
            (_("State"), 18, None),
            (_("Experts"), 28, None),
            (_("Submitted at (KST)"), 18, DATETIME_FORMAT),
            (_("Completed at (KST)"), 18, DATETIME_FORMAT),
        ],
        [
            (
                request.title,
                request.get_state_display(),
                ", ".join(str(assignment.expert) for assignment in request.assignments.all()),
                _kst(request.submitted_at),
                _kst(request.completed_at),
            )
            for request in record["consulting"]
        ],
    )
    _sheet(
        workbook,
        _("KPIs"),
        [
            (_("Request"), 32, None),
            (_("KPI"), 18, None),
            (_("Baseline"), 12, "#,##0.###"),
            (_("Baseline unit"), 14, None),
            (_("Baseline date"), 12, DATE_FORMAT),
            (_("After"), 12, "#,##0.###"),
            (_("After unit"), 14, None),
            (_("After date"), 12, DATE_FORMAT),
            (_("Improvement (%)"), 14, "0.0"),
            (_("Verified at (KST)"), 18, DATETIME_FORMAT),
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
                _kst(kpi.verified_at),
            )
            for request in record["consulting"]
            for kpi in request.kpis.all()
        ],
    )
    _sheet(
        workbook,
        _("MOUs"),
        [
            (_("Title"), 40, None),
            (_("Partners"), 30, None),
            (_("Status"), 12, None),
            (_("Signed on"), 12, DATE_FORMAT),
            (_("In effect from"), 12, DATE_FORMAT),
            (_("Expires on"), 12, DATE_FORMAT),
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
    _sheet(
        workbook,
        _("Mail"),
        [
            (_("Date (KST)"), 18, DATETIME_FORMAT),
            (_("Recipient"), 30, None),
            (_("Template"), 28, None),
            (_("Subject"), 50, None),
            (_("Status"), 10, None),
        ],
        [
            (
                _kst(message.sent_at or message.created_at),
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

"""One firm, one record: the staff firm list (with its XLSX/CSV export), a firm's whole path through
the hub, and its XLSX export.

Staff with ``tenants.view_firm`` only; a firm's own people get 403. The reads are
``selectors.firm_record`` and ``selectors.staff_firm_list``, so page and export show the same rows.
"""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from portal.accounts.choices import AccessAction
from portal.accounts.recording import note_access, records_access
from portal.permissions import staff_permission
from portal.personalcache import personal_page
from portal.spreadsheets import (
    requested_export,
    table_response,
    xlsx_response,
)

from ..exports import firm_list_table, firm_record_workbook
from ..filters import FirmFilterSet
from ..scoping import firms_in_reach
from ..selectors import firm_record, staff_firm_list

FIRMS_PER_PAGE = 50
MAIL_SHOWN = 100
# The personal data the firm record shows (page and export), named in its access records.
FIRM_RECORD_FIELDS = ("brn", "representative_name", "phone", "members.email", "members.name", "mail.to")


@personal_page
@staff_permission("tenants.view_firm")
@records_access(AccessAction.SEARCH)
def firm_list(request):
    filterset = FirmFilterSet(request.GET or None, queryset=staff_firm_list(), request=request)
    export_format = requested_export(request)
    if export_format:
        return table_response(export_format, "firms", _("Firms"), *firm_list_table(filterset.qs))
    page = Paginator(filterset.qs, FIRMS_PER_PAGE).get_page(request.GET.get("page"))
    note_access(request, rows=len(page.object_list))
    context = {
        "filter_form": filterset.form,
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
    }
    return render(request, "tenants/staff/firm_list.html", context)


@personal_page
@staff_permission("tenants.view_firm")
@records_access(fields=FIRM_RECORD_FIELDS)
def firm_detail(request, pk):
    firm = get_object_or_404(firms_in_reach(request.user), pk=pk)
    note_access(request, firm=firm)
    record = firm_record(firm, mail_limit=MAIL_SHOWN)
    return render(request, "tenants/staff/firm_record.html", {**record, "mail_limit": MAIL_SHOWN})


@staff_permission("tenants.view_firm")
@records_access(AccessAction.EXPORT, fields=FIRM_RECORD_FIELDS)
def firm_export(request, pk):
    firm = get_object_or_404(firms_in_reach(request.user), pk=pk)
    note_access(request, firm=firm)
    return xlsx_response(firm_record_workbook(firm_record(firm)), f"firm-{firm.brn}.xlsx")

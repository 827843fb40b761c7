"""One firm, one record: the staff firm list (with its XLSX/CSV export), a firm's whole path through
the hub, and its XLSX export.

Staff with ``tenants.view_firm`` only; a firm's own people get 403. The reads are
``selectors.firm_record`` and ``selectors.staff_firm_list``, so page and export show the same rows.
"""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from portal.permissions import staff_permission
from portal.spreadsheets import (
    requested_export,
    table_response,
    xlsx_response,
)

from ..exports import firm_list_table, firm_record_workbook
from ..filters import FirmFilterSet
from ..models import Firm
from ..selectors import firm_record, staff_firm_list

FIRMS_PER_PAGE = 50
MAIL_SHOWN = 100


@staff_permission("tenants.view_firm")
def firm_list(request):
    filterset = FirmFilterSet(request.GET or None, queryset=staff_firm_list(), request=request)
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


@staff_permission("tenants.view_firm")
def firm_detail(request, pk):
    firm = get_object_or_404(Firm, pk=pk)
    record = firm_record(firm, mail_limit=MAIL_SHOWN)
    return render(request, "tenants/staff/firm_record.html", {**record, "mail_limit": MAIL_SHOWN})


@staff_permission("tenants.view_firm")
def firm_export(request, pk):
    firm = get_object_or_404(Firm, pk=pk)
    return xlsx_response(firm_record_workbook(firm_record(firm)), f"firm-{firm.brn}.xlsx")

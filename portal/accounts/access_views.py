"""The auditor's page of access records (/staff/access-records/): filters, pages and an XLSX export,
which is itself an access record (the records name people)."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _

from portal.permissions import staff_permission
from portal.spreadsheets import DATETIME_FORMAT, Column, requested_export, table_response
from portal.time import kst

from .access_filters import AccessRecordFilterSet
from .choices import AccessAction
from .models import AccessRecord
from .recording import note_access, records_access

RECORDS_PER_PAGE = 50


def access_record_table(records) -> tuple[list[Column], list[tuple]]:
    columns = [
        Column(_("When"), 18, DATETIME_FORMAT),
        Column(_("Who"), 28),
        Column(_("From where (IP address)"), 18),
        Column(_("Action"), 12),
        Column(_("Whose data (person)"), 28),
        Column(_("Whose data (firm)"), 24),
        Column(_("Page or API"), 28),
        Column(_("Address"), 40),
        Column(_("Fields shown"), 28),
        Column(_("Export or file"), 28),
        Column(_("Rows"), 8),
    ]
    rows = [
        (
            kst(record.occurred_at),
            record.actor_label,
            record.ip_address or "",
            record.get_action_display(),
            record.subject_user.email if record.subject_user_id else "",
            record.firm_label,
            record.view_name,
            record.path,
            ", ".join(record.field_labels),
            record.export_name,
            record.row_count,
        )
        for record in records
    ]
    return columns, rows


@staff_permission("accounts.view_accessrecord")
@records_access(AccessAction.SEARCH)
def access_record_list(request):
    queryset = AccessRecord.objects.select_related("subject_user")
    filterset = AccessRecordFilterSet(request.GET or None, queryset=queryset, request=request)
    records = filterset.qs if filterset.is_bound and filterset.is_valid() else queryset
    export_format = requested_export(request)
    if export_format == "xlsx":
        return table_response("xlsx", "access-records", _("Access records"), *access_record_table(records))
    page = Paginator(records, RECORDS_PER_PAGE).get_page(request.GET.get("page"))
    note_access(request, rows=len(page.object_list))
    context = {
        "filter_form": filterset.form,
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
    }
    return render(request, "accounts/access_records.html", context)

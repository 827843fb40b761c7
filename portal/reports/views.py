"""The staff reports page: ask for a monthly report, watch it being built, download past ones.

Listing needs ``reports.view_report`` (403 otherwise, like every staff page); asking needs
``reports.add_report``. A download answers 404 to anyone without the view permission, so a
firm's user cannot even learn that a report exists.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from portal.files import stored_file_response
from portal.permissions import staff_permission
from portal.spreadsheets import XLSX_TYPE

from .choices import REBUILDABLE_STATES, ReportKind
from .forms import ReportRequestForm
from .models import Report
from .services import report_request

REPORTS_PER_PAGE = 24
CONTENT_TYPES = {
    ReportKind.MONTHLY_XLSX: XLSX_TYPE,
    ReportKind.MONTHLY_PDF: "application/pdf",
}


def _status(report: Report) -> dict:
    return {
        "id": report.pk,
        "state": report.state,
        "state_label": report.get_state_display(),
        "progress": report.progress,
        "failure_reason": report.failure_reason,
        "download_url": reverse("reports:download", args=[report.pk]) if report.file else None,
    }


@staff_permission("reports.view_report")
def report_list(request):
    form = ReportRequestForm(request.POST or None)
    if request.method == "POST":
        if not request.user.has_perm("reports.add_report"):
            raise PermissionDenied
        if form.is_valid():
            month = form.cleaned_data["month"]
            for kind in form.cleaned_data["kinds"]:
                label = ReportKind(kind).label
                try:
                    report, queued = report_request(
                        kind=kind,
                        month=month,
                        actor=request.user,
                        rebuild=form.cleaned_data["rebuild"],
                        language=translation.get_language(),
                    )
                except ValidationError as error:
                    messages.error(request, " ".join(error.messages))
                    continue
                context = {"report": label, "month": f"{month:%Y-%m}"}
                if queued:
                    messages.success(request, _("%(report)s for %(month)s is queued.") % context)
                elif report.is_pending:
                    messages.info(request, _("%(report)s for %(month)s is already being built.") % context)
                else:
                    messages.info(
                        request,
                        _("%(report)s for %(month)s exists already; tick “Build again” to rebuild it.") % context,
                    )
            return redirect("reports:list")
    reports = Report.objects.select_related("requested_by")
    page = Paginator(reports, REPORTS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "pending_ids": [report.pk for report in page if report.is_pending],
        "rebuildable_states": REBUILDABLE_STATES,
        "can_request": request.user.has_perm("reports.add_report"),
    }
    return render(request, "reports/report_list.html", context)


@staff_permission("reports.view_report")
def report_status(request):
    """The state of the reports asked about (``?id=3&id=4``), for the page to follow their progress."""
    ids = [int(value) for value in request.GET.getlist("id") if value.isascii() and value.isdigit()][:REPORTS_PER_PAGE]
    return JsonResponse({"reports": [_status(report) for report in Report.objects.filter(pk__in=ids)]})


@login_required
def report_download(request, pk):
    if not request.user.has_perm("reports.view_report"):
        raise Http404
    report = get_object_or_404(Report.objects.exclude(file=""), pk=pk)
    return stored_file_response(
        request, report.file, filename=report.download_name, content_type=CONTENT_TYPES[ReportKind(report.kind)]
    )

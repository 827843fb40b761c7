"""The staff workspace for writing calls (with their documents and criteria) and the hub's sites, in
Korean and English, and for returning an application for correction (서류 보완 요청).

Each page needs the permission of its action (``portal.accounts.roles``); changes go through
``tenants.services``, whose ValidationErrors become form errors or messages.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.accounts.recording import note_access, records_access
from portal.forms import add_service_error, content_form_page
from portal.permissions import staff_permission
from portal.personalcache import personal_page

from ..choices import ApplicationStage
from ..forms import (
    CorrectionRequestForm,
    CriterionFormSet,
    RejectUncorrectedForm,
    RequirementFormSet,
    SiteForm,
    TenancyCallForm,
)
from ..models import CRITERIA_TOTAL, Site, TenancyCall
from ..selectors import open_correction, staff_applications, staff_call_list
from ..services import (
    application_reject_uncorrected,
    application_return_for_correction,
    call_close,
    call_publish,
    call_save,
    site_save,
)

CALLS_PER_PAGE = 50


@personal_page
@staff_permission("tenants.view_tenancycall")
def call_list(request):
    page = Paginator(staff_call_list(), CALLS_PER_PAGE).get_page(request.GET.get("page"))
    now = timezone.now()
    for call in page:
        call.current_state = call.state(now)
    context = {
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
    }
    return render(request, "tenants/staff/call_list.html", context)


def _call_form_page(request, call: TenancyCall | None):
    instance = call or TenancyCall()
    data = request.POST if request.method == "POST" else None
    criteria_locked = call is not None and call.reviews_started()
    form = TenancyCallForm(data, instance=instance)
    requirements = RequirementFormSet(data, instance=instance, prefix="requirements")
    criteria = None if criteria_locked else CriterionFormSet(data, instance=instance, prefix="criteria")
    formsets = [formset for formset in (requirements, criteria) if formset is not None]
    if data is not None and form.is_valid() and all(formset.is_valid() for formset in formsets):
        saved = form.save(commit=False)
        try:
            call_save(call=saved, form=form, formsets=formsets)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request, _("The call is saved.") if call else _("The call is created; publish it when ready.")
            )
            return redirect("tenants:staff_call_edit", pk=saved.pk)
    context = {
        "call": call,
        "form": form,
        "requirements": requirements,
        "criteria": criteria,
        "locked_criteria": list(call.criteria.all()) if criteria_locked else [],
        "criteria_total": CRITERIA_TOTAL,
    }
    return render(request, "tenants/staff/call_form.html", context)


@staff_permission("tenants.add_tenancycall")
def call_create(request):
    return _call_form_page(request, None)


@staff_permission("tenants.change_tenancycall")
def call_edit(request, pk):
    return _call_form_page(request, get_object_or_404(TenancyCall, pk=pk))


@require_POST
@staff_permission("tenants.change_tenancycall")
def call_publish_view(request, pk):
    call = get_object_or_404(TenancyCall, pk=pk)
    try:
        call_publish(call=call)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The call is published; the public call pages show it now."))
    return redirect("tenants:staff_call_edit", pk=call.pk)


@require_POST
@staff_permission("tenants.change_tenancycall")
def call_close_view(request, pk):
    call = get_object_or_404(TenancyCall, pk=pk)
    try:
        call_close(call=call)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The call is closed; it takes no more applications."))
    return redirect("tenants:staff_call_edit", pk=call.pk)


# Correction requests (서류 보완 요청) --------------------------------------------------------------


@staff_permission("tenants.change_application")
@records_access()
def application_return(request, pk):
    application = get_object_or_404(staff_applications(), pk=pk)
    note_access(request, firm=application.firm)
    if application.stage != ApplicationStage.SUBMITTED:
        messages.error(request, _("Only a received application can be returned for correction."))
        return redirect("tenants:staff_application", pk=application.pk)
    form = CorrectionRequestForm(request.POST or None, application=application)
    if request.method == "POST" and form.is_valid():
        try:
            application_return_for_correction(
                application=application,
                actor=request.user,
                due_at=form.cleaned_data["due_at"],
                comment=form.cleaned_data["comment"],
                document_comments=form.document_comments(),
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The application is returned for correction; the firm is notified."))
            return redirect("tenants:staff_application", pk=application.pk)
    context = {"application": application, "call": application.call, "firm": application.firm, "form": form}
    return render(request, "tenants/staff/application_return.html", context)


@require_POST
@staff_permission("tenants.decide_application")
def application_close_uncorrected(request, pk):
    application = get_object_or_404(staff_applications(), pk=pk)
    form = RejectUncorrectedForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Record the reason for the decision."))
        return redirect("tenants:staff_application", pk=application.pk)
    try:
        application_reject_uncorrected(application=application, actor=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The application is not selected; the firm is notified."))
    return redirect("tenants:staff_application", pk=application.pk)


def correction_context(application) -> dict:
    """What the staff application page shows about a correction: the open request, whether its
    deadline passed, and the form to close it then."""
    correction = open_correction(application) if application.is_returned else None
    overdue = correction is not None and correction.is_overdue()
    return {
        "correction": correction,
        "correction_overdue": overdue,
        "reject_uncorrected_form": RejectUncorrectedForm() if overdue else None,
    }


# Sites ---------------------------------------------------------------------------------------------


@staff_permission("tenants.view_site")
def site_list(request):
    return render(request, "tenants/staff/site_list.html", {"sites": Site.objects.order_by("name")})


def _site_form_page(request, site: Site | None):
    return content_form_page(
        request,
        form=SiteForm(request.POST or None, instance=site or Site()),
        save=lambda instance: site_save(site=instance),
        saved_message=_("The site is saved."),
        success_url=lambda saved: reverse("tenants:staff_sites"),
        template="tenants/staff/site_form.html",
        context={"site": site},
    )


@staff_permission("tenants.add_site")
def site_create(request):
    return _site_form_page(request, None)


@staff_permission("tenants.change_site")
def site_edit(request, pk):
    return _site_form_page(request, get_object_or_404(Site, pk=pk))

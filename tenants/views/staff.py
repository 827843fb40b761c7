"""The staff workspace: calls and their ranked applications, decisions, leases and renewals.

Every page needs a permission of the staff roles (``portal.accounts.roles``); a firm's user gets 403.
State changes go through ``tenants.services``; their ValidationErrors become form errors.
The application and lease lists give their filtered rows as XLSX or CSV for ``?export=xlsx|csv``.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from portal.accounts.choices import AccessAction
from portal.accounts.recording import note_access, records_access
from portal.forms import add_service_error, int_or_none
from portal.permissions import require_permissions, staff_permission
from portal.personalcache import personal_page
from portal.spreadsheets import (
    requested_export,
    table_response,
)

from ..choices import ApplicationStage, LeaseStatus, RenewalStatus
from ..exports import call_application_table, lease_table
from ..filters import ApplicationFilterSet, LeaseFilterSet
from ..forms import (
    AssignReviewerForm,
    LeaseFromApplicationForm,
    MoveOutForm,
    RenewalDecisionForm,
    StageDecisionForm,
)
from ..models import Application, TenancyCall
from ..selectors import (
    application_attachments,
    application_reviews,
    application_timeline,
    call_ranking,
    call_stage_counts,
    lease_days_left,
    lease_of_application,
    lease_renewals,
    leases_expiring,
    pending_renewal_count,
    site_occupancy,
    staff_applications,
    staff_lease_list,
    staff_leases,
)
from ..services import (
    application_stage_decision,
    application_start_review,
    applications_apply_staged_decisions,
    lease_create_from_application,
    lease_decide_renewal,
    lease_record_move_out,
    review_assign,
)
from .staff_calls import correction_context

EXPIRY_WINDOWS = (90, 30, 7)
LEASES_PER_PAGE = 50
REVIEWABLE_STAGES = (ApplicationStage.SUBMITTED, ApplicationStage.UNDER_REVIEW)


def _decision_form(application: Application, data=None) -> StageDecisionForm:
    return StageDecisionForm(
        data,
        prefix=f"decision-{application.pk}",
        initial={"decision": application.staged_decision, "reason": application.staged_reason},
    )


@personal_page
@staff_permission("tenants.view_application")
def dashboard(request):
    today = timezone.localdate()
    expiring = list(leases_expiring(max(EXPIRY_WINDOWS), on=today))
    for lease in expiring:
        lease.days_left = (lease.end_date - today).days
    context = {
        "stages": list(ApplicationStage),
        "call_rows": call_stage_counts(),
        "occupancy": site_occupancy(on=today),
        "expiring": expiring,
        "expiring_counts": [(days, sum(1 for lease in expiring if lease.days_left <= days)) for days in EXPIRY_WINDOWS],
        "pending_renewals": pending_renewal_count(),
    }
    return render(request, "tenants/staff/dashboard.html", context)


@staff_permission("tenants.view_application")
@records_access(AccessAction.SEARCH)
def call_applications(request, pk):
    call = get_object_or_404(TenancyCall, pk=pk)
    posted_form = posted_application_id = None
    if request.method == "POST":
        require_permissions(request, "tenants.decide_application")
        application = get_object_or_404(call.applications, pk=int_or_none(request.POST.get("application")))
        posted_form = _decision_form(application, request.POST)
        posted_application_id = application.pk
        if posted_form.is_valid():
            try:
                application_stage_decision(
                    application=application,
                    decision=posted_form.cleaned_data["decision"],
                    reason=posted_form.cleaned_data["reason"],
                )
            except ValidationError as error:
                add_service_error(posted_form, error)
            else:
                messages.success(request, _("The staged decision for %(firm)s is saved.") % {"firm": application.firm})
                return redirect(request.get_full_path())
        problems = " ".join(message for field_errors in posted_form.errors.values() for message in field_errors)
        messages.error(
            request,
            _("The decision for %(firm)s was not saved: %(problems)s")
            % {"firm": application.firm, "problems": problems},
        )

    rows = call_ranking(call)
    filterset = ApplicationFilterSet(request.GET or None, queryset=call.applications.all())
    del filterset.form.fields["call"]  # the page is one call already
    if filterset.is_bound:
        shown_ids = set(filterset.qs.values_list("pk", flat=True))
        shown_rows = [row for row in rows if row["application"].pk in shown_ids]
    else:
        shown_rows = rows
    export_format = requested_export(request)
    if export_format and request.method == "GET":
        return table_response(
            export_format, f"applications-{call.pk}", _("Applications"), *call_application_table(shown_rows)
        )
    note_access(request, rows=len(shown_rows))
    can_decide = request.user.has_perm("tenants.decide_application")
    for row in shown_rows:
        application = row["application"]
        if application.pk == posted_application_id:
            row["decision_form"] = posted_form  # with its errors
        elif can_decide and application.stage == ApplicationStage.UNDER_REVIEW:
            row["decision_form"] = _decision_form(application)
        else:
            row["decision_form"] = None
    staged_count = sum(
        1
        for row in rows
        if row["application"].stage == ApplicationStage.UNDER_REVIEW and row["application"].staged_decision
    )
    context = {
        "call": call,
        "rows": shown_rows,
        "total_count": len(rows),
        "filter_form": filterset.form,
        "staged_count": staged_count,
        "can_decide": can_decide,
    }
    return render(request, "tenants/staff/call_applications.html", context)


@require_POST
@staff_permission("tenants.decide_application")
def apply_decisions(request, pk):
    call = get_object_or_404(TenancyCall, pk=pk)
    try:
        count = applications_apply_staged_decisions(call=call, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if count:
            messages.success(
                request,
                ngettext(
                    "%(count)d staged decision was applied; the firm is notified.",
                    "%(count)d staged decisions were applied; each firm is notified.",
                    count,
                )
                % {"count": count},
            )
        else:
            messages.info(request, _("There were no staged decisions to apply."))
    return redirect("tenants:staff_call", pk=call.pk)


@staff_permission("tenants.view_application")
@records_access()
def application_review(request, pk):
    application = get_object_or_404(
        staff_applications(),
        pk=pk,
    )
    note_access(request, firm=application.firm)
    lease = lease_of_application(application)
    assign_form = AssignReviewerForm(application=application, prefix="assign")
    decision_form = _decision_form(application)
    lease_form = LeaseFromApplicationForm(application=application, prefix="lease")

    if request.method == "POST":
        action = request.POST.get("action")
        if action == "assign":
            require_permissions(request, "tenants.add_reviewassignment")
            assign_form = AssignReviewerForm(request.POST, application=application, prefix="assign")
            if assign_form.is_valid():
                reviewer = assign_form.cleaned_data["reviewer"]
                try:
                    assignment = review_assign(application=application, reviewer=reviewer, actor=request.user)
                except ValidationError as error:
                    add_service_error(assign_form, error)
                else:
                    if assignment.conflict_note:
                        messages.warning(
                            request,
                            _("%(name)s is assigned, but excluded: %(reason)s")
                            % {"name": reviewer.get_full_name(), "reason": assignment.conflict_note},
                        )
                    else:
                        messages.success(request, _("%(name)s is assigned.") % {"name": reviewer.get_full_name()})
                    return redirect("tenants:staff_application", pk=application.pk)
        elif action == "start_review":
            require_permissions(request, "tenants.change_application")
            try:
                application_start_review(application=application, actor=request.user)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("The application is now under review; the firm is notified."))
            return redirect("tenants:staff_application", pk=application.pk)
        elif action == "decide":
            require_permissions(request, "tenants.decide_application")
            decision_form = _decision_form(application, request.POST)
            if decision_form.is_valid():
                try:
                    application_stage_decision(
                        application=application,
                        decision=decision_form.cleaned_data["decision"],
                        reason=decision_form.cleaned_data["reason"],
                    )
                except ValidationError as error:
                    add_service_error(decision_form, error)
                else:
                    messages.success(
                        request, _("The staged decision is saved. Apply it from the call's page to notify the firm.")
                    )
                    return redirect("tenants:staff_application", pk=application.pk)
        elif action == "lease":
            require_permissions(request, "tenants.add_lease")
            lease_form = LeaseFromApplicationForm(request.POST, application=application, prefix="lease")
            if lease_form.is_valid():
                try:
                    lease = lease_create_from_application(application=application, **lease_form.cleaned_data)
                except ValidationError as error:
                    add_service_error(lease_form, error)
                else:
                    messages.success(request, _("The lease is created."))
                    return redirect("tenants:staff_lease", pk=lease.pk)
        else:
            return HttpResponseBadRequest(_("Unknown action."))

    # A form is shown while its step is possible, and always after a failed submission (with its errors).
    show_assign = application.stage in REVIEWABLE_STAGES or assign_form.is_bound
    show_decision = application.stage == ApplicationStage.UNDER_REVIEW or decision_form.is_bound
    show_lease = (application.stage == ApplicationStage.SELECTED and lease is None) or lease_form.is_bound
    context = {
        "application": application,
        "call": application.call,
        "firm": application.firm,
        "lease": lease,
        "attachments": application_attachments(application),
        "timeline": application_timeline(application),
        "reviews": application_reviews(application),
        "criteria": list(application.call.criteria.all()),
        "assign_form": assign_form if show_assign else None,
        "can_start_review": application.stage == ApplicationStage.SUBMITTED,
        "decision_form": decision_form if show_decision else None,
        "lease_form": lease_form if show_lease else None,
        "can_return": application.stage == ApplicationStage.SUBMITTED,
        **correction_context(application),
    }
    return render(request, "tenants/staff/application_review.html", context)


@personal_page
@staff_permission("tenants.view_lease")
def lease_list(request):
    queryset = staff_lease_list()
    only_pending = request.GET.get("renewal") == "pending"
    if only_pending:
        queryset = queryset.filter(has_pending_renewal=True)
    filterset = LeaseFilterSet(request.GET or None, queryset=queryset)
    export_format = requested_export(request)
    if export_format:
        return table_response(export_format, "leases", _("Leases"), *lease_table(filterset.qs))
    page = Paginator(filterset.qs, LEASES_PER_PAGE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    for lease in page:
        lease.days_left = lease_days_left(lease, today)
    context = {
        "filter_form": filterset.form,
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "windows": EXPIRY_WINDOWS,
        "only_pending": only_pending,
    }
    return render(request, "tenants/staff/lease_list.html", context)


@staff_permission("tenants.view_lease")
def lease_detail(request, pk):
    lease = get_object_or_404(staff_leases(), pk=pk)
    renewals = lease_renewals(lease)
    pending = next((renewal for renewal in renewals if renewal.status == RenewalStatus.PENDING), None)
    renewal_form = RenewalDecisionForm(prefix="renewal")
    move_out_form = MoveOutForm(prefix="move_out", initial={"moved_out_on": timezone.localdate()})

    if request.method == "POST":
        action = request.POST.get("action")
        if action == "renewal" and pending is not None:
            require_permissions(request, "tenants.change_leaserenewalrequest")
            renewal_form = RenewalDecisionForm(request.POST, prefix="renewal")
            if renewal_form.is_valid():
                approve = renewal_form.cleaned_data["decision"] == RenewalDecisionForm.APPROVE
                try:
                    lease_decide_renewal(
                        renewal=pending, approve=approve, actor=request.user, reason=renewal_form.cleaned_data["reason"]
                    )
                except ValidationError as error:
                    add_service_error(renewal_form, error)
                else:
                    messages.success(
                        request,
                        _("The lease is renewed until %(date)s.") % {"date": pending.requested_end_date}
                        if approve
                        else _("The renewal request is declined."),
                    )
                    return redirect("tenants:staff_lease", pk=lease.pk)
        elif action == "move_out":
            require_permissions(request, "tenants.change_lease")
            move_out_form = MoveOutForm(request.POST, prefix="move_out")
            if move_out_form.is_valid():
                try:
                    lease_record_move_out(lease=lease, moved_out_on=move_out_form.cleaned_data["moved_out_on"])
                except ValidationError as error:
                    add_service_error(move_out_form, error)
                else:
                    messages.success(request, _("The move-out is recorded and the lease has ended."))
                    return redirect("tenants:staff_lease", pk=lease.pk)
        elif action == "renewal":
            messages.error(request, _("This renewal request has already been decided."))
            return redirect("tenants:staff_lease", pk=lease.pk)
        else:
            return HttpResponseBadRequest(_("Unknown action."))

    today = timezone.localdate()
    context = {
        "lease": lease,
        "days_left": lease_days_left(lease, today),
        "renewals": renewals,
        "pending": pending,
        "renewal_form": renewal_form if pending else None,
        "move_out_form": move_out_form if lease.status == LeaseStatus.ACTIVE or move_out_form.is_bound else None,
    }
    return render(request, "tenants/staff/lease_detail.html", context)

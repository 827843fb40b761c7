"""Calls for tenants (public), and the firm's applications, attachments and leases."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.accounts.choices import AccessAction
from portal.accounts.recording import note_access, records_access
from portal.files import stored_file_response
from portal.forms import add_service_error, int_or_none
from portal.pagecache import public_page
from portal.personalcache import personal_page

from ..choices import ApplicationStage, CallState, ConflictState
from ..forms import ApplicationForm, AttachmentForm, RenewalRequestForm
from ..models import Application, ApplicationAttachment, Lease
from ..scoping import get_object_for_member, membership_of, require_membership, scope_to_member
from ..selectors import application_submission_problems, applications_for_firm, open_correction, published_calls
from ..services import (
    application_create_draft,
    application_submit,
    application_update_draft,
    application_withdraw,
    attachment_add,
    attachment_remove,
    lease_request_renewal,
)

CALLS_PER_PAGE = 20
FINAL_STAGES = (ApplicationStage.SELECTED, ApplicationStage.REJECTED, ApplicationStage.WITHDRAWN)


@public_page("calls")
def call_list(request):
    calls = list(published_calls())
    now = timezone.now()
    for call in calls:
        call.current_state = call.state(now)
    open_first = sorted(calls, key=lambda call: (call.current_state != CallState.OPEN, -call.closes_at.timestamp()))
    page = Paginator(open_first, CALLS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "tenants/call_list.html", {"page": page})


@public_page("calls")
def call_detail(request, pk):
    call = get_object_or_404(published_calls().prefetch_related("requirements", "criteria"), pk=pk)
    membership = membership_of(request.user)
    existing = Application.objects.filter(call=call, firm=membership.firm).first() if membership else None
    context = {"call": call, "state": call.state(), "membership": membership, "existing": existing}
    return render(request, "tenants/call_detail.html", context)


@login_required
@require_POST
def application_start(request, pk):
    call = get_object_or_404(published_calls(), pk=pk)
    membership = require_membership(request.user)
    if not membership.is_representative:
        raise PermissionDenied(_("Only the firm's representative can apply."))
    try:
        application = application_create_draft(call=call, firm=membership.firm, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        existing = Application.objects.filter(call=call, firm=membership.firm).first()
        return redirect(existing or call)
    messages.success(request, _("Your draft is created. It is saved each time you press Save."))
    return redirect("tenants:application_edit", pk=application.pk)


@personal_page
@login_required
def my_applications(request):
    page = Paginator(applications_for_firm(request.user), CALLS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "tenants/my_applications.html", {"page": page})


def stage_path(application) -> list[tuple[str, str]]:
    """접수 → 검토 → 선정/탈락 as the firm sees it, ending in the stage actually reached."""
    path = [ApplicationStage.DRAFT, ApplicationStage.SUBMITTED, ApplicationStage.UNDER_REVIEW]
    if application.stage == ApplicationStage.RETURNED:
        path.insert(2, ApplicationStage.RETURNED)
    final = application.stage if application.stage in FINAL_STAGES else None
    steps = [(stage.value, stage.label) for stage in path]
    if final:
        steps.append((final, ApplicationStage(final).label))
    else:
        selected, rejected = ApplicationStage.SELECTED, ApplicationStage.REJECTED
        steps.append(("decision", f"{selected.label} / {rejected.label}"))
    return steps


@login_required
def application_detail(request, pk):
    application = get_object_for_member(
        request.user, Application.objects.select_related("call", "firm", "requested_site"), pk=pk
    )
    correction = open_correction(application) if application.is_returned else None
    context = {
        "application": application,
        "timeline": application.stage_changes.select_related("changed_by"),
        "attachments": application.attachments.select_related("requirement"),
        "problems": application_submission_problems(application) if application.is_editable else [],
        "is_representative": require_membership(request.user).is_representative,
        # A returned application is resubmitted by its correction deadline, a draft by the call's.
        "deadline": correction.due_at if correction else application.call.closes_at,
        "deadline_passed": correction.is_overdue() if correction else application.call.state() == CallState.CLOSED,
        "stages": stage_path(application),
    }
    return render(request, "tenants/application_detail.html", context)


@login_required
def application_receipt(request, pk):
    """The printable 접수증 (receipt) of a submitted application, for the firm's own records."""
    application = get_object_for_member(
        request.user, Application.objects.select_related("call", "firm", "requested_site"), pk=pk
    )
    if not application.receipt_number:
        raise Http404
    context = {"application": application, "attachments": application.attachments.select_related("requirement")}
    return render(request, "tenants/application_receipt.html", context)


@login_required
def application_edit(request, pk):
    application = get_object_for_member(
        request.user, Application.objects.select_related("call"), representative=True, pk=pk
    )
    if not application.is_editable:
        messages.info(request, _("A submitted application can no longer be changed."))
        return redirect(application)
    data, files = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    form = ApplicationForm(data, instance=Application.objects.get(pk=application.pk), call=application.call)
    upload_form = AttachmentForm(data, files, call=application.call)
    # Everything on the page is one submit (the text, a file to attach, a file to remove), so no
    # button throws away what was typed. All is saved or nothing, and then the page shows what was
    # typed again (a chosen file must be chosen again; the form says so). `&`, not `and`: both forms
    # are checked, so all their errors show at once.
    if data is not None and form.is_valid() & upload_form.is_valid():
        removed = (
            get_object_or_404(application.attachments, pk=int_or_none(data["remove"])) if "remove" in data else None
        )
        file = upload_form.cleaned_data["file"]
        failed_form = form
        try:
            with transaction.atomic():
                application_update_draft(application=application, **form.cleaned_data)
                if removed:
                    attachment_remove(attachment=removed)
                if file:
                    failed_form = upload_form
                    requirement = upload_form.cleaned_data["requirement"]
                    attachment_add(application=application, file=file, requirement=requirement, user=request.user)
        except ValidationError as error:
            add_service_error(failed_form, error)
        else:
            if removed:
                messages.success(request, _("Draft saved and %(name)s removed.") % {"name": removed.original_name})
                return redirect("tenants:application_edit", pk=application.pk)
            messages.success(request, _("Draft saved and the file attached.") if file else _("Draft saved."))
            return redirect(application)
    context = {
        "application": application,
        "form": form,
        "upload_form": upload_form,
        "attachments": application.attachments.select_related("requirement"),
    }
    return render(request, "tenants/application_form.html", context)


@login_required
@require_POST
def application_submit_view(request, pk):
    application = get_object_for_member(
        request.user, Application.objects.select_related("call"), representative=True, pk=pk
    )
    try:
        application_submit(application=application, actor=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Your application is submitted. We will e-mail you at each stage."))
    return redirect(application)


@login_required
@require_POST
def application_withdraw_view(request, pk):
    application = get_object_for_member(request.user, Application, representative=True, pk=pk)
    try:
        application_withdraw(application=application, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your application is withdrawn."))
    return redirect(application)


def _download_name(user, attachment: ApplicationAttachment) -> str | None:
    """The file name to serve under, or None when the user may not download the attachment.

    The firm's people and staff get the original name; an assigned reviewer without a conflict too,
    except in a blind call: there only documents marked ``shown_in_blind_review``, named after the
    document, since a file name often carries the firm's.
    """
    if scope_to_member(Application.objects.filter(pk=attachment.application_id), user).exists():
        return attachment.original_name
    if user.has_perm("tenants.view_applicationattachment"):
        return attachment.original_name
    application = attachment.application
    if not application.review_assignments.filter(reviewer=user, conflict=ConflictState.NONE).exists():
        return None
    if not application.call.blind_review:
        return attachment.original_name
    requirement = attachment.requirement
    if requirement is None or not requirement.shown_in_blind_review:
        return None
    return f"{requirement.name}.{attachment.file_type}"


@login_required
@records_access(AccessAction.DOWNLOAD)
def attachment_download(request, pk, attachment_pk):
    attachment = get_object_or_404(
        ApplicationAttachment.objects.select_related("application__call", "application__firm", "requirement"),
        pk=attachment_pk,
        application_id=pk,
    )
    filename = _download_name(request.user, attachment)
    if filename is None:
        raise Http404
    note_access(request, firm=attachment.application.firm)
    return stored_file_response(request, attachment.file, filename=filename, content_type=attachment.content_type)


@login_required
def my_leases(request):
    leases = scope_to_member(Lease.objects.select_related("space__site"), request.user).prefetch_related(
        "renewal_requests"
    )
    return render(request, "tenants/my_leases.html", {"leases": leases, "form": RenewalRequestForm()})


@login_required
def lease_renewal_request(request, pk):
    lease = get_object_for_member(request.user, Lease.objects.select_related("space__site"), representative=True, pk=pk)
    form = RenewalRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            lease_request_renewal(lease=lease, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Your renewal request is sent to the hub."))
            return redirect("tenants:my_leases")
    return render(request, "tenants/lease_renewal_form.html", {"lease": lease, "form": form})

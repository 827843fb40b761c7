"""The service desk pages: a resident firm's requests (/my/requests/) and the staff queue (/staff/desk/).

The firm reaches its requests only through ``requests_of_member`` (another firm's id is a 404) and
reads the firm timeline, which never holds an internal note. Staff pages need the desk permissions
of ``portal.accounts.roles`` and are access-recorded (they show the requester's name and e-mail).
Every change goes through ``tenants.desk.services``; its ValidationErrors become form errors.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from portal.accounts.choices import AccessAction
from portal.accounts.recording import note_access, records_access
from portal.files import stored_file_response
from portal.forms import add_service_error
from portal.permissions import require_permissions, staff_permission
from portal.spreadsheets import DATE_FORMAT, DATETIME_FORMAT, Column, requested_export, table_response
from portal.time import hub_today, kst
from tenants.scoping import membership_of

from .certificates import residence_certificate_issue
from .choices import Actor, RequestCategory, allowed_targets
from .filters import ServiceRequestFilterSet
from .forms import (
    AssignForm,
    CertificateForm,
    ReopenForm,
    ReplyForm,
    ServiceLevelForm,
    ServiceRequestForm,
    StaffReplyForm,
    TransitionForm,
)
from .models import RequestAttachment, ResidenceCertificate, ServiceLevel, ServiceRequest
from .selectors import (
    desk_owners,
    firm_timeline,
    queue_counts,
    request_files,
    requests_of_member,
    staff_queue,
    staff_timeline,
)
from .services import (
    request_sites,
    service_level_set,
    service_request_assign,
    service_request_confirm,
    service_request_create,
    service_request_reopen,
    service_request_reply,
    service_request_transition,
)

REQUESTS_PER_PAGE = 30
QUEUE_PER_PAGE = 50
# The personal data the staff desk pages show, named in their access records.
DESK_FIELDS = ("requester.name", "requester.email")


# The firm's side


@login_required
def my_requests(request):
    membership = membership_of(request.user)
    if membership is None:
        return render(request, "desk/no_firm.html", status=404)
    queryset = requests_of_member(request.user).with_overdue(hub_today())
    page = Paginator(queryset, REQUESTS_PER_PAGE).get_page(request.GET.get("page"))
    context = {"page": page, "can_file": request_sites(membership.firm).exists(), "firm": membership.firm}
    return render(request, "desk/my_requests.html", context)


@login_required
def request_create(request):
    membership = membership_of(request.user)
    if membership is None:
        return render(request, "desk/no_firm.html", status=404)
    sites = request_sites(membership.firm)
    initial = {"category": request.GET.get("category")} if request.GET.get("category") in RequestCategory else {}
    form = ServiceRequestForm(request.POST or None, request.FILES or None, sites=sites, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            service_request = service_request_create(
                user=request.user,
                category=data["category"],
                site=data["site"],
                space=data["space"],
                subject=data["subject"],
                description=data["description"],
                urgency=data["urgency"],
                files=data["files"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("Your request %(reference)s is received; it is due by %(due)s.")
                % {"reference": service_request.reference, "due": service_request.due_on.isoformat()},
            )
            return redirect(service_request)
    return render(request, "desk/request_form.html", {"form": form, "has_sites": sites.exists()})


@login_required
def request_detail(request, pk):
    service_request = get_object_or_404(requests_of_member(request.user), pk=pk)
    reply_form = ReplyForm(prefix="reply")
    reopen_form = ReopenForm(prefix="reopen")
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "reply":
                reply_form = ReplyForm(request.POST, request.FILES, prefix="reply")
                if reply_form.is_valid():
                    service_request_reply(
                        service_request=service_request,
                        user=request.user,
                        actor=Actor.FIRM,
                        text=reply_form.cleaned_data["text"],
                        files=reply_form.cleaned_data["files"],
                    )
                    messages.success(request, _("Your reply is sent to the hub."))
                    return redirect(service_request)
            elif action == "reopen":
                reopen_form = ReopenForm(request.POST, prefix="reopen")
                if reopen_form.is_valid():
                    service_request_reopen(
                        service_request=service_request, user=request.user, text=reopen_form.cleaned_data["text"]
                    )
                    messages.success(request, _("The request is reopened; the hub works on it again."))
                    return redirect(service_request)
            elif action == "confirm":
                service_request_confirm(service_request=service_request, user=request.user)
                messages.success(request, _("Thank you: the request is closed."))
                return redirect(service_request)
            else:
                messages.error(request, _("Choose what to do."))
        except ValidationError as error:
            add_service_error(reopen_form if action == "reopen" else reply_form, error)
    context = {
        "service_request": service_request,
        "timeline": firm_timeline(service_request),
        "files": request_files(service_request),
        "certificate": ResidenceCertificate.objects.filter(request=service_request).exclude(pdf="").first(),
        "reply_form": reply_form,
        "reopen_form": reopen_form,
        "today": hub_today(),
    }
    return render(request, "desk/request_detail.html", context)


def _reachable_requests(user):
    """Staff who may view requests reach any; everyone else only their firm's."""
    if user.has_perm("desk.view_servicerequest"):
        return ServiceRequest.objects.select_related("firm", "requester")
    return requests_of_member(user).select_related("firm")


@login_required
@records_access(AccessAction.DOWNLOAD)
def attachment_download(request, pk, file_pk):
    service_request = get_object_or_404(_reachable_requests(request.user), pk=pk)
    attachment = get_object_or_404(RequestAttachment, request=service_request, pk=file_pk)
    note_access(request, firm=service_request.firm, subject_user=service_request.requester)
    return stored_file_response(
        request,
        attachment.file,
        filename=attachment.original_name,
        content_type=attachment.content_type,
        as_attachment=not attachment.is_image,
    )


@login_required
@records_access(AccessAction.DOWNLOAD)
def certificate_download(request, pk):
    service_request = get_object_or_404(_reachable_requests(request.user), pk=pk)
    certificate = ResidenceCertificate.objects.filter(request=service_request).exclude(pdf="").first()
    if certificate is None:
        raise Http404
    note_access(request, firm=service_request.firm)
    return stored_file_response(
        request, certificate.pdf, filename=f"입주확인서-{certificate.number}.pdf", content_type="application/pdf"
    )


def certificate_verify(request, code):
    """Public: what a certificate of residence certifies, found by its verification code; nothing else."""
    certificate = ResidenceCertificate.objects.filter(verification_code=code).first()
    if certificate is None:
        return render(request, "desk/certificate_verify.html", {"found": False}, status=404)
    return render(request, "desk/certificate_verify.html", {"found": True, "certificate": certificate})


# Staff


def queue_table(requests, today) -> tuple[list[Column], list[tuple]]:
    """The filtered queue as a sheet. Only the request's own fields: never a timeline entry."""
    columns = [
        Column(_("Reference"), 10),
        Column(_("Received at"), 16, DATETIME_FORMAT),
        Column(_("Firm"), 28),
        Column(_("Category"), 18),
        Column(_("Site"), 22),
        Column(_("Space"), 10),
        Column(_("Subject"), 40),
        Column(_("Priority"), 10),
        Column(_("Status"), 16),
        Column(_("Owner"), 16),
        Column(_("Due on"), 12, DATE_FORMAT),
        Column(pgettext("service request", "Overdue"), 8),
        Column(_("Resolved at"), 16, DATETIME_FORMAT),
    ]
    rows = [
        (
            item.reference,
            kst(item.created_at),
            item.firm.name,
            item.get_category_display(),
            item.site.name,
            item.space.code if item.space else "",
            item.subject,
            item.get_priority_display(),
            item.get_state_display(),
            (item.owner.get_full_name() or item.owner.email) if item.owner else "",
            item.due_on,
            _("Yes") if item.is_overdue else _("No"),
            kst(item.resolved_at),
        )
        for item in requests
    ]
    return columns, rows


@staff_permission("desk.view_servicerequest")
@records_access(AccessAction.SEARCH, fields=DESK_FIELDS)
def staff_queue_view(request):
    today = hub_today()
    data = request.GET.copy()
    if not data:
        data["open"] = "true"
    filterset = ServiceRequestFilterSet(data, queryset=staff_queue(today), request=request)
    export_format = requested_export(request)
    if export_format:
        return table_response(
            export_format, "service-requests", _("Service requests"), *queue_table(filterset.qs, today)
        )
    page = Paginator(filterset.qs, QUEUE_PER_PAGE).get_page(request.GET.get("page"))
    note_access(request, rows=len(page.object_list))
    context = {
        "filter_form": filterset.form,
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "counts": queue_counts(today),
        "today": today,
    }
    return render(request, "desk/staff_queue.html", context)


def _staff_forms(service_request, data=None, files=None, action=None):
    targets = allowed_targets(service_request.state, Actor.STAFF)

    def posted(name):
        return data if action == name else None

    return {
        "assign_form": AssignForm(posted("assign"), instance=service_request, owners=desk_owners(), prefix="assign"),
        "transition_form": TransitionForm(posted("transition"), targets=targets, prefix="move"),
        "reply_form": StaffReplyForm(posted("reply"), files if action == "reply" else None, prefix="reply"),
        "certificate_form": CertificateForm(posted("certificate"), prefix="certificate"),
    }


@staff_permission("desk.view_servicerequest")
@records_access(fields=DESK_FIELDS)
def staff_request(request, pk):
    service_request = get_object_or_404(
        ServiceRequest.objects.select_related("firm", "requester", "owner", "site", "space"), pk=pk
    )
    action = request.POST.get("action") if request.method == "POST" else None
    forms = _staff_forms(service_request, request.POST, request.FILES, action)
    if action:
        require_permissions(request, "desk.manage_servicerequest")
        form = {
            "assign": forms["assign_form"],
            "transition": forms["transition_form"],
            "reply": forms["reply_form"],
            "certificate": forms["certificate_form"],
        }.get(action)
        if form is None:
            messages.error(request, _("Choose what to do."))
        elif form.is_valid():
            try:
                _staff_action(request, service_request, action, form.cleaned_data)
            except ValidationError as error:
                add_service_error(form, error)
            else:
                return redirect(service_request.get_staff_url())
    note_access(request, firm=service_request.firm, subject_user=service_request.requester)
    context = {
        "service_request": service_request,
        "timeline": staff_timeline(service_request),
        "files": request_files(service_request),
        "certificate": ResidenceCertificate.objects.filter(request=service_request).first(),
        "is_overdue": service_request.is_overdue_on(),
        **forms,
    }
    return render(request, "desk/staff_request.html", context)


def _staff_action(request, service_request, action, data) -> None:
    if action == "assign":
        service_request_assign(
            service_request=service_request, owner=data["owner"], priority=data["priority"], due_on=data["due_on"]
        )
        messages.success(request, _("Owner, priority and due date are saved."))
    elif action == "transition":
        service_request_transition(
            service_request=service_request,
            to_state=data["to_state"],
            actor=Actor.STAFF,
            user=request.user,
            text=data["text"],
        )
        messages.success(request, _("The status is changed and the firm is told by e-mail."))
    elif action == "reply":
        service_request_reply(
            service_request=service_request,
            user=request.user,
            actor=Actor.STAFF,
            text=data["text"],
            internal=data["internal"],
            files=data["files"],
        )
        messages.success(
            request, _("The internal note is saved.") if data["internal"] else _("The reply is sent to the firm.")
        )
    elif action == "certificate":
        certificate = residence_certificate_issue(
            service_request=service_request, user=request.user, purpose=data["purpose"]
        )
        messages.success(request, _("Certificate %(number)s is issued.") % {"number": certificate.number})


@staff_permission("desk.view_servicelevel")
def staff_service_levels(request):
    current = dict(ServiceLevel.objects.values_list("category", "working_days"))
    form = ServiceLevelForm(request.POST or None, current=current)
    if request.method == "POST":
        require_permissions(request, "desk.change_servicelevel")
        if form.is_valid():
            for category, days in form.cleaned_data.items():
                if current.get(category) != days:
                    service_level_set(category=category, working_days=days)
            messages.success(request, _("The service levels are saved; they apply to requests filed from now on."))
            return redirect("desk:staff_service_levels")
    return render(request, "desk/service_levels.html", {"form": form})

"""AI-adoption consulting pages: the firm's requests, the expert's engagements, and staff triage.

Who reaches a request: the firm's people (``tenants.scoping``), the experts assigned to it, and staff
with ``programs.view_consultingrequest``; anyone else gets 404, whatever the id. State changes go
through ``programs.services``; their ValidationErrors become messages or form errors. The staff list
gives its filtered requests as XLSX or CSV for ``?export=xlsx|csv``.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.accounts.choices import AccessAction
from portal.accounts.recording import note_access, records_access
from portal.files import content_type_for, stored_file_response
from portal.forms import add_service_error, int_or_none
from portal.permissions import staff_permission
from portal.spreadsheets import requested_export, table_response
from tenants.scoping import get_object_for_member, membership_of, require_membership, scope_to_member

from ..exports import consulting_table
from ..filters import ConsultingRequestFilterSet
from ..forms import (
    AssignForm,
    ConsultingAttachmentForm,
    ConsultingRequestForm,
    KpiForm,
    KpiTargetForm,
    MilestoneForm,
    MilestoneUpdateForm,
    ReasonForm,
    SpendingForm,
    TriageForm,
)
from ..models import (
    ConsultingRequest,
    FundedProject,
    KpiMeasurement,
    KpiTarget,
    Milestone,
)
from ..selectors import (
    budget_overview,
    engagement_counts,
    engagement_detail_query,
    engagements_for_expert,
    experts_query,
    experts_ranked_for,
    submitted_requests,
    visible_requests,
)
from ..services import (
    consulting_assign,
    consulting_attachment_add,
    consulting_complete,
    consulting_request_create,
    consulting_request_decline,
    consulting_request_submit,
    consulting_request_update,
    consulting_request_withdraw,
    consulting_start,
    consulting_triage,
    deliverable_add,
    kpi_record,
    kpi_target_save,
    kpi_verify,
    milestone_add,
    milestone_update,
    spending_record,
)

PER_PAGE = 30
STAFF_VIEW = "programs.view_consultingrequest"


def _get_visible(user, pk) -> ConsultingRequest:
    return get_object_or_404(engagement_detail_query(visible_requests(user)), pk=pk)


def _is_assigned(request_obj: ConsultingRequest, user) -> bool:
    return any(assignment.expert.user_id == user.pk for assignment in request_obj.assignments.all())


def _get_for_expert(user, pk) -> ConsultingRequest:
    """An engagement the user is assigned to (or any, for staff); 404 for everyone else."""
    queryset = ConsultingRequest.objects.all() if user.has_perm(STAFF_VIEW) else engagements_for_expert(user)
    return get_object_or_404(queryset, pk=pk)


def _get_for_representative(user, pk) -> ConsultingRequest:
    """One of the representative's own firm's requests; 404 for anyone else, members included."""
    queryset = engagement_detail_query(ConsultingRequest.objects.all())
    return get_object_for_member(user, queryset, representative=True, pk=pk)


def _is_representative(user, request_obj) -> bool:
    membership = membership_of(user)
    return bool(membership and membership.firm_id == request_obj.firm_id and membership.is_representative)


# Firm ------------------------------------------------------------------------------------------


@login_required
def consulting_mine(request):
    require_membership(request.user)
    requests = scope_to_member(ConsultingRequest.objects.select_related("firm"), request.user)
    page = Paginator(requests, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "programs/consulting/mine.html", {"page": page})


@login_required
def consulting_new(request):
    membership = require_membership(request.user)
    if not membership.is_representative:
        raise PermissionDenied(_("Only the firm's representative can file a request."))
    form = ConsultingRequestForm(request.POST or None, with_consent=True)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        consent_given = data.pop("consent_given")
        try:
            created = consulting_request_create(
                firm=membership.firm,
                user=request.user,
                consent_given=consent_given,
                ip_address=request.META.get("REMOTE_ADDR"),
                **data,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Your draft is saved. Attach files if you wish, then submit it."))
            return redirect(created)
    return render(request, "programs/consulting/request_form.html", {"form": form, "consulting": None})


@login_required
def consulting_edit(request, pk):
    consulting = _get_for_representative(request.user, pk)
    if not consulting.is_editable:
        messages.info(request, _("A submitted request can no longer be changed."))
        return redirect(consulting)
    form = ConsultingRequestForm(request.POST or None, instance=ConsultingRequest.objects.get(pk=consulting.pk))
    if request.method == "POST" and form.is_valid():
        try:
            consulting_request_update(request=consulting, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Draft saved."))
            return redirect(consulting)
    return render(request, "programs/consulting/request_form.html", {"form": form, "consulting": consulting})


@login_required
@require_POST
def consulting_attachment_upload(request, pk):
    consulting = _get_for_representative(request.user, pk)
    form = ConsultingAttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            consulting_attachment_add(request=consulting, file=form.cleaned_data["file"], user=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The file is attached."))
    else:
        messages.error(request, _("Choose a file to attach."))
    return redirect(consulting)


@login_required
@require_POST
def consulting_submit(request, pk):
    consulting = _get_for_representative(request.user, pk)
    try:
        consulting_request_submit(request=consulting, actor=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Your request is submitted. We will e-mail you at each step."))
    return redirect(consulting)


@login_required
@require_POST
def consulting_withdraw(request, pk):
    consulting = _get_for_representative(request.user, pk)
    try:
        consulting_request_withdraw(request=consulting, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your request is withdrawn."))
    return redirect(consulting)


# Shared detail and files ------------------------------------------------------------------------


def _detail_context(request, consulting, **forms):
    user = request.user
    is_staff = user.has_perm(STAFF_VIEW)
    is_expert = _is_assigned(consulting, user)
    context = {
        "consulting": consulting,
        "is_staff": is_staff,
        "is_expert": is_expert,
        "is_representative": _is_representative(user, consulting),
        "kpis": list(consulting.kpis.all()),
        "milestones": list(consulting.milestones.all()),
        "attachment_form": ConsultingAttachmentForm(),
    }
    if is_expert or is_staff:
        context["milestone_form"] = forms.get("milestone_form") or MilestoneForm()
        context["kpi_form"] = forms.get("kpi_form") or KpiForm()
        context["milestone_update_forms"] = {
            milestone.pk: MilestoneUpdateForm(
                initial={"status": milestone.status, "notes": milestone.notes}, prefix=f"m{milestone.pk}"
            )
            for milestone in context["milestones"]
        }
    if is_staff:
        context["triage_form"] = forms.get("triage_form") or TriageForm(
            initial={"priority": consulting.priority, "category": consulting.category}
        )
        context["decline_form"] = forms.get("decline_form") or ReasonForm()
        context["ranked"] = experts_ranked_for(consulting)
        context["assign_form"] = forms.get("assign_form") or AssignForm(experts=experts_query())
        context["spending_form"] = forms.get("spending_form") or SpendingForm()
        context["spendings"] = consulting.spendings.select_related("budget_line__project")
    return context


@login_required
@records_access()
def consulting_detail(request, pk):
    consulting = _get_visible(request.user, pk)
    note_access(request, firm=consulting.firm)
    return render(request, "programs/consulting/detail.html", _detail_context(request, consulting))


@login_required
@records_access(AccessAction.DOWNLOAD)
def consulting_attachment(request, pk, attachment_pk):
    consulting = _get_visible(request.user, pk)
    note_access(request, firm=consulting.firm)
    attachment = get_object_or_404(consulting.attachments.all(), pk=attachment_pk)
    return stored_file_response(
        request, attachment.file, filename=attachment.original_name, content_type=attachment.content_type
    )


@login_required
@records_access(AccessAction.DOWNLOAD)
def consulting_deliverable(request, pk, deliverable_pk):
    consulting = _get_visible(request.user, pk)
    note_access(request, firm=consulting.firm)
    for milestone in consulting.milestones.all():
        for deliverable in milestone.deliverables.all():
            if deliverable.pk == deliverable_pk:
                return stored_file_response(
                    request, deliverable.file, filename=deliverable.original_name, content_type=deliverable.content_type
                )
    raise Http404


@login_required
@records_access(AccessAction.DOWNLOAD)
def consulting_kpi_evidence(request, pk, kpi_pk, phase):
    consulting = _get_visible(request.user, pk)
    note_access(request, firm=consulting.firm)
    measurement = get_object_or_404(consulting.kpis.all(), pk=kpi_pk)
    if phase not in ("baseline", "after"):
        raise Http404
    evidence = getattr(measurement, f"{phase}_evidence")
    file_type = getattr(measurement, f"{phase}_evidence_type")
    extension = file_type or evidence.name.rsplit(".", 1)[-1]
    return stored_file_response(
        request, evidence, filename=f"{measurement.kpi}-{phase}.{extension}", content_type=content_type_for(file_type)
    )


# Expert -----------------------------------------------------------------------------------------


@login_required
@records_access(AccessAction.SEARCH)
def engagements_mine(request):
    engagements = engagements_for_expert(request.user).annotate(milestone_count=Count("milestones", distinct=True))
    page = Paginator(engagements.order_by("-pk"), PER_PAGE).get_page(request.GET.get("page"))
    note_access(request, rows=len(page.object_list))
    return render(request, "programs/consulting/engagements.html", {"page": page})


def _engagement_action(request, pk, action, success):
    consulting = _get_for_expert(request.user, pk)
    try:
        action(request=consulting, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success)
    return redirect(consulting)


@login_required
@require_POST
def consulting_start_view(request, pk):
    return _engagement_action(request, pk, consulting_start, _("The engagement is in progress."))


@login_required
@require_POST
def consulting_complete_view(request, pk):
    return _engagement_action(request, pk, consulting_complete, _("The engagement is completed."))


@login_required
@require_POST
def milestone_create(request, pk):
    consulting = _get_for_expert(request.user, pk)
    form = MilestoneForm(request.POST)
    if form.is_valid():
        try:
            milestone_add(request=consulting, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Milestone added."))
            return redirect(consulting)
    consulting = _get_visible(request.user, pk)
    context = _detail_context(request, consulting, milestone_form=form)
    return render(request, "programs/consulting/detail.html", context)


@login_required
@require_POST
def milestone_change(request, pk, milestone_pk):
    consulting = _get_for_expert(request.user, pk)
    milestone = get_object_or_404(Milestone.objects.filter(request=consulting), pk=milestone_pk)
    form = MilestoneUpdateForm(request.POST, request.FILES, prefix=f"m{milestone.pk}")
    if form.is_valid():
        try:
            milestone_update(milestone=milestone, status=form.cleaned_data["status"], notes=form.cleaned_data["notes"])
            if form.cleaned_data["file"]:
                deliverable_add(milestone=milestone, file=form.cleaned_data["file"], user=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Milestone saved."))
    return redirect(consulting)


@login_required
@require_POST
def kpi_create(request, pk):
    consulting = _get_for_expert(request.user, pk)
    form = KpiForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            kpi_record(
                request=consulting,
                kpi=data["kpi"],
                phase=data["phase"],
                value=data["value"],
                unit=data["unit"],
                method=data["method"],
                measured_on=data["measured_on"],
                evidence=data["evidence"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Measurement recorded; staff will verify it against the evidence."))
            return redirect(consulting)
    consulting = _get_visible(request.user, pk)
    return render(request, "programs/consulting/detail.html", _detail_context(request, consulting, kpi_form=form))


# Staff ------------------------------------------------------------------------------------------


@staff_permission(STAFF_VIEW)
@records_access(AccessAction.SEARCH)
def staff_consulting(request):
    filterset = ConsultingRequestFilterSet(request.GET or None, queryset=submitted_requests())
    export_format = requested_export(request)
    if export_format:
        return table_response(
            export_format, "consulting-requests", _("Consulting requests"), *consulting_table(filterset.qs)
        )
    page = Paginator(filterset.qs, PER_PAGE).get_page(request.GET.get("page"))
    note_access(request, rows=len(page.object_list))
    context = {"page": page, "filter_form": filterset.form, "counts": engagement_counts()}
    return render(request, "programs/consulting/staff/list.html", context)


def _staff_action(request, pk, form_class, run, context_name, **form_kwargs):
    if not request.user.has_perm("programs.change_consultingrequest"):
        raise PermissionDenied
    consulting = _get_visible(request.user, pk)
    form = form_class(request.POST, **form_kwargs)
    if form.is_valid():
        try:
            run(consulting, form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(consulting)
    context = _detail_context(request, _get_visible(request.user, pk), **{context_name: form})
    return render(request, "programs/consulting/detail.html", context)


@staff_permission(STAFF_VIEW)
@require_POST
def staff_triage(request, pk):
    def run(consulting, data):
        consulting_triage(request=consulting, actor=request.user, **data)

    return _staff_action(request, pk, TriageForm, run, "triage_form")


@staff_permission(STAFF_VIEW)
@require_POST
def staff_assign(request, pk):
    def run(consulting, data):
        consulting_assign(request=consulting, actor=request.user, lead=data["lead"], others=data["others"])

    return _staff_action(request, pk, AssignForm, run, "assign_form", experts=experts_query())


@staff_permission(STAFF_VIEW)
@require_POST
def staff_decline(request, pk):
    def run(consulting, data):
        consulting_request_decline(request=consulting, actor=request.user, reason=data["reason"])

    return _staff_action(request, pk, ReasonForm, run, "decline_form")


@staff_permission("programs.add_spending")
@require_POST
def staff_spending(request, pk):
    def run(consulting, data):
        spending_record(request=consulting, actor=request.user, **data)

    return _staff_action(request, pk, SpendingForm, run, "spending_form")


@staff_permission("programs.verify_kpimeasurement")
@require_POST
def staff_kpi_verify(request, pk, kpi_pk):
    consulting = _get_visible(request.user, pk)
    measurement = get_object_or_404(KpiMeasurement.objects.filter(request=consulting), pk=kpi_pk)
    try:
        kpi_verify(measurement=measurement, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The KPI pair is verified."))
    return redirect(consulting)


@staff_permission("programs.view_expert")
@records_access(AccessAction.SEARCH, fields=("name", "email"))
def staff_experts(request):
    experts = experts_query().order_by("user__name", "pk")
    skill = request.GET.get("skill")
    if skill:
        experts = experts.filter(skills__slug=skill)
    page = Paginator(experts, PER_PAGE).get_page(request.GET.get("page"))
    note_access(request, rows=len(page.object_list))
    return render(request, "programs/consulting/staff/experts.html", {"page": page, "skill": skill})


@staff_permission("programs.view_budgetline")
def staff_budget(request):
    context = {"projects": budget_overview(), "project_count": FundedProject.objects.count()}
    return render(request, "programs/consulting/staff/budget.html", context)


@staff_permission("programs.view_kpitarget")
def staff_targets(request):
    form = KpiTargetForm(request.POST or None)
    if request.method == "POST":
        if not request.user.has_perm("programs.change_kpitarget"):
            raise PermissionDenied
        if request.POST.get("target"):
            existing = get_object_or_404(KpiTarget, pk=int_or_none(request.POST["target"]))
            form = KpiTargetForm(request.POST, instance=existing)
        if form.is_valid():
            try:
                kpi_target_save(target=form.save(commit=False))
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("Target saved."))
                return redirect("programs:staff_targets")
    return render(request, "programs/consulting/staff/targets.html", {"targets": KpiTarget.objects.all(), "form": form})

"""Partners and MOUs: the public partners page, and the staff workspace for MOUs and their obligations.

The public sees partners of public, signed MOUs and nothing else (no contact persons, no drafts);
every staff page needs an MOU permission of the staff roles. State changes go through
``tenants.partners.services``; their ValidationErrors become form errors or messages. The MOU timeline and
the obligation list give their filtered rows as XLSX or CSV for ``?export=xlsx|csv``.
"""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from portal.accounts.recording import records_access
from portal.files import content_type_for, stored_extension, stored_file_response
from portal.forms import add_service_error
from portal.pagecache import public_page
from portal.permissions import require_permissions, staff_permission
from portal.spreadsheets import DATE_FORMAT, INTEGER_FORMAT, Column, requested_export, table_response
from portal.time import hub_today

from .choices import RENEWABLE_MOU_STATUSES, MOUStatus, ObligationState, ObligationStatus, RenewalDecision
from .filters import MOUFilterSet, ObligationFilterSet
from .forms import (
    EvidenceForm,
    MOUForm,
    MOURenewForm,
    MOUSignForm,
    MOUTerminateForm,
    ObligationForm,
    ObligationNoteForm,
    ObligationStatusForm,
)
from .models import MOU, Obligation, ObligationEvidence, Partner, PartnerContact, obligation_overdue
from .selectors import (
    change_history,
    mou_figures,
    mou_timeline,
    obligation_counts_by_party,
    partners_by_kind,
    public_mous,
    public_partners,
)
from .services import (
    evidence_add,
    mou_activate,
    mou_create,
    mou_decide_renewal,
    mou_expire,
    mou_renew,
    mou_sign,
    mou_terminate,
    mou_update,
    obligation_add_note,
    obligation_complete,
    obligation_create,
    obligation_reopen,
    obligation_update,
    obligation_waive,
)

OBLIGATIONS_PER_PAGE = 50


# Public


@public_page("partners")
def partners(request):
    """Partners of public MOUs grouped by kind, then those MOUs with their signing date and purpose."""
    context = {"groups": partners_by_kind(public_partners()), "mous": public_mous()}
    return render(request, "partners/partner_list.html", context)


def partner_logo(request, pk):
    """A partner's logo: only while the partner has a public MOU, or to staff who may view partners."""
    partners = Partner.objects.all()
    if not request.user.has_perm("partners.view_partner"):
        partners = partners.filter(Exists(MOU.objects.public().filter(partners=OuterRef("pk"))))
    partner = get_object_or_404(partners, pk=pk)
    if not partner.logo:
        raise Http404
    # Logos are shown inline on public pages, so a browser may keep them for an hour.
    return stored_file_response(
        request,
        partner.logo,
        filename=partner.logo.name.rsplit("/", 1)[-1],
        content_type=content_type_for(stored_extension(partner.logo.name)),
        as_attachment=False,
        cache_control="private, max-age=3600",
    )


# Staff: the MOU timeline


def _with_obligation_counts(queryset, today):
    return queryset.annotate(
        open_obligations=Count("obligations", filter=Q(obligations__status=ObligationStatus.OPEN), distinct=True),
        overdue_obligations=Count(
            "obligations",
            filter=obligation_overdue(today, obligation="obligations__", mou=""),
            distinct=True,
        ),
    )


@staff_permission("partners.view_mou")
def mou_workspace(request):
    today = hub_today()
    queryset = _with_obligation_counts(MOU.objects.prefetch_related("partners"), today).order_by(
        "expires_on", "-effective_from", "pk"
    )
    filterset = MOUFilterSet(request.GET or None, queryset=queryset, request=request)
    export_format = requested_export(request)
    if export_format:
        return table_response(export_format, "mous", _("MOUs"), *mou_table(filterset.qs, today))
    timeline = mou_timeline(filterset.qs, today)
    # (anchor, heading, MOUs, shown even when empty): the three the hub watches always show.
    sections = [
        ("expiring", _("Expiring within 90 days"), timeline["expiring"], True),
        ("active", pgettext("MOU status", "In effect"), timeline["active"], True),
        ("upcoming", _("Drafts and signed, not in effect yet"), timeline["upcoming"], False),
        ("expired", pgettext("MOU status", "Expired"), timeline["expired"], True),
        ("terminated", pgettext("MOU status", "Terminated"), timeline["terminated"], False),
    ]
    context = {
        "today": today,
        "filter_form": filterset.form,
        "filtered": filterset.is_bound,
        "sections": sections,
        "figures": mou_figures(today),
        "by_party": obligation_counts_by_party(today),
    }
    return render(request, "partners/workspace.html", context)


def mou_table(mous, today) -> tuple[list[Column], list[tuple]]:
    """The filtered MOUs as a sheet, one row each (the page sorts them into timeline sections)."""
    columns = [
        Column(_("MOU"), 40),
        Column(_("Partners"), 30),
        Column(_("Status"), 12),
        Column(_("Signed on"), 12, DATE_FORMAT),
        Column(_("In effect from"), 12, DATE_FORMAT),
        Column(_("Expires on"), 12, DATE_FORMAT),
        Column(_("Days left"), 10, INTEGER_FORMAT),
        Column(_("Renewal notice by"), 14, DATE_FORMAT),
        Column(_("Renews automatically"), 12),
        Column(_("Open obligations"), 12, INTEGER_FORMAT),
        Column(_("Overdue obligations"), 12, INTEGER_FORMAT),
        Column(_("Public"), 8),
    ]
    rows = []
    for mou in mous:
        active = mou.status == MOUStatus.ACTIVE
        rows.append(
            (
                mou.title,
                ", ".join(partner.name for partner in mou.partners.all()),
                mou.get_status_display(),
                mou.signed_on,
                mou.effective_from,
                mou.expires_on,
                mou.days_to_expiry(today) if active else None,
                mou.notice_deadline if active else None,
                _("Yes") if mou.auto_renew else _("No"),
                mou.open_obligations,
                mou.overdue_obligations,
                _("Yes") if mou.is_public else _("No"),
            )
        )
    return columns, rows


@staff_permission("partners.add_mou")
def mou_create_view(request):
    form = MOUForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        try:
            mou = mou_create(
                partners=fields.pop("partners"),
                firms=fields.pop("firms"),
                training_programmes=fields.pop("training_programmes"),
                **fields,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The MOU is saved. Add its obligations below."))
            return redirect(mou)
    return render(request, "partners/mou_form.html", {"form": form, "mou": None})


@staff_permission("partners.change_mou")
def mou_edit(request, pk):
    mou = get_object_or_404(MOU, pk=pk)
    form = MOUForm(request.POST or None, request.FILES or None, instance=MOU.objects.get(pk=mou.pk))
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        try:
            mou_update(
                mou=mou,
                partners=fields.pop("partners"),
                firms=fields.pop("firms"),
                training_programmes=fields.pop("training_programmes"),
                **fields,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The MOU is saved."))
            return redirect(mou)
    return render(request, "partners/mou_form.html", {"form": form, "mou": mou})


def _renewal_initial(mou: MOU) -> dict:
    """The term mou_renew would make by default: the next day on, for the same length."""
    if not mou.expires_on:
        return {}
    start = mou.expires_on + timedelta(days=1)
    return {"effective_from": start, "expires_on": start + (mou.expires_on - mou.effective_from)}


@staff_permission("partners.view_mou")
@records_access(fields=("contacts.name", "contacts.email", "contacts.phone"))
def mou_detail(request, pk):
    mou = get_object_or_404(MOU.objects.select_related("previous_term"), pk=pk)
    today = hub_today()
    action_forms = {
        "sign": MOUSignForm(prefix="sign", initial={"signed_on": today}),
        "terminate": MOUTerminateForm(prefix="terminate", initial={"terminated_on": today}),
        "renew": MOURenewForm(prefix="renew", initial=_renewal_initial(mou)),
    }
    obligation_form = ObligationForm(prefix="obligation", mou=mou)

    if request.method == "POST":
        action = request.POST.get("action")
        if action == "obligation":
            require_permissions(request, "partners.add_obligation")
            obligation_form = ObligationForm(request.POST, prefix="obligation", mou=mou)
            if obligation_form.is_valid():
                try:
                    obligation = obligation_create(mou=mou, **obligation_form.cleaned_data)
                except ValidationError as error:
                    add_service_error(obligation_form, error)
                else:
                    messages.success(request, _("The obligation “%(title)s” is added.") % {"title": obligation.title})
                    return redirect(mou)
        elif action in MOU_ACTIONS:
            require_permissions(request, "partners.change_mou")
            form = None
            if action in action_forms:
                form = action_forms[action] = type(action_forms[action])(request.POST, prefix=action)
            if form is None or form.is_valid():
                try:
                    result, message = MOU_ACTIONS[action](mou, form.cleaned_data if form else {})
                except ValidationError as error:
                    if form is None:  # a button without fields: say why on the page
                        messages.error(request, " ".join(error.messages))
                        return redirect(mou)
                    add_service_error(form, error)
                else:
                    messages.success(request, message)
                    return redirect(result)
        else:
            return HttpResponseBadRequest(_("Unknown action."))

    can_see_contacts = request.user.has_perm("partners.view_partnercontact")
    partners = mou.partners.order_by("name")
    if can_see_contacts:
        partners = partners.prefetch_related(Prefetch("contacts", queryset=PartnerContact.objects.order_by("name")))
    obligations = list(
        mou.obligations.select_related("party")
        .with_overdue(today)
        .annotate(evidence_count=Count("evidence"))
        .order_by(F("due_on").asc(nulls_last=True), "pk")
    )
    next_term = mou.next_terms.first()
    status = mou.status
    context = {
        "mou": mou,
        "today": today,
        "days_left": mou.days_to_expiry(today) if status == MOUStatus.ACTIVE else None,
        "in_renewal_window": mou.in_renewal_window(today),
        "partners": partners,
        "can_see_contacts": can_see_contacts,
        "firms": mou.firms.order_by("name"),
        "training_programmes": mou.training_programmes.order_by("title"),
        "obligations": obligations,
        "next_term": next_term,
        "history": change_history(mou),
        "sign_form": _shown(action_forms["sign"], status == MOUStatus.DRAFT),
        "can_activate": status == MOUStatus.SIGNED and mou.effective_from <= today,
        "can_expire": status == MOUStatus.ACTIVE and mou.expires_on is not None and mou.expires_on < today,
        "renew_form": _shown(action_forms["renew"], status in RENEWABLE_MOU_STATUSES and next_term is None),
        "can_decide_renewal": (
            status in (MOUStatus.SIGNED, MOUStatus.ACTIVE)
            and mou.expires_on is not None
            and mou.renewal_decision != RenewalDecision.RENEWED
        ),
        "terminate_form": _shown(action_forms["terminate"], status in (MOUStatus.SIGNED, MOUStatus.ACTIVE)),
        "obligation_form": _shown(obligation_form, status != MOUStatus.TERMINATED),
    }
    return render(request, "partners/mou_detail.html", context)


def _shown(form, possible: bool):
    """A form is shown while its step is possible, and always after a failed submission (with its errors)."""
    return form if possible or form.is_bound else None


def _sign(mou, data):
    mou_sign(mou=mou, signed_on=data["signed_on"])
    return mou, _("The MOU is recorded as signed.")


def _activate(mou, data):
    mou_activate(mou=mou)
    return mou, _("The MOU is now in effect.")


def _expire(mou, data):
    mou_expire(mou=mou)
    return mou, _("The MOU is recorded as expired.")


def _terminate(mou, data):
    mou_terminate(mou=mou, reason=data["reason"], terminated_on=data["terminated_on"])
    return mou, _("The MOU is terminated.")


def _renew(mou, data):
    new_term = mou_renew(mou=mou, **data)
    return new_term, _("The new term is created. Check its details and obligations.")


def _let_expire(mou, data):
    mou_decide_renewal(mou=mou, decision=RenewalDecision.LET_EXPIRE)
    return mou, _("Recorded: the hub lets this MOU expire. No more renewal-notice reminders are sent.")


def _undecide(mou, data):
    mou_decide_renewal(mou=mou, decision=RenewalDecision.UNDECIDED)
    return mou, _("The renewal is undecided again.")


MOU_ACTIONS = {
    "sign": _sign,
    "activate": _activate,
    "expire": _expire,
    "terminate": _terminate,
    "renew": _renew,
    "let_expire": _let_expire,
    "undecide": _undecide,
}


@staff_permission("partners.view_mou")
def mou_document(request, pk):
    """The signed document, to staff only, under its original name."""
    mou = get_object_or_404(MOU, pk=pk)
    if not mou.document:
        raise Http404
    filename = mou.document_name or f"mou-{mou.pk}.{mou.document_type}"
    return stored_file_response(
        request, mou.document, filename=filename, content_type=content_type_for(mou.document_type)
    )


# Staff: obligations


@staff_permission("partners.view_obligation")
def obligation_list(request):
    """Open and overdue obligations grouped by party (the city and the hub first); filters as the API."""
    today = hub_today()
    queryset = (
        Obligation.objects.select_related("mou", "party")
        .with_overdue(today)
        .order_by(F("party__name").asc(nulls_first=True), F("due_on").asc(nulls_last=True), "pk")
    )
    if not request.GET.get("state"):
        queryset = queryset.filter(status=ObligationStatus.OPEN)
    filterset = ObligationFilterSet(request.GET or None, queryset=queryset, request=request)
    export_format = requested_export(request)
    if export_format:
        return table_response(
            export_format, "obligations", _("MOU obligations"), *obligation_table(filterset.qs, today)
        )
    page = Paginator(filterset.qs, OBLIGATIONS_PER_PAGE).get_page(request.GET.get("page"))
    for obligation in page:
        obligation.current_state = _current_state(obligation)
        obligation.days_left_today = obligation.days_left(today)
        if obligation.days_left_today is not None and obligation.days_left_today < 0:
            obligation.days_late = -obligation.days_left_today
    context = {
        "filter_form": filterset.form,
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "showing_open_only": not request.GET.get("state"),
    }
    return render(request, "partners/obligation_list.html", context)


def _current_state(obligation) -> ObligationState:
    """Overdue when open past its due date (``with_overdue``), else its stored status."""
    return ObligationState.OVERDUE if obligation.is_overdue else ObligationState(obligation.status)


def obligation_table(obligations, today) -> tuple[list[Column], list[tuple]]:
    """The filtered obligations as a sheet, in the page's order (by party, then due date)."""
    columns = [
        Column(_("Party"), 24),
        Column(_("What"), 40),
        Column(_("MOU"), 40),
        Column(_("Due on"), 12, DATE_FORMAT),
        Column(_("Days left"), 10, INTEGER_FORMAT),
        Column(_("Status"), 12),
    ]
    rows = [
        (
            obligation.party.name if obligation.party else _("The city and the hub"),
            obligation.title,
            obligation.mou.title,
            obligation.due_on,
            obligation.days_left(today) if obligation.status == ObligationStatus.OPEN else None,
            _current_state(obligation).label,
        )
        for obligation in obligations
    ]
    return columns, rows


@staff_permission("partners.view_obligation")
def obligation_detail(request, pk):
    obligation = get_object_or_404(
        Obligation.objects.select_related("mou", "party", "closed_by", "previous_occurrence"), pk=pk
    )
    status_form = ObligationStatusForm(prefix="status")
    note_form = ObligationNoteForm(prefix="note")
    evidence_form = EvidenceForm(prefix="evidence")
    edit_form = ObligationForm(prefix="edit", instance=obligation, mou=obligation.mou)

    if request.method == "POST":
        action = request.POST.get("action")
        if action in ("done", "waive", "reopen"):
            require_permissions(request, "partners.change_obligation")
            status_form = ObligationStatusForm(request.POST, prefix="status")
            if status_form.is_valid():
                note = status_form.cleaned_data["note"]
                try:
                    if action == "done":
                        obligation_complete(obligation=obligation, actor=request.user, note=note)
                    elif action == "waive":
                        obligation_waive(obligation=obligation, actor=request.user, reason=note)
                    else:
                        obligation_reopen(obligation=obligation, actor=request.user, note=note)
                except ValidationError as error:
                    add_service_error(status_form, error)
                else:
                    messages.success(request, _("The obligation's status is updated."))
                    return redirect(obligation)
        elif action == "note":
            require_permissions(request, "partners.add_obligationnote")
            note_form = ObligationNoteForm(request.POST, prefix="note")
            if note_form.is_valid():
                try:
                    obligation_add_note(obligation=obligation, text=note_form.cleaned_data["text"], author=request.user)
                except ValidationError as error:
                    add_service_error(note_form, error)
                else:
                    messages.success(request, _("The note is added."))
                    return redirect(obligation)
        elif action == "evidence":
            require_permissions(request, "partners.add_obligationevidence")
            evidence_form = EvidenceForm(request.POST, request.FILES, prefix="evidence")
            if evidence_form.is_valid():
                try:
                    evidence_add(obligation=obligation, file=evidence_form.cleaned_data["file"], user=request.user)
                except ValidationError as error:
                    add_service_error(evidence_form, error)
                else:
                    messages.success(request, _("The file is attached."))
                    return redirect(obligation)
        elif action == "edit":
            require_permissions(request, "partners.change_obligation")
            edit_form = ObligationForm(request.POST, prefix="edit", instance=obligation, mou=obligation.mou)
            if edit_form.is_valid():
                try:
                    obligation_update(obligation=obligation, **edit_form.cleaned_data)
                except ValidationError as error:
                    add_service_error(edit_form, error)
                else:
                    messages.success(request, _("The obligation is saved."))
                    return redirect(obligation)
        else:
            return HttpResponseBadRequest(_("Unknown action."))

    today = hub_today()
    days_left = obligation.days_left(today) if obligation.status == ObligationStatus.OPEN else None
    context = {
        "obligation": obligation,
        "mou": obligation.mou,
        "state": obligation.state(),
        "days_left": days_left,
        "days_late": -days_left if days_left is not None and days_left < 0 else None,
        "notes": obligation.notes.select_related("author"),
        "evidence": obligation.evidence.select_related("uploaded_by"),
        "next_occurrence": obligation.next_occurrences.first(),
        "status_form": status_form,
        "note_form": note_form,
        "evidence_form": evidence_form,
        "edit_form": edit_form,
    }
    return render(request, "partners/obligation_detail.html", context)


@staff_permission("partners.view_obligationevidence")
def evidence_download(request, pk, evidence_pk):
    evidence = get_object_or_404(ObligationEvidence, pk=evidence_pk, obligation_id=pk)
    return stored_file_response(
        request, evidence.file, filename=evidence.original_name, content_type=evidence.content_type
    )

"""Performance returns: the firm's pages (/my/performance/) and the staff workspace (/staff/performance/).

A firm reaches only its own returns (``selectors.returns_of_member``: another firm's id is a 404);
filling one in needs the representative or a member named to report. Staff pages need the
performance permissions of the staff roles. State changes go through ``services``; their
ValidationErrors become form errors.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms.models import model_to_dict
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.files import stored_file_response
from portal.forms import add_service_error, int_or_none
from portal.permissions import require_permissions, staff_permission
from portal.spreadsheets import requested_export, table_response
from portal.time import hub_today
from tenants.choices import MembershipRole
from tenants.scoping import require_membership

from .charts import history_charts
from .choices import ReturnStatus, RoundStatus
from .exports import round_table_rows
from .filters import ReturnFilterSet
from .forms import (
    AcceptForm,
    BaselineForm,
    CorrectionForm,
    EvidenceForm,
    InvestmentForm,
    IPForm,
    ReporterForm,
    ReturnForm,
    RoundForm,
)
from .models import Baseline, PerformanceReturn, Reporter, ReportingRound, ReturnEvidence
from .selectors import (
    firm_history,
    may_report,
    reporters_of,
    return_detail_queryset,
    return_growth,
    return_state,
    returns_of_member,
    rollups,
    round_rollup,
    round_table,
    rounds_ended_in_year,
    rounds_with_completion,
    with_totals,
)
from .services import (
    FIGURE_FIELDS,
    baseline_set,
    evidence_add,
    evidence_remove,
    investment_add,
    investment_remove,
    ip_set,
    reporter_grant,
    reporter_revoke,
    return_accept,
    return_send_back,
    return_submit,
    return_update,
    returns_remind,
    round_close,
    round_create,
    round_open,
    round_update,
)

RETURNS_PER_PAGE = 50


# The firm


@login_required
def my_performance(request):
    """The firm's open returns, past returns, growth charts, and (for the representative) who may report."""
    membership = require_membership(request.user)
    firm = membership.firm
    returns = list(with_totals(returns_of_member(request.user)).order_by("-round__period_end", "-pk"))
    history = firm_history(firm.pk)
    reporters = list(reporters_of(firm))
    reporter_form = None
    if membership.role == MembershipRole.REPRESENTATIVE:
        members = [m.user for m in firm.memberships.select_related("user").exclude(role=MembershipRole.REPRESENTATIVE)]
        reporter_ids = {reporter.user_id for reporter in reporters}
        reporter_form = ReporterForm(members=[member for member in members if member.pk not in reporter_ids])
    context = {
        "firm": firm,
        "open_returns": [item for item in returns if item.is_editable and item.round.status == RoundStatus.OPEN],
        "returns": returns,
        "history": history,
        "charts": history_charts(history),
        "may_report": may_report(request.user, firm.pk),
        "is_representative": membership.role == MembershipRole.REPRESENTATIVE,
        "reporters": reporters,
        "reporter_form": reporter_form,
        "now": timezone.now(),
    }
    return render(request, "performance/my_performance.html", context)


@login_required
def reporters_manage(request):
    """The representative names members who may fill in returns, or takes the right back."""
    if request.method != "POST":
        return redirect("performance:my_performance")
    membership = require_membership(request.user, representative=True)
    firm = membership.firm
    if request.POST.get("action") == "revoke":
        reporter = get_object_or_404(Reporter, firm=firm, pk=int_or_none(request.POST.get("reporter")))
        reporter_revoke(reporter=reporter)
        messages.success(request, _("The member can no longer fill in returns."))
        return redirect("performance:my_performance")
    members = [m.user for m in firm.memberships.select_related("user").exclude(role=MembershipRole.REPRESENTATIVE)]
    form = ReporterForm(request.POST, members=members)
    if form.is_valid():
        user = get_user_model().objects.get(pk=form.cleaned_data["user"])
        reporter_grant(firm=firm, user=user, actor=request.user)
        messages.success(request, _("The member can now fill in the firm's returns."))
    else:
        messages.error(request, _("Choose a member of the firm."))
    return redirect("performance:my_performance")


def _edit_forms(performance_return, data=None, files=None, action=None):
    bound = lambda name: data if action == name else None  # noqa: E731 - only the posted form is bound
    return {
        "form": ReturnForm(
            bound("save"),
            instance=performance_return,
            comments=performance_return.staff_comments,
            ask_youth=performance_return.round.ask_youth,
            prefix="figures",
        ),
        "investment_form": InvestmentForm(bound("investment"), prefix="investment"),
        "ip_form": IPForm(bound("ip"), prefix="ip"),
        "evidence_form": EvidenceForm(bound("evidence"), files if action == "evidence" else None, prefix="evidence"),
    }


def _form_as_saved(performance_return) -> ReturnForm:
    """The figures form bound to what is saved, so a refused submission shows its errors beside the fields."""
    saved = model_to_dict(performance_return, fields=FIGURE_FIELDS)
    form = ReturnForm(
        {f"figures-{name}": "" if value is None else value for name, value in saved.items()},
        instance=performance_return,
        comments=performance_return.staff_comments,
        ask_youth=performance_return.round.ask_youth,
        prefix="figures",
    )
    form.is_valid()
    return form


def _row_action(request, performance_return, action: str):
    """The small posts of the return page: remove a row or a file, save one kind of IP."""
    if action == "remove_investment":
        investment = get_object_or_404(
            performance_return.investments.all(), pk=int_or_none(request.POST.get("investment"))
        )
        investment_remove(investment=investment, actor=request.user)
        return _("The investment is removed.")
    if action == "remove_evidence":
        evidence = get_object_or_404(performance_return.evidence.all(), pk=int_or_none(request.POST.get("evidence")))
        evidence_remove(evidence=evidence, actor=request.user)
        return _("The file is removed.")
    if action == "submit":
        return_submit(performance_return=performance_return, actor=request.user)
        return _("The return is submitted. The hub will review it.")
    return None


@login_required
def my_return(request, pk):
    """One of the firm's returns: its figures, investments, IP, evidence, timeline, growth and submit."""
    require_membership(request.user)
    performance_return = get_object_or_404(returns_of_member(request.user), pk=pk)
    can_edit = (
        performance_return.is_editable
        and performance_return.round.status == RoundStatus.OPEN
        and may_report(request.user, performance_return.firm_id)
    )
    forms = _edit_forms(performance_return)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        action = request.POST.get("action")
        forms = _edit_forms(performance_return, request.POST, request.FILES, action)
        try:
            done = None
            if action == "save" and forms["form"].is_valid():
                fields = {name: forms["form"].cleaned_data[name] for name in forms["form"].fields}
                return_update(performance_return=performance_return, actor=request.user, **fields)
                done = _("The figures are saved.")
            elif action == "investment" and forms["investment_form"].is_valid():
                investment_add(
                    performance_return=performance_return, actor=request.user, **forms["investment_form"].cleaned_data
                )
                done = _("The investment is added.")
            elif action == "ip" and forms["ip_form"].is_valid():
                ip_set(performance_return=performance_return, actor=request.user, **forms["ip_form"].cleaned_data)
                done = _("The IP counts are saved.")
            elif action == "evidence" and forms["evidence_form"].is_valid():
                evidence_add(
                    performance_return=performance_return,
                    actor=request.user,
                    figure=forms["evidence_form"].cleaned_data["figure"],
                    file=forms["evidence_form"].cleaned_data["file"],
                )
                done = _("The file is attached.")
            elif action not in ("save", "investment", "ip", "evidence"):
                done = _row_action(request, performance_return, action)
                if done is None:
                    return HttpResponseBadRequest(_("Unknown action."))
        except ValidationError as error:
            target = {"investment": "investment_form", "ip": "ip_form", "evidence": "evidence_form"}.get(action, "form")
            if action == "submit":
                forms["form"] = _form_as_saved(performance_return)
            add_service_error(forms[target], error)
        else:
            if done:
                messages.success(request, done)
                return redirect(performance_return)
    performance_return = return_detail_queryset().get(pk=performance_return.pk)
    context = {
        "return": performance_return,
        "round": performance_return.round,
        "state": return_state(performance_return),
        "can_edit": can_edit,
        "growth": return_growth(performance_return) if performance_return.status == ReturnStatus.ACCEPTED else None,
        "comments": _labelled_comments(performance_return.staff_comments),
        **forms,
    }
    return render(request, "performance/return_detail.html", context)


def _labelled_comments(comments: dict) -> list[tuple[str, str]]:
    from .services import COMMENTABLE_FIELDS, field_label

    return [(field_label(name), text) for name, text in comments.items() if name in COMMENTABLE_FIELDS]


@login_required
def evidence_download(request, pk, evidence_pk):
    """An evidence file: to the firm's own people, and to staff who may view evidence."""
    if request.user.has_perm("performance.view_returnevidence"):
        returns = PerformanceReturn.objects.all()
    else:
        returns = returns_of_member(request.user)
    performance_return = get_object_or_404(returns, pk=pk)
    evidence = get_object_or_404(ReturnEvidence, pk=evidence_pk, performance_return=performance_return)
    return stored_file_response(
        request, evidence.file, filename=evidence.original_name, content_type=evidence.content_type
    )


# Staff


@staff_permission("performance.view_reportinground")
def workspace(request):
    """Rounds with their completion, and a new round (for those who may open rounds)."""
    form = RoundForm(prefix="round")
    if request.method == "POST":
        require_permissions(request, "performance.add_reportinground")
        form = RoundForm(request.POST, prefix="round")
        if form.is_valid():
            try:
                round_ = round_create(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("The round is saved as a draft. Open it to ask the firms."))
                return redirect(round_)
    context = {"rounds": list(rounds_with_completion()), "form": form, "now": timezone.now()}
    return render(request, "performance/workspace.html", context)


@staff_permission("performance.view_performancereturn")
def round_detail(request, pk):
    """A round's per-firm table with filters, its rollup, bulk reminders, exports, and its actions."""
    round_ = get_object_or_404(rounds_with_completion(), pk=pk)
    edit_form = RoundForm(instance=round_, prefix="round")
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "open":
                require_permissions(request, "performance.open_reportinground")
                created = round_open(round_=round_, actor=request.user)
                messages.success(request, _("The round is open: %(count)s firms were asked.") % {"count": created})
            elif action == "close":
                require_permissions(request, "performance.change_reportinground")
                round_close(round_=round_)
                messages.success(request, _("The round is closed."))
            elif action == "edit":
                require_permissions(request, "performance.change_reportinground")
                edit_form = RoundForm(request.POST, instance=ReportingRound.objects.get(pk=round_.pk), prefix="round")
                if not edit_form.is_valid():
                    raise ValidationError(_("Correct the round's terms."))
                round_update(round_=round_, **edit_form.cleaned_data)
                messages.success(request, _("The round is saved."))
            elif action == "remind":
                require_permissions(request, "performance.open_reportinground")
                ids = [number for number in map(int_or_none, request.POST.getlist("returns")) if number]
                sent = returns_remind(
                    returns=PerformanceReturn.objects.filter(round=round_, pk__in=ids), actor=request.user
                )
                messages.success(request, _("%(count)s reminders were sent.") % {"count": sent})
            else:
                return HttpResponseBadRequest(_("Unknown action."))
        except ValidationError as error:
            if action == "edit":
                add_service_error(edit_form, error)
            else:
                messages.error(request, " ".join(error.messages))
        else:
            return redirect(round_)
    filterset = ReturnFilterSet(request.GET or None, queryset=round_table(round_), request=request)
    queryset = filterset.qs
    export_format = requested_export(request)
    if export_format:
        return table_response(export_format, f"performance-{round_.pk}", round_.title, *round_table_rows(queryset))
    page = Paginator(queryset, RETURNS_PER_PAGE).get_page(request.GET.get("page"))
    now = timezone.now()
    for item in page.object_list:
        item.current_state = return_state(item, now)
    del filterset.form.fields["round"]
    context = {
        "round": round_,
        "filter_form": filterset.form,
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "rollup": round_rollup(round_),
        "edit_form": edit_form,
        "now": now,
    }
    return render(request, "performance/round_detail.html", context)


@staff_permission("performance.view_performancereturn")
def staff_return(request, pk):
    """One return for staff: figures with evidence, growth, the timeline, correction by field and acceptance."""
    performance_return = get_object_or_404(return_detail_queryset(), pk=pk)
    correction_form = CorrectionForm(prefix="correction")
    accept_form = AcceptForm(prefix="accept")
    baseline = Baseline.objects.filter(firm_id=performance_return.firm_id).first()
    baseline_form = BaselineForm(
        instance=baseline, prefix="baseline", initial=None if baseline else {"as_of": hub_today()}
    )
    if request.method == "POST":
        action = request.POST.get("action")
        form = None
        try:
            if action == "return":
                require_permissions(request, "performance.review_performancereturn")
                form = correction_form = CorrectionForm(request.POST, prefix="correction")
                if correction_form.is_valid():
                    return_send_back(
                        performance_return=performance_return,
                        actor=request.user,
                        comments=correction_form.comments(),
                        note=correction_form.cleaned_data["note"],
                    )
                    messages.success(request, _("The return is sent back to the firm for correction."))
                    return redirect(performance_return.get_staff_url())
            elif action == "accept":
                require_permissions(request, "performance.review_performancereturn")
                form = accept_form = AcceptForm(request.POST, prefix="accept")
                if accept_form.is_valid():
                    return_accept(
                        performance_return=performance_return, actor=request.user, note=accept_form.cleaned_data["note"]
                    )
                    messages.success(request, _("The review is complete; the return is locked."))
                    return redirect(performance_return.get_staff_url())
            elif action == "baseline":
                require_permissions(request, "performance.change_baseline", "performance.add_baseline")
                form = baseline_form = BaselineForm(request.POST, instance=baseline, prefix="baseline")
                if baseline_form.is_valid():
                    baseline_set(firm=performance_return.firm, **baseline_form.cleaned_data)
                    messages.success(request, _("The baseline is saved."))
                    return redirect(performance_return.get_staff_url())
            else:
                return HttpResponseBadRequest(_("Unknown action."))
        except ValidationError as error:
            add_service_error(form, error)
    context = {
        "return": performance_return,
        "round": performance_return.round,
        "state": return_state(performance_return),
        "growth": return_growth(performance_return),
        "comments": _labelled_comments(performance_return.staff_comments),
        "correction_form": correction_form,
        "accept_form": accept_form,
        "baseline_form": baseline_form,
        "may_review": performance_return.status in (ReturnStatus.SUBMITTED, ReturnStatus.RESUBMITTED),
    }
    return render(request, "performance/staff_return.html", context)


@staff_permission("performance.view_performancereturn")
def annual_summary(request, year=None):
    """Totals and medians of every round whose period ended in the year, residents and graduates apart."""
    year = year or hub_today().year
    if not 2000 <= year <= 2100:
        raise Http404
    years = sorted(
        {
            day.year
            for day in ReportingRound.objects.exclude(status=RoundStatus.DRAFT).values_list("period_end", flat=True)
        }
        | {year},
        reverse=True,
    )
    context = {"year": year, "years": years, "rollups": rollups(rounds_ended_in_year(year))}
    return render(request, "performance/annual_summary.html", context)

"""Reviewers: their own assignments only, conflict of interest first, then one score per criterion.

An assignment is fetched together with ``reviewer=request.user``, so another reviewer's answers 404.
Nothing of the application is shown to a reviewer with a conflict; a blind call hides the firm and
shows only the attachments its requirements mark ``shown_in_blind_review``; other reviewers' scores
appear only once this reviewer has submitted.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from portal.accounts.recording import note_access, records_access
from portal.forms import add_service_error

from ..choices import ApplicationStage, ConflictState
from ..forms import ConflictDeclarationForm, ScoreForm
from ..selectors import (
    application_attachments,
    application_reviews,
    review_assignments_of,
    review_assignments_with_application,
)
from ..services import review_declare_conflict, review_submit

# Scores are taken while the application is being reviewed; after the decision the review is closed.
SCORING_STAGES = (ApplicationStage.SUBMITTED, ApplicationStage.UNDER_REVIEW)


@login_required
def review_list(request):
    assignments = review_assignments_of(request.user)
    return render(request, "tenants/review/review_list.html", {"assignments": assignments})


@login_required
@records_access()
def review_detail(request, pk):
    assignment = get_object_or_404(
        review_assignments_with_application(),
        pk=pk,
        reviewer=request.user,
    )
    application = assignment.application
    note_access(request, firm=application.firm)
    call = application.call
    conflict_form = score_form = None
    criteria = list(call.criteria.all())
    scoring_open = application.stage in SCORING_STAGES

    if assignment.conflict == ConflictState.PENDING:
        conflict_form = ConflictDeclarationForm(request.POST or None, prefix="conflict")
    elif assignment.conflict == ConflictState.NONE and assignment.submitted_at is None and scoring_open:
        score_form = ScoreForm(request.POST or None, criteria=criteria, prefix="score")

    if request.method == "POST":
        action = request.POST.get("action")
        if action == "conflict" and conflict_form is not None:
            if conflict_form.is_valid():
                try:
                    review_declare_conflict(
                        assignment=assignment,
                        has_conflict=conflict_form.cleaned_data["has_conflict"],
                        note=conflict_form.cleaned_data["note"],
                    )
                except ValidationError as error:
                    add_service_error(conflict_form, error)
                else:
                    if conflict_form.cleaned_data["has_conflict"]:
                        messages.success(request, _("Your conflict of interest is recorded; you are excluded."))
                    else:
                        messages.success(request, _("Thank you. You can now read the application and score it."))
                    return redirect("tenants:review_detail", pk=assignment.pk)
        elif action == "score" and score_form is not None:
            if not request.user.has_perm("tenants.add_reviewscore"):
                raise PermissionDenied
            if score_form.is_valid():
                try:
                    review_submit(
                        assignment=assignment, scores=score_form.scores(), comment=score_form.cleaned_data["comment"]
                    )
                except ValidationError as error:
                    add_service_error(score_form, error)
                else:
                    messages.success(request, _("Your scores are submitted."))
                    return redirect("tenants:review_detail", pk=assignment.pk)
        elif action in ("conflict", "score"):
            # The form is gone: the state changed since the page was loaded (declared, excluded, submitted).
            messages.error(request, _("This step is already done or no longer possible."))
            return redirect("tenants:review_detail", pk=assignment.pk)
        else:
            return HttpResponseBadRequest(_("Unknown action."))

    context = {
        "assignment": assignment,
        "application": application,
        "call": call,
        "conflict_form": conflict_form,
        "score_form": score_form,
        "scoring_open": scoring_open,
        "show_application": assignment.conflict == ConflictState.NONE,
    }
    if assignment.conflict == ConflictState.NONE:
        attachments = application_attachments(application)
        # A blind call shows only the documents it marks for reviewers (e.g. the business plan).
        context["attachments"] = (
            attachments.filter(requirement__shown_in_blind_review=True) if call.blind_review else attachments
        )
        if assignment.submitted_at is not None:
            reviews = application_reviews(application)
            context["own_review"] = next(row for row in reviews if row["assignment"].pk == assignment.pk)
            context["other_reviews"] = [
                row for row in reviews if row["assignment"].pk != assignment.pk and row["assignment"].counts
            ]
            context["criteria"] = criteria
    return render(request, "tenants/review/review_detail.html", context)

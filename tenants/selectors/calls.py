"""Read queries of tenancy calls, applications and reviews."""

from datetime import datetime

from django.apps import apps
from django.db.models import Count, F, Min, Q, QuerySet
from django.utils.translation import gettext

from ..choices import ApplicationStage
from ..models import (
    Application,
    CorrectionRequest,
    Firm,
    FirmMembership,
    ReviewAssignment,
    TenancyCall,
)


def missing_required_documents(application) -> list[str]:
    """Names of the call's required documents with no attachment yet."""
    attached = set(application.attachments.values_list("requirement_id", flat=True))
    return [
        requirement.name
        for requirement in application.call.requirements.filter(required=True)
        if requirement.pk not in attached
    ]


def application_submission_problems(application) -> list[str]:
    """Everything that stops a draft from being submitted, as the firm reads it.

    The one list the application page shows before submitting and ``application_submit`` refuses
    with, so the page never promises a submission the service then refuses.
    """
    problems = []
    missing = missing_required_documents(application)
    if missing:
        problems.append(gettext("Attach the required documents: %(names)s.") % {"names": ", ".join(missing)})
    if not application.summary.strip():
        problems.append(gettext("Fill in the business summary."))
    if not application.plan.strip():
        problems.append(gettext("Fill in what the firm will do at the hub."))
    return problems


def review_conflict_reason(reviewer, firm: Firm) -> str:
    """A known tie between a reviewer and a firm, or "" when none is known.

    The reviewer belongs to the firm, or is its consultant (an expert assigned to one of its
    consulting engagements).
    """
    if FirmMembership.objects.filter(user=reviewer, firm=firm).exists():
        return gettext("The reviewer is a member of this firm.")
    # Looked up through the app registry: programs depends on tenants, not the other way round.
    assignment = apps.get_model("programs", "Assignment")
    if assignment.objects.filter(
        expert__user=reviewer, request__firm=firm, request__state__in=("assigned", "in_progress", "completed")
    ).exists():
        return gettext("The reviewer is this firm's consultant.")
    return ""


def published_calls() -> QuerySet:
    return TenancyCall.objects.filter(is_published=True).prefetch_related("sites").order_by("-closes_at", "pk")


def next_call_state_change(now) -> datetime | None:
    """The next moment a published call opens or closes (the calls page changes by the clock alone)."""
    moments = TenancyCall.objects.filter(is_published=True).aggregate(
        opens=Min("opens_at", filter=Q(opens_at__gt=now)),
        closes=Min("closes_at", filter=Q(closes_at__gt=now)),
    )
    return min((moment for moment in moments.values() if moment is not None), default=None)


def applications_for_firm(user) -> QuerySet:
    from ..scoping import scope_to_member

    return scope_to_member(Application.objects.select_related("call"), user).order_by("-created_at", "pk")


def call_stage_counts() -> list[dict]:
    """Per published or draft call: how many applications sit in each stage (one query)."""
    rows = Application.objects.values("call_id", "stage").annotate(count=Count("pk")).order_by("call_id", "stage")
    counts = {}
    for row in rows:
        counts.setdefault(row["call_id"], {})[row["stage"]] = row["count"]
    calls = TenancyCall.objects.order_by("-opens_at", "pk")
    return [
        {"call": call, "counts": [(stage, counts.get(call.pk, {}).get(stage.value, 0)) for stage in ApplicationStage]}
        for call in calls
    ]


def call_ranking(call: TenancyCall) -> list[dict]:
    """Applications of a call ranked by the mean of their reviewers' weighted scores.

    A reviewer counts once they declared no conflict and submitted; the spread is the highest
    minus the lowest reviewer total, so staff can see where reviewers disagree.
    """
    criteria = list(call.criteria.all())
    total_weight = sum(criterion.weight for criterion in criteria) or 1
    applications = (
        call.applications.exclude(stage__in=[ApplicationStage.DRAFT, ApplicationStage.WITHDRAWN])
        .select_related("firm")
        .prefetch_related("review_assignments__scores", "review_assignments__reviewer")
    )
    rows = []
    for application in applications:
        totals = []
        assignments = list(application.review_assignments.all())
        for assignment in assignments:
            if not assignment.counts:
                continue
            by_criterion = {score.criterion_id: score.score for score in assignment.scores.all()}
            totals.append(sum(by_criterion.get(c.pk, 0) * c.weight for c in criteria) / total_weight)
        rows.append(
            {
                "application": application,
                "assignments": assignments,
                "reviews": len(totals),
                "average": round(sum(totals) / len(totals), 1) if totals else None,
                "spread": round(max(totals) - min(totals), 1) if len(totals) > 1 else None,
            }
        )

    # An application returned for correction is not ranked until it is resubmitted: its documents
    # may change what the reviewers would score.
    def unranked(row):
        return row["average"] is None or row["application"].stage == ApplicationStage.RETURNED

    rows.sort(key=lambda row: (unranked(row), -(row["average"] or 0), row["application"].pk))
    rank = 0
    for row in rows:
        if unranked(row):
            row["rank"] = None
        else:
            rank += 1
            row["rank"] = rank
    return rows


def application_reviews(application: Application) -> list[dict]:
    """The application's review assignments with each criterion's score and the weighted total.

    The total is weighted like ``call_ranking`` and given only for reviews that count (no conflict,
    submitted). Staff see every row; a reviewer sees the others' only after submitting their own.
    """
    criteria = list(application.call.criteria.all())
    total_weight = sum(criterion.weight for criterion in criteria) or 1
    assignments = application.review_assignments.select_related("reviewer").prefetch_related("scores")
    rows = []
    for assignment in assignments:
        by_criterion = {score.criterion_id: score for score in assignment.scores.all()}
        total = None
        if assignment.counts:
            total = round(
                sum(by_criterion[c.pk].score * c.weight for c in criteria if c.pk in by_criterion) / total_weight, 1
            )
        rows.append(
            {
                "assignment": assignment,
                "scores": [(criterion, by_criterion.get(criterion.pk)) for criterion in criteria],
                "total": total,
            }
        )
    return rows


def applications_submitted_by_stage(start, end) -> dict[str, int]:
    """Applications submitted in ``[start, end)``, counted by the stage they are in now (one query)."""
    rows = (
        Application.objects.filter(submitted_at__gte=start, submitted_at__lt=end)
        .values_list("stage")
        .annotate(count=Count("pk"))
        .order_by()
    )
    return dict(rows)


def staff_applications() -> QuerySet:
    """Applications staff open for review: every one past the draft, with its call, firm and site."""
    return Application.objects.select_related("call", "firm", "requested_site").exclude(stage=ApplicationStage.DRAFT)


def application_attachments(application: Application) -> QuerySet:
    return application.attachments.select_related("requirement")


def application_timeline(application: Application) -> QuerySet:
    return application.stage_changes.select_related("changed_by")


def review_assignments_of(reviewer) -> QuerySet:
    """A reviewer's assignments, the ones still to do first."""
    return (
        ReviewAssignment.objects.filter(reviewer=reviewer)
        .select_related("application__call", "application__firm")
        .order_by(F("submitted_at").asc(nulls_first=True), "-assigned_at", "pk")
    )


def review_assignments_with_application() -> QuerySet:
    return ReviewAssignment.objects.select_related(
        "application__call", "application__firm", "application__requested_site"
    )


def open_correction(application: Application) -> CorrectionRequest | None:
    """The correction request the firm is answering now (the latest, not yet resubmitted), with
    its comments per document."""
    return (
        application.correction_requests.filter(resubmitted_at__isnull=True)
        .select_related("requested_by")
        .prefetch_related("items__requirement")
        .order_by("-requested_at", "-pk")
        .first()
    )


def application_corrections(application: Application) -> QuerySet:
    """Every correction request of the application, the latest first, with its comments per document."""
    return application.correction_requests.select_related("requested_by").prefetch_related("items__requirement")


def staff_call_list() -> QuerySet:
    """Every call, drafts included, with its application counts (one query)."""
    return TenancyCall.objects.annotate(
        application_count=Count("applications", filter=~Q(applications__stage=ApplicationStage.DRAFT)),
        returned_count=Count("applications", filter=Q(applications__stage=ApplicationStage.RETURNED)),
    ).order_by("-opens_at", "pk")

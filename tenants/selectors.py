from datetime import timedelta

from auditlog.models import LogEntry
from django.apps import apps
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext

from .choices import ApplicationStage, LeaseStatus, MembershipRole
from .models import Application, Firm, FirmMembership, Lease, Site, TenancyCall
from .scoping import membership_of


def _holding(on, *, prefix: str = "", past: bool = False) -> Q:
    """Leases that hold their space on ``on``.

    ``past`` counts a day already gone: a lease ended since by a move-out still held its space
    then (the move-out cut its end date, so the dates alone tell).
    """
    condition = Q(**{f"{prefix}start_date__lte": on, f"{prefix}end_date__gte": on})
    return condition if past else condition & Q(**{f"{prefix}status": LeaseStatus.ACTIVE})


def current_leases(on=None, *, past: bool = False) -> QuerySet:
    return Lease.objects.filter(_holding(on or timezone.localdate(), past=past))


def resident_firms(on=None, *, past: bool = False) -> QuerySet:
    """Firms with a current lease at either site: the hub's resident firms."""
    return Firm.objects.filter(Exists(current_leases(on, past=past).filter(firm=OuterRef("pk"))))


def sites_with_resident_counts(on=None) -> QuerySet:
    on = on or timezone.localdate()
    current = Q(
        spaces__leases__status=LeaseStatus.ACTIVE,
        spaces__leases__start_date__lte=on,
        spaces__leases__end_date__gte=on,
    )
    return Site.objects.annotate(
        resident_count=Count("spaces__leases__firm", filter=current, distinct=True),
        space_count=Count("spaces", distinct=True),
    ).order_by("name")


def hub_figures(on=None) -> dict:
    return {
        "resident_firms": resident_firms(on).count(),
        "sites": Site.objects.count(),
        "registered_firms": Firm.objects.count(),
    }


def firms_visible_to(user) -> QuerySet:
    """Public profiles for everyone; one's own firm too; every firm for staff allowed to view firms."""
    if getattr(user, "is_authenticated", False) and user.has_perm("tenants.view_firm"):
        return Firm.objects.all()
    visible = Q(public_profile=True)
    if getattr(user, "is_authenticated", False):
        visible |= Q(memberships__user=user)
    return Firm.objects.filter(visible).distinct()


def full_record_checker(user):
    """A function telling, without further queries, whether ``user`` may see a firm's full record."""
    if getattr(user, "is_authenticated", False) and user.has_perm("tenants.view_firm"):
        return lambda firm: True
    membership = membership_of(user)
    own_firm_id = membership.firm_id if membership else None
    return lambda firm: firm.pk == own_firm_id


def readable_value(value) -> str:
    return {"None": "—", "": "—", "True": gettext("Yes"), "False": gettext("No")}.get(str(value), str(value))


def firm_change_history(firm: Firm, *, limit: int = 20) -> list[dict]:
    """The firm's audit entries as rows a person can read: who, when, from where, what changed."""
    entries = LogEntry.objects.get_for_object(firm).select_related("actor").order_by("-timestamp")[:limit]
    rows = []
    for entry in entries:
        if entry.action == LogEntry.Action.CREATE:
            changes = [(gettext("Firm registered"), "", "")]
        else:
            changes = [
                (capfirst(field), readable_value(old), readable_value(new))
                for field, (old, new) in entry.changes_display_dict.items()
            ]
        rows.append({"entry": entry, "changes": changes})
    return rows


def firm_representative(firm: Firm):
    membership = firm.memberships.select_related("user").filter(role=MembershipRole.REPRESENTATIVE).first()
    return membership.user if membership else None


def missing_required_documents(application) -> list[str]:
    """Names of the call's required documents with no attachment yet."""
    attached = set(application.attachments.values_list("requirement_id", flat=True))
    return [
        requirement.name
        for requirement in application.call.requirements.filter(required=True)
        if requirement.pk not in attached
    ]


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


def applications_for_firm(user) -> QuerySet:
    from .scoping import scope_to_member

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
    rows.sort(key=lambda row: (row["average"] is None, -(row["average"] or 0), row["application"].pk))
    for rank, row in enumerate(rows, start=1):
        row["rank"] = rank if row["average"] is not None else None
    return rows


def site_occupancy(on=None, *, past: bool = False) -> list[dict]:
    """Seats and area per site, and how much of each current leases take."""
    current = _holding(on or timezone.localdate(), prefix="spaces__leases__", past=past)
    totals = Site.objects.annotate(seats=Sum("spaces__seats"), area=Sum("spaces__area_m2")).order_by("name")
    taken = {
        row["pk"]: row
        for row in Site.objects.annotate(
            seats_taken=Sum("spaces__seats", filter=current), area_taken=Sum("spaces__area_m2", filter=current)
        ).values("pk", "seats_taken", "area_taken")
    }
    result = []
    for site in totals:
        seats_taken = taken[site.pk]["seats_taken"] or 0
        area_taken = taken[site.pk]["area_taken"] or 0
        result.append(
            {
                "site": site,
                "seats": site.seats or 0,
                "seats_taken": seats_taken,
                "area": site.area or 0,
                "area_taken": area_taken,
                "seat_rate": round(100 * seats_taken / site.seats) if site.seats else 0,
            }
        )
    return result


def leases_expiring(within_days: int, on=None, *, past: bool = False) -> QuerySet:
    on = on or timezone.localdate()
    return (
        current_leases(on, past=past)
        .filter(end_date__lte=on + timedelta(days=within_days))
        .select_related("firm", "space__site")
        .order_by("end_date", "pk")
    )


def directory_firms() -> QuerySet:
    """Resident firms that agreed to a public profile, with their current site."""
    today = timezone.localdate()
    site_name = current_leases(today).filter(firm=OuterRef("pk")).order_by("start_date").values("space__site__name")
    site_id = current_leases(today).filter(firm=OuterRef("pk")).order_by("start_date").values("space__site_id")
    return (
        resident_firms(today)
        .filter(public_profile=True)
        .annotate(site_name=Subquery(site_name[:1]), site_id=Subquery(site_id[:1]))
        .order_by("name", "pk")
    )


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


# One firm, one record


def staff_firm_list() -> QuerySet:
    """Every firm with its member count and whether it holds a current lease, for the staff firm list."""
    return Firm.objects.annotate(
        member_count=Count("memberships", distinct=True),
        is_resident=Exists(current_leases().filter(firm=OuterRef("pk"))),
    ).order_by("name", "pk")


# name -> function(firm) giving that section of the firm record; sub-apps register theirs when
# they are ready (see ``tenants.partners.apps``), so the imports keep pointing down.
FIRM_RECORD_SECTIONS: dict = {}


def register_firm_record_section(name: str, section) -> None:
    FIRM_RECORD_SECTIONS[name] = section


def firm_record(firm: Firm, *, mail_limit: int | None = None) -> dict:
    """The firm's whole path through the hub, section by section, in a constant number of queries.

    Training counts an enrolment made on behalf of the firm or by one of its people; mail counts a
    message addressed to one of its people, by account or by e-mail address. ``mail_limit`` keeps
    the newest messages only (the page), while ``mail_count`` is always the total.
    """
    # Looked up through the app registry: programs depends on tenants, not the other way round.
    enrolment_model = apps.get_model("programs", "Enrolment")
    consulting_request_model = apps.get_model("programs", "ConsultingRequest")
    assignment_model = apps.get_model("programs", "Assignment")
    outbox_message_model = apps.get_model("notifications", "OutboxMessage")

    member_emails = FirmMembership.objects.filter(firm=firm).values("user__email")
    in_firm = Q(user__membership__firm=firm)
    mail = outbox_message_model.objects.filter(in_firm | Q(recipient__in=member_emails)).order_by("-created_at", "-pk")
    shown_mail = list(mail[:mail_limit] if mail_limit else mail)
    # Counted only when the limit cut the list short: otherwise the rows already tell.
    mail_count = mail.count() if mail_limit and len(shown_mail) == mail_limit else len(shown_mail)
    return {
        "firm": firm,
        "members": list(
            FirmMembership.objects.filter(firm=firm).select_related("user").order_by("role", "joined_at", "pk")
        ),
        "applications": list(
            Application.objects.filter(firm=firm).select_related("call").order_by("-created_at", "-pk")
        ),
        "leases": list(Lease.objects.filter(firm=firm).select_related("space__site").order_by("-start_date", "-pk")),
        "enrolments": list(
            enrolment_model.objects.filter(Q(firm=firm) | in_firm)
            .select_related("cohort__programme", "user", "certificate")
            .order_by("-cohort__starts_on", "user__name", "pk")
        ),
        "consulting": list(
            consulting_request_model.objects.filter(firm=firm)
            .prefetch_related(
                "kpis",
                Prefetch("assignments", queryset=assignment_model.objects.select_related("expert__user")),
            )
            .order_by("-created_at", "-pk")
        ),
        # Sections of sub-apps (the MOUs of tenants.partners), which tenants itself does not import.
        **{name: section(firm) for name, section in FIRM_RECORD_SECTIONS.items()},
        "mail": shown_mail,
        "mail_count": mail_count,
    }


# --- the monthly report ----------------------------------------------------------------------


def applications_submitted_by_stage(start, end) -> dict[str, int]:
    """Applications submitted in ``[start, end)``, counted by the stage they are in now (one query)."""
    rows = (
        Application.objects.filter(submitted_at__gte=start, submitted_at__lt=end)
        .values_list("stage")
        .annotate(count=Count("pk"))
        .order_by()
    )
    return dict(rows)


def lease_movements(first_day, last_day) -> dict[str, int]:
    """Leases that began and that ended within the days given (one query)."""
    return Lease.objects.aggregate(
        started=Count("pk", filter=Q(start_date__gte=first_day, start_date__lte=last_day)),
        ended=Count("pk", filter=Q(end_date__gte=first_day, end_date__lte=last_day)),
    )

"""Read-side queries of the service desk, shared by the HTML pages, the API, exports and the report."""

from statistics import median

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Count, Q, QuerySet

from portal.time import hub_today, kst
from tenants.scoping import scope_to_member

from .choices import RequestCategory, RequestState
from .models import RequestAttachment, RequestEntry, ServiceRequest

LIST_RELATED = ("site", "space", "firm", "requester", "owner")


def requests_of_member(user) -> QuerySet:
    """The requests of the user's firm (any of its people filed them); none for anyone without a firm."""
    return scope_to_member(ServiceRequest.objects.select_related("site", "space", "requester"), user)


def firm_timeline(service_request: ServiceRequest) -> list[RequestEntry]:
    """What the firm reads of a request: status changes and public replies with their files."""
    return list(
        RequestEntry.objects.for_firm()
        .filter(request=service_request)
        .select_related("author")
        .prefetch_related("files")
        .order_by("created_at", "pk")
    )


def staff_timeline(service_request: ServiceRequest) -> list[RequestEntry]:
    return list(
        RequestEntry.objects.filter(request=service_request)
        .select_related("author")
        .prefetch_related("files")
        .order_by("created_at", "pk")
    )


def request_files(service_request: ServiceRequest) -> list[RequestAttachment]:
    return list(service_request.attachments.order_by("uploaded_at", "pk"))


def staff_queue(today=None) -> QuerySet:
    """Every request for the staff queue, oldest due first, with ``is_overdue`` (open past its due day)."""
    return (
        ServiceRequest.objects.select_related(*LIST_RELATED)
        .with_overdue(today or hub_today())
        .order_by("due_on", "-created_at", "-pk")
    )


def desk_owners() -> QuerySet:
    """Staff who may own requests: active users holding the desk permission through a group, or superusers."""
    permission = Permission.objects.filter(content_type__app_label="desk", codename="manage_servicerequest")
    return (
        get_user_model()
        .objects.filter(
            Q(groups__permissions__in=permission) | Q(user_permissions__in=permission) | Q(is_superuser=True)
        )
        .filter(is_active=True)
        .distinct()
        .order_by("name", "email")
    )


def queue_counts(today=None) -> dict:
    """The figures above the queue: open, overdue and waiting for the firm."""
    today = today or hub_today()
    return ServiceRequest.objects.aggregate(
        open=Count("pk", filter=Q(state__in=(RequestState.RECEIVED, RequestState.IN_PROGRESS))),
        waiting=Count("pk", filter=Q(state=RequestState.WAITING)),
        overdue=Count(
            "pk",
            filter=Q(
                state__in=(RequestState.RECEIVED, RequestState.IN_PROGRESS, RequestState.WAITING), due_on__lt=today
            ),
        ),
    )


def firm_service_requests(firm) -> list:
    """The firm record's service-desk section: the firm's requests, newest first (one query)."""
    return list(
        ServiceRequest.objects.filter(firm=firm)
        .select_related("site", "requester", "owner")
        .with_overdue(hub_today())
        .order_by("-created_at", "-pk")
    )


def _resolved_on(service_request) -> object:
    return kst(service_request.resolved_at).date() if service_request.resolved_at else None


def desk_figures(start, end) -> dict:
    """The monthly report's section: requests received in ``[start, end)`` by category and state
    now, the median days to resolve (calendar days, received → resolved), and the share of those
    resolved that were resolved on or before their due day."""
    received = list(
        ServiceRequest.objects.filter(created_at__gte=start, created_at__lt=end).only(
            "category", "state", "created_at", "resolved_at", "due_on", "closed_at"
        )
    )
    states = list(RequestState)
    by_category = []
    for category in RequestCategory:
        rows = [row for row in received if row.category == category]
        by_category.append(
            {
                "category": category.label,
                "total": len(rows),
                "states": [sum(1 for row in rows if row.state == state) for state in states],
            }
        )
    resolved = [row for row in received if row.resolved_at is not None]
    durations = [(row.resolved_at - row.created_at).total_seconds() / 86400 for row in resolved]
    within = sum(1 for row in resolved if _resolved_on(row) <= row.due_on)
    return {
        "states": [state.label for state in states],
        "by_category": by_category,
        "received": len(received),
        "resolved": len(resolved),
        "median_days_to_resolve": round(median(durations), 1) if durations else None,
        "within_service_level": round(within / len(resolved), 4) if resolved else None,
    }

"""Read queries of sites, spaces and leases: residents, occupancy, expiring leases."""

from datetime import timedelta

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.utils import timezone

from ..choices import LeaseStatus, RenewalStatus
from ..models import (
    Firm,
    Lease,
    LeaseRenewalRequest,
    Site,
)


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
    ).order_by("name_ko")


def hub_figures(on=None) -> dict:
    return {
        "resident_firms": resident_firms(on).count(),
        "sites": Site.objects.count(),
        "registered_firms": Firm.objects.count(),
    }


def site_occupancy(on=None, *, past: bool = False) -> list[dict]:
    """Seats and area per site, and how much of each current leases take."""
    current = _holding(on or timezone.localdate(), prefix="spaces__leases__", past=past)
    # The Korean name orders sites the same on every page and report, whatever the language.
    totals = Site.objects.annotate(seats=Sum("spaces__seats"), area=Sum("spaces__area_m2")).order_by("name_ko")
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


def lease_movements(first_day, last_day) -> dict[str, int]:
    """Leases that began and that ended within the days given (one query)."""
    return Lease.objects.aggregate(
        started=Count("pk", filter=Q(start_date__gte=first_day, start_date__lte=last_day)),
        ended=Count("pk", filter=Q(end_date__gte=first_day, end_date__lte=last_day)),
    )


def lease_days_left(lease: Lease, today) -> int | None:
    """Days until an active lease ends (negative once past); None for an ended lease."""
    return (lease.end_date - today).days if lease.status == LeaseStatus.ACTIVE else None


def pending_renewal_count() -> int:
    return LeaseRenewalRequest.objects.filter(status=RenewalStatus.PENDING).count()


def lease_of_application(application):
    """The lease an application became, if any."""
    return Lease.objects.filter(application=application).select_related("space__site").first()


def staff_lease_list() -> QuerySet:
    """Every lease for the staff list, ending soonest first, marked when a renewal waits for a decision."""
    pending_renewal = LeaseRenewalRequest.objects.filter(lease=OuterRef("pk"), status=RenewalStatus.PENDING)
    return (
        Lease.objects.select_related("firm", "space__site")
        .annotate(has_pending_renewal=Exists(pending_renewal))
        .order_by("end_date", "pk")
    )


def staff_leases() -> QuerySet:
    return Lease.objects.select_related("firm", "space__site", "application__call")


def lease_renewals(lease: Lease) -> list:
    return list(lease.renewal_requests.select_related("requested_by", "decided_by"))

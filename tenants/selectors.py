from auditlog.models import LogEntry
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext

from .choices import LeaseStatus
from .models import Firm, Lease, Site
from .scoping import membership_of


def current_leases(on=None) -> QuerySet:
    on = on or timezone.localdate()
    return Lease.objects.filter(status=LeaseStatus.ACTIVE, start_date__lte=on, end_date__gte=on)


def resident_firms(on=None) -> QuerySet:
    """Firms with a current lease at either site: the hub's resident firms."""
    return Firm.objects.filter(Exists(current_leases(on).filter(firm=OuterRef("pk"))))


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


def _readable(value) -> str:
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
                (capfirst(field), _readable(old), _readable(new))
                for field, (old, new) in entry.changes_display_dict.items()
            ]
        rows.append({"entry": entry, "changes": changes})
    return rows

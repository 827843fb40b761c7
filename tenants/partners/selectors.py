"""Read-side queries on partners, MOUs and obligations, shared by the pages, the API and reports."""

from datetime import timedelta

from auditlog.models import LogEntry
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.utils.text import capfirst
from django.utils.translation import gettext

from tenants.selectors import readable_value

from .choices import MOUStatus, ObligationStatus, PartnerKind
from .models import MOU, RENEWAL_LEAD_DAYS, Obligation, Partner, obligation_overdue


def hub_staff_recipients() -> QuerySet:
    """Who gets the MOU and obligation reminders: the active members of the Hub manager role.

    Hub managers run the partnerships (programme officers see MOUs too, but the hub's relations with
    its partners are the managers' job), so the reminders go to them and to nobody outside the hub.
    """
    from django.contrib.auth import get_user_model

    from portal.accounts.roles import HUB_MANAGER

    return get_user_model().objects.filter(is_active=True, groups__name=HUB_MANAGER).distinct().order_by("pk")


def public_mous() -> QuerySet:
    """MOUs the public site shows: marked public and signed (in effect, or past), with their partners."""
    return MOU.objects.public().prefetch_related("partners").order_by("-signed_on", "pk")


def public_partners() -> QuerySet:
    """Partners with at least one public MOU; those MOUs (newest first) are in ``public_mous``."""
    return (
        Partner.objects.filter(Exists(MOU.objects.public().filter(partners=OuterRef("pk"))))
        .prefetch_related(
            Prefetch("mous", queryset=MOU.objects.public().order_by("-signed_on", "pk"), to_attr="public_mous")
        )
        .order_by("name", "pk")
    )


def partners_by_kind(partners) -> list[tuple[PartnerKind, list]]:
    """Partners grouped by kind, in the order the kinds are declared (cloud first, "other" last)."""
    groups = {kind: [] for kind in PartnerKind}
    for partner in partners:
        groups[PartnerKind(partner.kind)].append(partner)
    return [(kind, members) for kind, members in groups.items() if members]


def partners_visible_to(user) -> QuerySet:
    """Every partner for staff who may view partners; the partners of public MOUs for anyone else."""
    if getattr(user, "is_authenticated", False) and user.has_perm("partners.view_partner"):
        return Partner.objects.order_by("name", "pk")
    return public_partners()


def mous_visible_to(user) -> QuerySet:
    """Every MOU for staff who may view MOUs; the public ones for anyone else (firms included)."""
    if getattr(user, "is_authenticated", False) and user.has_perm("partners.view_mou"):
        return MOU.objects.all()
    return MOU.objects.public()


def mou_timeline(mous, today) -> dict[str, list]:
    """MOUs sorted into the staff timeline: expiring within 90 days, in effect, upcoming, ended."""
    sections = {"expiring": [], "active": [], "upcoming": [], "expired": [], "terminated": []}
    horizon = today + timedelta(days=RENEWAL_LEAD_DAYS)
    for mou in mous:
        mou.days_left = mou.days_to_expiry(today)
        if mou.status == MOUStatus.ACTIVE:
            soon = mou.expires_on is not None and mou.expires_on <= horizon
            sections["expiring" if soon else "active"].append(mou)
        elif mou.status in (MOUStatus.DRAFT, MOUStatus.SIGNED):
            sections["upcoming"].append(mou)
        else:
            sections[mou.status].append(mou)
    sections["expiring"].sort(key=lambda mou: (mou.expires_on, mou.pk))
    sections["expired"].sort(key=lambda mou: (mou.expires_on or today, mou.pk), reverse=True)
    return sections


def mou_figures(today) -> dict:
    """The workspace's headline numbers, in two queries."""
    horizon = today + timedelta(days=RENEWAL_LEAD_DAYS)
    figures = MOU.objects.aggregate(
        active=Count("pk", filter=Q(status=MOUStatus.ACTIVE)),
        expiring=Count("pk", filter=Q(status=MOUStatus.ACTIVE, expires_on__gte=today, expires_on__lte=horizon)),
        expired=Count("pk", filter=Q(status=MOUStatus.EXPIRED)),
    )
    figures.update(
        Obligation.objects.aggregate(
            open=Count("pk", filter=Q(status=ObligationStatus.OPEN)),
            overdue=Count("pk", filter=obligation_overdue(today)),
        )
    )
    return figures


def obligation_counts_by_party(today) -> list[dict]:
    """Open and overdue obligations per party (the city/hub is the row without a partner), one query."""
    return list(
        Obligation.objects.filter(status=ObligationStatus.OPEN)
        .values("party_id", "party__name")
        .annotate(open=Count("pk"), overdue=Count("pk", filter=obligation_overdue(today)))
        .order_by(F("party__name").asc(nulls_first=True))
    )


def firm_mous(firm) -> list:
    """The firm record's MOU section: the MOUs concerning the firm, with their partners (two queries)."""
    return list(MOU.objects.filter(firms=firm).prefetch_related("partners").order_by("-effective_from", "pk"))


def change_history(obj, *, limit: int = 20) -> list[dict]:
    """Any audited object's entries as readable rows (who, when, what changed), many-to-many changes too."""
    entries = (
        LogEntry.objects.get_for_object(obj).select_related("actor", "content_type").order_by("-timestamp")[:limit]
    )
    rows = []
    for entry in entries:
        if entry.action == LogEntry.Action.CREATE:
            rows.append({"entry": entry, "changes": [(gettext("Created"), "", "")]})
            continue
        changes = []
        for name, change in entry.changes_dict.items():
            if isinstance(change, dict) and change.get("type") == "m2m":
                sign = "+" if change.get("operation") == "add" else "−"
                label = capfirst(obj._meta.get_field(name).verbose_name)
                changes.append((label, "", f"{sign} {', '.join(change.get('objects', []))}"))
        changes += [
            (capfirst(field), readable_value(values[0]), readable_value(values[1]))
            for field, values in entry.changes_display_dict.items()
            if isinstance(values, list | tuple) and len(values) == 2
        ]
        rows.append({"entry": entry, "changes": changes})
    return rows


# --- the monthly report ----------------------------------------------------------------------


def mous_in_effect(on) -> QuerySet:
    """MOUs in effect on a day: signed by then, begun, not yet expired and not terminated by then."""
    return (
        MOU.objects.exclude(status=MOUStatus.DRAFT)
        .filter(signed_on__lte=on, effective_from__lte=on)
        .filter(Q(expires_on__isnull=True) | Q(expires_on__gte=on))
        .filter(Q(terminated_on__isnull=True) | Q(terminated_on__gt=on))
        .prefetch_related("partners")
        .order_by(F("expires_on").asc(nulls_last=True), "pk")
    )


def obligations_overdue_on(day, *, day_ends_at) -> QuerySet:
    """Obligations past their due date on ``day`` and still open at the end of it (``day_ends_at``),
    however late they were entered: what was due then and not done was overdue then."""
    return (
        Obligation.objects.filter(obligation_overdue(day, still_open_at=day_ends_at))
        .select_related("mou", "party")
        .order_by("due_on", "pk")
    )

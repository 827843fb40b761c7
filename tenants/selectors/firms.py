"""Read queries of firms: who sees which firm, change history, the public directory and the one-firm record."""

from auditlog.models import LogEntry
from django.apps import apps
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext

from portal.i18n import in_active_language

from ..choices import MembershipRole
from ..models import (
    Application,
    Firm,
    FirmMembership,
    Lease,
)
from ..scoping import firms_in_reach
from .spaces import current_leases, resident_firms


def firms_visible_to(user) -> QuerySet:
    """Public profiles for everyone, and the full records in the user's reach (``firms_in_reach``)."""
    in_reach = firms_in_reach(user)
    if getattr(user, "is_authenticated", False) and user.has_perm("tenants.view_firm"):
        return in_reach
    return Firm.objects.filter(Q(public_profile=True) | Q(pk__in=in_reach.values("pk")))


def full_record_checker(user):
    """A function telling, without further queries, whether ``user`` may see a firm's full record."""
    if getattr(user, "is_authenticated", False) and user.has_perm("tenants.view_firm"):
        return lambda firm: True
    reachable = set(firms_in_reach(user).values_list("pk", flat=True))
    return lambda firm: firm.pk in reachable


def readable_value(value) -> str:
    return {"None": "—", "": "—", "True": gettext("Yes"), "False": gettext("No")}.get(str(value), str(value))


def firm_change_history(firm: Firm, *, limit: int = 20) -> list[dict]:
    """The firm's audit entries as rows a person can read: who, when, from where, what changed."""
    entries = LogEntry.objects.get_for_object(firm).select_related("actor", "content_type")
    entries = entries.order_by("-timestamp")[:limit]
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


def directory_firms() -> QuerySet:
    """Resident firms that agreed to a public profile, with their current site."""
    today = timezone.localdate()
    site_name = (
        current_leases(today)
        .filter(firm=OuterRef("pk"))
        .order_by("start_date")
        .values(name=in_active_language("space__site__name"))
    )
    site_id = current_leases(today).filter(firm=OuterRef("pk")).order_by("start_date").values("space__site_id")
    return (
        resident_firms(today)
        .filter(public_profile=True)
        .annotate(site_name=Subquery(site_name[:1]), site_id=Subquery(site_id[:1]))
        .order_by("name", "pk")
    )


def unlisted_resident_count() -> int:
    """Resident firms the directory leaves out because they did not agree to a public profile."""
    return resident_firms(timezone.localdate()).filter(public_profile=False).count()


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

"""The one way to reach a firm's own records: filter by membership first, so others' ids are 404.

Every firm-owned query in HTML views and the API goes through these helpers (healthchecks'
``get_object_for_member`` pattern); nothing fetches by id and checks ownership afterwards.
"""

from collections.abc import Callable

from django.db.models import Model, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from .choices import MembershipRole
from .models import Firm, FirmMembership

# Firms a person reaches through their work rather than a membership: the programs app registers a
# consultant's assigned engagements here (tenants never imports programs).
_FIRM_REACHES: list[Callable[[object], QuerySet]] = []


def membership_of(user) -> FirmMembership | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return FirmMembership.objects.select_related("firm").filter(user=user).first()


def scope_to_member(queryset: QuerySet, user, *, firm_path: str = "firm", representative: bool = False) -> QuerySet:
    """Rows of ``queryset`` that belong to the user's firm (none for anyone without a firm)."""
    if not representative:
        if not getattr(user, "is_authenticated", False):
            return queryset.none()
        # The membership as a subquery (a person has at most one), so the list costs one query, not two.
        return queryset.filter(**{f"{firm_path}__in": FirmMembership.objects.filter(user=user).values("firm_id")})
    membership = membership_of(user)
    if membership is None or (representative and membership.role != MembershipRole.REPRESENTATIVE):
        return queryset.none()
    return queryset.filter(**{firm_path: membership.firm_id})


def get_object_for_member(
    user, model_or_queryset, *, firm_path: str = "firm", representative: bool = False, **lookup
) -> Model:
    """One of the user's firm's objects, or 404 whether it belongs to another firm or does not exist."""
    queryset = (
        model_or_queryset if isinstance(model_or_queryset, QuerySet) else model_or_queryset._default_manager.all()
    )
    return get_object_or_404(
        scope_to_member(queryset, user, firm_path=firm_path, representative=representative), **lookup
    )


def register_firm_reach(reach: Callable[[object], QuerySet]) -> None:
    """``reach(user)`` returns a ``values("firm_id")`` queryset of the firms the user works on."""
    if reach not in _FIRM_REACHES:
        _FIRM_REACHES.append(reach)


def firms_in_reach(user) -> QuerySet:
    """The firms whose full record (BRN, people, contacts, logo) the user may see — the one scope of
    HTML pages, the API, exports and logo downloads:

    - staff holding ``tenants.view_firm`` (hub manager, programme officer): every firm;
    - everyone else: their own firm and the firms of their assigned work (a consultant's engagements);
    - anonymous visitors: none.
    """
    if not getattr(user, "is_authenticated", False):
        return Firm.objects.none()
    if user.has_perm("tenants.view_firm"):
        return Firm.objects.all()
    reach = Q(pk__in=FirmMembership.objects.filter(user=user).values("firm_id"))
    for firm_ids in _FIRM_REACHES:
        reach |= Q(pk__in=firm_ids(user))
    return Firm.objects.filter(reach)


def require_membership(user, *, representative: bool = False) -> FirmMembership:
    membership = membership_of(user)
    if membership is None or (representative and not membership.is_representative):
        raise Http404("No firm")
    return membership

"""The one way to reach a firm's own records: filter by membership first, so others' ids are 404.

Every firm-owned query in HTML views and the API goes through these helpers (healthchecks'
``get_object_for_member`` pattern); nothing fetches by id and checks ownership afterwards.
"""

from django.db.models import Model, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from .choices import MembershipRole
from .models import FirmMembership


def membership_of(user) -> FirmMembership | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return FirmMembership.objects.select_related("firm").filter(user=user).first()


def scope_to_member(queryset: QuerySet, user, *, firm_path: str = "firm", representative: bool = False) -> QuerySet:
    """Rows of ``queryset`` that belong to the user's firm (none for anyone without a firm)."""
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


def require_membership(user, *, representative: bool = False) -> FirmMembership:
    membership = membership_of(user)
    if membership is None or (representative and not membership.is_representative):
        raise Http404("No firm")
    return membership

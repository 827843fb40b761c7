"""API views of spaces and leases (staff)."""

from django.utils import timezone
from rest_framework import viewsets

from portal.api import HasRequiredPermission

from ...filters import (
    LeaseFilterSet,
)
from ...models import Lease, Space
from ..serializers import (
    LeaseSerializer,
    SpaceSerializer,
)


class SpaceViewSet(viewsets.ReadOnlyModelViewSet):
    """Rooms and desks of both sites (staff who may view spaces)."""

    serializer_class = SpaceSerializer
    personal_page = True  # signed-in reads from the cache (portal/personalcache.py)
    permission_classes = [HasRequiredPermission]
    required_permission = "tenants.view_space"
    filterset_fields = ["site", "kind"]
    queryset = Space.objects.select_related("site")


class LeaseViewSet(viewsets.ReadOnlyModelViewSet):
    """Leases, filtered like the staff lease list (staff who may view leases)."""

    serializer_class = LeaseSerializer
    personal_page = True  # signed-in reads from the cache (portal/personalcache.py)
    permission_classes = [HasRequiredPermission]
    required_permission = "tenants.view_lease"
    filterset_class = LeaseFilterSet
    queryset = Lease.objects.select_related("firm", "space__site")

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "today": timezone.localdate()}

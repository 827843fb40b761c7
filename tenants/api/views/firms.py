"""API views of firms, invitations and the public directory."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from portal.accounts.recording import AccessRecordedMixin

from ...filters import (
    DirectoryFilterSet,
    FirmFilterSet,
)
from ...models import Firm, FirmInvitation
from ...scoping import require_membership, scope_to_member
from ...selectors import (
    directory_firms,
    firms_visible_to,
    full_record_checker,
)
from ...services import (
    firm_update,
    invitation_create,
    invitation_revoke,
)
from ..serializers import (
    DirectoryFirmSerializer,
    FirmInvitationSerializer,
    FirmSerializer,
)


class FirmViewSet(
    AccessRecordedMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Firms: public profiles for anyone, the full record of one's own firm.

    Only the representative may update, and only their own firm; any other id answers 404.
    """

    serializer_class = FirmSerializer
    personal_page = True  # signed-in reads from the cache (portal/personalcache.py)
    filterset_class = FirmFilterSet
    access_firm_path = ""
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self):
        if self.action == "partial_update":
            return scope_to_member(Firm.objects.all(), self.request.user, firm_path="pk", representative=True)
        return firms_visible_to(self.request.user).order_by("name", "pk")

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "can_see_full": full_record_checker(self.request.user)}

    def perform_update(self, serializer):
        serializer.instance = firm_update(firm=serializer.instance, **serializer.validated_data)


class IsFirmMember(permissions.BasePermission):
    def has_permission(self, request, view):
        return request.user.is_authenticated


class FirmInvitationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """The representative's invitations for their own firm."""

    serializer_class = FirmInvitationSerializer
    permission_classes = [IsFirmMember]

    def get_queryset(self):
        return scope_to_member(FirmInvitation.objects.all(), self.request.user, representative=True).select_related(
            "firm"
        )

    def perform_create(self, serializer):
        membership = require_membership(self.request.user, representative=True)
        serializer.instance = invitation_create(
            firm=membership.firm, invited_by=self.request.user, email=serializer.validated_data["email"]
        )

    @extend_schema(request=None, responses=FirmInvitationSerializer)
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        invitation = invitation_revoke(invitation=self.get_object())
        return Response(self.get_serializer(invitation).data)


class DirectoryViewSet(viewsets.ReadOnlyModelViewSet):
    """The public directory: resident firms that chose a public profile, by site, industry or search."""

    serializer_class = DirectoryFirmSerializer
    permission_classes = [permissions.AllowAny]
    public_page_groups = ("residents",)  # anonymous reads from the page cache (portal/pagecache.py)
    filterset_class = DirectoryFilterSet

    def get_queryset(self):
        return directory_firms()

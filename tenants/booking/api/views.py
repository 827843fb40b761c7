"""The rooms API: resources and their availability (public), a firm's own bookings, and staff approvals."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from portal.api import HasRequiredPermission
from portal.time import hub_today
from tenants.scoping import require_membership, scope_to_member

from ..models import Booking
from ..selectors import calendar_days, pending_approvals, resources_visible_to, resources_with_details
from ..services import booking_approve, booking_cancel, booking_create, booking_decline
from .serializers import (
    AvailabilityQuerySerializer,
    BookingCreateSerializer,
    BookingSerializer,
    ReasonSerializer,
    ResourceSerializer,
    SlotSerializer,
    StaffBookingSerializer,
)


class ResourceViewSet(viewsets.ReadOnlyModelViewSet):
    """Bookable resources: the public ones for anyone, every one for people signed in."""

    serializer_class = ResourceSerializer
    permission_classes = [permissions.AllowAny]
    public_page_groups = ("booking",)

    def get_queryset(self):
        return resources_with_details(resources_visible_to(self.request.user)).order_by("site__name", "kind", "pk")

    @extend_schema(
        summary="Slots of a resource from a day (KST), free, taken, past or closed",
        parameters=[
            OpenApiParameter("date", str, description="YYYY-MM-DD, today (KST) by default"),
            OpenApiParameter("days", int, description="1 to 14"),
        ],
        responses=SlotSerializer(many=True),
    )
    @action(detail=True)
    def availability(self, request, pk=None):
        resource = self.get_object()
        query = AvailabilityQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        days = calendar_days(resource, query.validated_data.get("date") or hub_today(), query.validated_data["days"])
        slots = [slot for day in days for slot in day.slots]
        return Response(SlotSerializer(slots, many=True).data)


class BookingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The bookings of the user's firm: list, one, create, cancel. Another firm's booking is a 404."""

    serializer_class = BookingSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        queryset = Booking.objects.select_related("resource").order_by("-starts_at", "-pk")
        return scope_to_member(queryset, self.request.user)

    @extend_schema(request=BookingCreateSerializer, responses={201: BookingSerializer})
    def create(self, request):
        membership = require_membership(request.user)
        serializer = BookingCreateSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        booking = booking_create(firm=membership.firm, user=request.user, **serializer.validated_data)
        return Response(BookingSerializer(booking).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ReasonSerializer, responses=BookingSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        booking = self.get_object()
        serializer = ReasonSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        booking = booking_cancel(booking=booking, actor=request.user, reason=serializer.validated_data["reason"])
        return Response(BookingSerializer(booking).data)


class ApprovalViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Requests awaiting staff approval; approve, or decline with the reason the firm is sent."""

    serializer_class = StaffBookingSerializer
    permission_classes = [HasRequiredPermission]
    required_permission = "booking.view_booking"
    write_permission = "booking.decide_booking"
    service_error_field = "reason"

    def get_queryset(self):
        return pending_approvals()

    def _decide(self, request, pk, decide):
        booking = get_object_or_404(Booking, pk=pk)
        serializer = ReasonSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        booking = decide(booking=booking, actor=request.user, reason=serializer.validated_data["reason"])
        return Response(StaffBookingSerializer(booking).data)

    @extend_schema(request=ReasonSerializer, responses=StaffBookingSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._decide(request, pk, booking_approve)

    @extend_schema(request=ReasonSerializer, responses=StaffBookingSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        return self._decide(request, pk, booking_decline)

"""The service-desk API: a firm's own requests (another firm's id is a 404) and the staff queue."""

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from portal.accounts.recording import AccessRecordedMixin
from portal.api import HasRequiredPermission
from portal.time import hub_today
from tenants.api.views.calls import REFUSED

from ..choices import Actor
from ..filters import ServiceRequestFilterSet
from ..models import RequestEntry, ServiceRequest
from ..selectors import desk_owners, requests_of_member, staff_queue
from ..services import (
    service_request_assign,
    service_request_confirm,
    service_request_create,
    service_request_reopen,
    service_request_reply,
    service_request_transition,
)
from .serializers import (
    AssignSerializer,
    ServiceRequestCreateSerializer,
    ServiceRequestSerializer,
    StaffReplySerializer,
    StaffServiceRequestSerializer,
    TextSerializer,
    TransitionSerializer,
)

NOT_YOURS = OpenApiResponse(description="No such request of your firm")
ENTRIES = Prefetch("entries", queryset=RequestEntry.objects.select_related("author").order_by("created_at", "pk"))


def _detail_query(queryset):
    return queryset.select_related("site", "space", "certificate").prefetch_related(ENTRIES, "attachments")


@extend_schema_view(
    list=extend_schema(summary="Your firm's service requests, newest first"),
    retrieve=extend_schema(summary="One of your firm's service requests, with its public timeline"),
)
class MyServiceRequestViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Requests of the signed-in person's firm. Internal notes of the hub never appear here."""

    serializer_class = ServiceRequestSerializer
    permission_classes = [permissions.IsAuthenticated]
    queryset = ServiceRequest.objects.none()  # for the schema; get_queryset scopes to the firm

    def get_queryset(self):
        return _detail_query(requests_of_member(self.request.user)).order_by("-created_at", "-pk")

    def _representation(self, service_request, *, status_code=status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=service_request.pk)
        return Response(ServiceRequestSerializer(fresh).data, status=status_code)

    @extend_schema(
        summary="File a request (a person of a resident firm)",
        request=ServiceRequestCreateSerializer,
        responses={201: ServiceRequestSerializer, 400: REFUSED, 404: OpenApiResponse(description="You have no firm")},
    )
    def create(self, request):
        serializer = ServiceRequestCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        created = service_request_create(user=request.user, **serializer.validated_data)
        return self._representation(created, status_code=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Reply to the hub (a request waiting for the firm goes back in progress)",
        request=TextSerializer,
        responses={200: ServiceRequestSerializer, 400: REFUSED, 404: NOT_YOURS},
    )
    @action(detail=True, methods=["post"])
    def reply(self, request, pk=None):
        serializer = TextSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        service_request = self.get_object()
        service_request_reply(
            service_request=service_request, user=request.user, actor=Actor.FIRM, text=serializer.validated_data["text"]
        )
        return self._representation(service_request)

    @extend_schema(
        summary="Reopen a resolved request within its reopen window",
        request=TextSerializer,
        responses={200: ServiceRequestSerializer, 400: REFUSED, 404: NOT_YOURS},
    )
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        serializer = TextSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        service_request = self.get_object()
        service_request_reopen(
            service_request=service_request, user=request.user, text=serializer.validated_data["text"]
        )
        return self._representation(service_request)

    @extend_schema(
        summary="Confirm a resolved request is done (it closes)",
        request=None,
        responses={200: ServiceRequestSerializer, 400: REFUSED, 404: NOT_YOURS},
    )
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        service_request = self.get_object()
        service_request_confirm(service_request=service_request, user=request.user)
        return self._representation(service_request)


@extend_schema_view(
    list=extend_schema(summary="The service-desk queue (staff), filtered like the staff page"),
    retrieve=extend_schema(summary="One service request with its whole timeline, internal notes included (staff)"),
)
class StaffServiceRequestViewSet(AccessRecordedMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = StaffServiceRequestSerializer
    permission_classes = [HasRequiredPermission]
    required_permission = "desk.view_servicerequest"
    write_permission = "desk.manage_servicerequest"
    filterset_class = ServiceRequestFilterSet
    queryset = ServiceRequest.objects.none()
    access_fields = ("requester.name", "requester.email")

    def get_queryset(self):
        return _detail_query(staff_queue(hub_today()))

    def _representation(self, service_request) -> Response:
        return Response(StaffServiceRequestSerializer(self.get_queryset().get(pk=service_request.pk)).data)

    @extend_schema(
        summary="Change the status (each change mails the requester)",
        request=TransitionSerializer,
        responses={200: StaffServiceRequestSerializer, 400: REFUSED},
    )
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        serializer = TransitionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        service_request = self.get_object()
        service_request_transition(
            service_request=service_request, actor=Actor.STAFF, user=request.user, **serializer.validated_data
        )
        return self._representation(service_request)

    @extend_schema(
        summary="Reply to the firm, or add an internal note (internal=true) the firm never sees",
        request=StaffReplySerializer,
        responses={200: StaffServiceRequestSerializer, 400: REFUSED},
    )
    @action(detail=True, methods=["post"])
    def reply(self, request, pk=None):
        serializer = StaffReplySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        service_request = self.get_object()
        service_request_reply(
            service_request=service_request, user=request.user, actor=Actor.STAFF, **serializer.validated_data
        )
        return self._representation(service_request)

    @extend_schema(
        summary="Set the owner (a desk staff member's user id), priority and due date",
        request=AssignSerializer,
        responses={200: StaffServiceRequestSerializer, 400: REFUSED},
    )
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        serializer = AssignSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        owner = None
        if data.get("owner") is not None:
            owner = desk_owners().filter(pk=data["owner"]).first()
            if owner is None:
                raise ValidationError({"owner": [_("No desk staff member has this id.")]})
        service_request = self.get_object()
        service_request_assign(
            service_request=service_request, owner=owner, priority=data["priority"], due_on=data["due_on"]
        )
        return self._representation(service_request)

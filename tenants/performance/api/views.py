"""The performance API: a firm's own returns (figures writable while a draft), staff's reading and
review actions, and the public aggregate of the latest round (no firm named, small groups hidden)."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from portal.api import HasRequiredPermission
from tenants.api.views.calls import REFUSED
from tenants.api.views.firms import IsFirmMember

from ..filters import ReturnFilterSet
from ..models import PerformanceReturn
from ..selectors import may_report, public_rollup, return_detail_queryset, returns_of_member
from ..services import return_accept, return_send_back, return_submit, return_update
from .serializers import (
    AcceptSerializer,
    PublicRollupSerializer,
    ReturnCorrectionSerializer,
    ReturnFiguresSerializer,
    ReturnSerializer,
    StaffReturnSerializer,
)

NOT_FOUND = OpenApiResponse(description="No such return of your firm")
NOT_A_REPORTER = OpenApiResponse(description="Only the representative or a member named to report may change it")


@extend_schema_view(
    list=extend_schema(summary="The firm's performance returns, newest round first"),
    retrieve=extend_schema(summary="One of the firm's returns, with its rows, evidence and timeline"),
)
class ReturnViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The signed-in person's firm's returns; another firm's id is a 404. The representative, or a
    member named to report, changes the figures while the return is a draft or sent back, and submits."""

    serializer_class = ReturnSerializer
    permission_classes = [IsFirmMember]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return returns_of_member(self.request.user).order_by("-round__period_end", "-pk")

    def _reporting_object(self) -> PerformanceReturn:
        performance_return = self.get_object()
        if not may_report(self.request.user, performance_return.firm_id):
            raise PermissionDenied(NOT_A_REPORTER.description)
        return performance_return

    def _representation(self, performance_return) -> Response:
        return Response(self.get_serializer(self.get_queryset().get(pk=performance_return.pk)).data)

    @extend_schema(
        summary="Change the figures (while a draft or sent back for correction)",
        request=ReturnFiguresSerializer,
        responses={200: ReturnSerializer, 400: REFUSED, 403: NOT_A_REPORTER, 404: NOT_FOUND},
    )
    def partial_update(self, request, pk=None):
        performance_return = self._reporting_object()
        serializer = ReturnFiguresSerializer(performance_return, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        performance_return = return_update(
            performance_return=performance_return, actor=request.user, **serializer.validated_data
        )
        return self._representation(performance_return)

    @extend_schema(
        summary="Submit (or resubmit after a correction); past the due date it is taken and marked late",
        request=None,
        responses={200: ReturnSerializer, 400: REFUSED, 403: NOT_A_REPORTER, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        performance_return = return_submit(performance_return=self._reporting_object(), actor=request.user)
        return self._representation(performance_return)


@extend_schema_view(
    list=extend_schema(summary="Performance returns (staff), filtered like a round's table"),
    retrieve=extend_schema(summary="One performance return (staff)"),
)
class StaffReturnViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Every firm's returns, for staff who may view them; reviewers send one back or accept it."""

    serializer_class = StaffReturnSerializer
    permission_classes = [HasRequiredPermission]
    filterset_class = ReturnFilterSet
    required_permission = "performance.view_performancereturn"
    service_error_field = "comments"

    @property
    def write_permission(self):
        return "performance.review_performancereturn"

    def get_queryset(self):
        return return_detail_queryset().order_by("-round__period_end", "firm__name", "pk")

    def _representation(self, performance_return) -> Response:
        return Response(self.get_serializer(self.get_queryset().get(pk=performance_return.pk)).data)

    @extend_schema(
        summary="Send back for correction (보완 요청), with comments by field",
        request=ReturnCorrectionSerializer,
        responses={200: StaffReturnSerializer, 400: REFUSED},
    )
    @action(detail=True, methods=["post"], url_path="return")
    def send_back(self, request, pk=None):
        serializer = ReturnCorrectionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        performance_return = return_send_back(
            performance_return=get_object_or_404(PerformanceReturn, pk=pk),
            actor=request.user,
            **serializer.validated_data,
        )
        return self._representation(performance_return)

    @extend_schema(
        summary="Complete the review (검토 완료): the return is locked",
        request=AcceptSerializer,
        responses={200: StaffReturnSerializer, 400: REFUSED},
    )
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        serializer = AcceptSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        performance_return = return_accept(
            performance_return=get_object_or_404(PerformanceReturn, pk=pk),
            actor=request.user,
            **serializer.validated_data,
        )
        return self._representation(performance_return)


class PublicOutcomesView(APIView):
    """The latest round's totals and medians for residents and graduates; no firm is named, and a
    group of fewer than 3 firms shows no figure."""

    permission_classes = [permissions.AllowAny]
    public_page_groups = ("outcomes",)  # anonymous reads from the page cache (portal/pagecache.py)

    @extend_schema(summary="Tenant performance: the public aggregate", responses={200: PublicRollupSerializer})
    def get(self, request):
        rollup = public_rollup()
        round_ = rollup["round"] if rollup else None
        data = {
            "round_title": round_.title if round_ else None,
            "period_start": round_.period_start if round_ else None,
            "period_end": round_.period_end if round_ else None,
            "groups": rollup["groups"] if rollup else [],
        }
        return Response(PublicRollupSerializer(data).data, status=status.HTTP_200_OK)

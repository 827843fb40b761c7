"""The notices API: the board with its audience rules for everyone, every notice and writing for staff."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from tenants.api.views.calls import REFUSED

from ..choices import NoticeState
from ..filters import StaffNoticeFilterSet
from ..models import Notice
from ..selectors import notice_board, staff_notices
from ..services import notice_create, notice_publish, notice_transition, notice_update
from .serializers import NOTICE_STAFF_FIELDS, NoticeSerializer, NoticeWithdrawSerializer, NoticeWriteSerializer

STAFF = "notices.view_notice"
NOT_STAFF = OpenApiResponse(description="Not staff who handle notices")


class NoticePermission(permissions.BasePermission):
    """Reading follows the audience rules (the queryset); writing needs the notice permissions."""

    NEEDED = {
        "create": "notices.add_notice",
        "update": "notices.change_notice",
        "partial_update": "notices.change_notice",
        "publish": "notices.publish_notice",
        "withdraw": "notices.publish_notice",
    }

    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS:
            return True
        needed = self.NEEDED.get(view.action)
        return bool(needed and request.user.is_authenticated and request.user.has_perm(needed))


@extend_schema_view(
    list=extend_schema(
        summary="Notices: public ones for anyone, resident ones for residents, every notice for staff",
        description="Pinned notices first, then the newest. Staff see drafts, scheduled and withdrawn ones too.",
    ),
    retrieve=extend_schema(summary="One notice (404 for one the caller may not read)"),
)
class NoticeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """공지사항: calls, results, events and building news of the hub, in Korean and English."""

    serializer_class = NoticeSerializer
    permission_classes = [NoticePermission]
    public_page_groups = ("notices",)  # anonymous reads from the page cache (portal/pagecache.py)

    def _is_staff(self) -> bool:
        return self.request.user.has_perm(STAFF)

    # ``state`` narrows staff lists; for anyone else every visible notice is live, so it can only narrow further.
    filterset_class = StaffNoticeFilterSet

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Notice.objects.none()
        queryset = staff_notices() if self._is_staff() else notice_board(self.request.user)
        return queryset.prefetch_related("attachments")

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if getattr(self, "swagger_fake_view", False) or self._is_staff():
            return context
        return {**context, "hidden_fields": NOTICE_STAFF_FIELDS}

    def _representation(self, notice: Notice, *, status_code=status.HTTP_200_OK) -> Response:
        return Response(self.get_serializer(self.get_queryset().get(pk=notice.pk)).data, status=status_code)

    def _target(self) -> Notice:
        return get_object_or_404(Notice, pk=self.kwargs["pk"])  # only staff reach the write actions

    @extend_schema(
        summary="Write a notice (staff): saved as a draft",
        request=NoticeWriteSerializer,
        responses={201: NoticeSerializer, 400: REFUSED, 403: NOT_STAFF},
    )
    def create(self, request):
        serializer = NoticeWriteSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        notice = notice_create(created_by=request.user, **serializer.validated_data)
        return self._representation(notice, status_code=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change a notice (staff); its history is kept",
        request=NoticeWriteSerializer,
        responses={
            200: NoticeSerializer,
            400: REFUSED,
            403: NOT_STAFF,
            404: OpenApiResponse(description="No such notice"),
        },
    )
    def partial_update(self, request, pk=None):
        notice = self._target()
        serializer = NoticeWriteSerializer(notice, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        return self._representation(notice_update(notice=notice, **serializer.validated_data))

    @extend_schema(
        summary="Publish a notice (staff): scheduled when its publish_at is still to come",
        request=None,
        responses={
            200: NoticeSerializer,
            400: REFUSED,
            403: NOT_STAFF,
            404: OpenApiResponse(description="No such notice"),
        },
    )
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        return self._representation(notice_publish(notice=self._target()))

    @extend_schema(
        summary="Withdraw a notice (staff): off every page at once",
        request=NoticeWithdrawSerializer,
        responses={
            200: NoticeSerializer,
            400: REFUSED,
            403: NOT_STAFF,
            404: OpenApiResponse(description="No such notice"),
        },
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        notice = self._target()
        serializer = NoticeWithdrawSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        notice = notice_transition(
            notice=notice, to_state=NoticeState.WITHDRAWN, reason=serializer.validated_data["reason"]
        )
        return self._representation(notice)

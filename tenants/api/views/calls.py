"""API views of published tenancy calls and the firm's applications."""

from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.settings import api_settings

from portal.accounts.recording import AccessRecordedMixin
from portal.api import ID_PATTERN

from ...filters import (
    ApplicationFilterSet,
)
from ...models import Application
from ...scoping import require_membership, scope_to_member
from ...selectors import (
    applications_for_firm,
    published_calls,
)
from ...services import (
    application_create_draft,
    application_submit,
    application_update_draft,
    application_withdraw,
    attachment_add,
    attachment_remove,
)
from ..serializers import (
    ApplicationAttachmentSerializer,
    ApplicationAttachmentUploadSerializer,
    ApplicationCreateSerializer,
    ApplicationDraftSerializer,
    ApplicationSerializer,
    TenancyCallSerializer,
)
from .firms import IsFirmMember


class TenancyCallViewSet(viewsets.ReadOnlyModelViewSet):
    """Published calls for tenants, with their sites, required documents and evaluation criteria.

    Anyone may read them; an unpublished call answers 404.
    """

    serializer_class = TenancyCallSerializer
    permission_classes = [permissions.AllowAny]
    public_page_groups = ("calls",)  # anonymous reads from the page cache (portal/pagecache.py)

    def get_queryset(self):
        return published_calls().prefetch_related("requirements", "criteria")

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "now": timezone.now()}


# An attachment refused for its size or type is reported on the "file" field, like a form would.
ATTACHMENT_FILE_ERROR_CODES = {"attachment_too_large", "attachment_empty", "attachment_type"}
REFUSED = OpenApiResponse(description="Refused; the body names each field's errors (others under non_field_errors)")
NOT_FOUND = OpenApiResponse(description="No such application of your firm, or you are not its representative")
NOT_THE_REPRESENTATIVE = OpenApiResponse(description="You are not a firm's representative")
APPLICATION_WRITE_ACTIONS = {
    "create",
    "partial_update",
    "submit",
    "withdraw",
    "add_attachment",
    "remove_attachment",
}


# What an application's representation shows besides its own row.
APPLICATION_PREFETCH = ("stage_changes", "attachments", "correction_requests__items__requirement")


@extend_schema_view(
    list=extend_schema(summary="The firm's applications"),
    retrieve=extend_schema(summary="One of the firm's applications, with its timeline and attachments"),
)
class ApplicationViewSet(
    AccessRecordedMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """The signed-in person's firm's tenancy applications.

    The firm's people read them; only the representative creates, edits drafts, uploads, submits and
    withdraws. Anyone else's application or attachment id answers 404, as does a write by a member.
    """

    serializer_class = ApplicationSerializer
    permission_classes = [IsFirmMember]
    personal_page = True  # signed-in reads from the cache (portal/personalcache.py)
    filterset_class = ApplicationFilterSet
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    # For portal.api.exception_handler: an attachment refused for its size or type is about the file.
    service_error_fields_by_code = dict.fromkeys(ATTACHMENT_FILE_ERROR_CODES, "file")

    @property
    def service_error_field(self):
        # Refusals of a new draft are about the call: closed, or the firm has already applied to it.
        return "call" if self.action == "create" else api_settings.NON_FIELD_ERRORS_KEY

    def get_queryset(self):
        if self.action in APPLICATION_WRITE_ACTIONS:
            return scope_to_member(Application.objects.select_related("call"), self.request.user, representative=True)
        return applications_for_firm(self.request.user).prefetch_related(*APPLICATION_PREFETCH)

    def _representation(self, application: Application, *, status_code=status.HTTP_200_OK) -> Response:
        # Read back through the member's scope, with the timeline and attachments as the list shows them.
        fresh = applications_for_firm(self.request.user).prefetch_related(*APPLICATION_PREFETCH)
        return Response(self.get_serializer(fresh.get(pk=application.pk)).data, status=status_code)

    @extend_schema(
        summary="Start a draft application to a call (representative only)",
        request=ApplicationCreateSerializer,
        responses={201: ApplicationSerializer, 400: REFUSED, 404: NOT_THE_REPRESENTATIVE},
    )
    def create(self, request):
        membership = require_membership(request.user, representative=True)
        serializer = ApplicationCreateSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
        call = fields.pop("call")
        with transaction.atomic():
            application = application_create_draft(call=call, firm=membership.firm, user=request.user)
            if fields:
                application = application_update_draft(application=application, **fields)
        return self._representation(application, status_code=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change a draft (representative only)",
        request=ApplicationDraftSerializer,
        responses={200: ApplicationSerializer, 400: REFUSED, 404: NOT_FOUND},
    )
    def partial_update(self, request, pk=None):
        application = self.get_object()
        serializer = ApplicationDraftSerializer(
            application, data=request.data, partial=True, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        application = application_update_draft(application=application, **serializer.validated_data)
        return self._representation(application)

    @extend_schema(
        summary="Submit the draft by the deadline (representative only)",
        request=None,
        responses={200: ApplicationSerializer, 400: REFUSED, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        application = self.get_object()
        application = application_submit(application=application, actor=request.user)
        return self._representation(application)

    @extend_schema(
        summary="Withdraw the application (representative only)",
        request=None,
        responses={200: ApplicationSerializer, 400: REFUSED, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        application = self.get_object()
        application = application_withdraw(application=application, actor=request.user)
        return self._representation(application)

    @extend_schema(
        summary="Attach a document to the draft (representative only)",
        request={"multipart/form-data": ApplicationAttachmentUploadSerializer},
        responses={201: ApplicationAttachmentSerializer, 400: REFUSED, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"], url_path="attachments", parser_classes=[MultiPartParser, FormParser])
    def add_attachment(self, request, pk=None):
        application = self.get_object()
        serializer = ApplicationAttachmentUploadSerializer(
            data=request.data, context={**self.get_serializer_context(), "application": application}
        )
        serializer.is_valid(raise_exception=True)
        attachment = attachment_add(
            application=application,
            file=serializer.validated_data["file"],
            requirement=serializer.validated_data.get("requirement"),
            user=request.user,
        )
        data = ApplicationAttachmentSerializer(attachment, context=self.get_serializer_context()).data
        return Response(data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Remove an attachment from the draft (representative only)",
        request=None,
        responses={204: None, 400: REFUSED, 404: NOT_FOUND},
        parameters=[OpenApiParameter("attachment_id", int, OpenApiParameter.PATH)],
    )
    @action(detail=True, methods=["delete"], url_path=rf"attachments/(?P<attachment_id>{ID_PATTERN})")
    def remove_attachment(self, request, pk=None, attachment_id=None):
        application = self.get_object()
        attachment = get_object_or_404(application.attachments.select_related("application"), pk=attachment_id)
        attachment_remove(attachment=attachment)
        return Response(status=status.HTTP_204_NO_CONTENT)

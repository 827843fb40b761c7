from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import Count, F, OuterRef, Prefetch, Q, Subquery
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.settings import api_settings

from portal.api import HasRequiredPermission, as_drf_error
from portal.time import hub_today

from ..choices import ObligationStatus
from ..filters import (
    ApplicationFilterSet,
    DirectoryFilterSet,
    FirmFilterSet,
    LeaseFilterSet,
    MOUFilterSet,
    ObligationFilterSet,
)
from ..models import MOU, Application, Firm, FirmInvitation, Lease, Obligation, ObligationNote, Space
from ..scoping import require_membership, scope_to_member
from ..selectors import (
    applications_for_firm,
    directory_firms,
    firms_visible_to,
    full_record_checker,
    mous_visible_to,
    partners_visible_to,
    published_calls,
)
from ..services import (
    application_create_draft,
    application_submit,
    application_update_draft,
    application_withdraw,
    attachment_add,
    attachment_remove,
    firm_update,
    invitation_create,
    invitation_revoke,
    mou_activate,
    mou_create,
    mou_renew,
    mou_sign,
    mou_terminate,
    obligation_complete,
    obligation_create,
    obligation_reopen,
    obligation_waive,
)
from .serializers import (
    MOU_STAFF_FIELDS,
    ApplicationAttachmentSerializer,
    ApplicationAttachmentUploadSerializer,
    ApplicationCreateSerializer,
    ApplicationDraftSerializer,
    ApplicationSerializer,
    DirectoryFirmSerializer,
    FirmInvitationSerializer,
    FirmSerializer,
    LeaseSerializer,
    MOURenewSerializer,
    MOUSerializer,
    MOUSignSerializer,
    MOUTerminateSerializer,
    MOUWriteSerializer,
    ObligationSerializer,
    ObligationStatusSerializer,
    ObligationWriteSerializer,
    PartnerSerializer,
    SpaceSerializer,
    TenancyCallSerializer,
)


class FirmViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet):
    """Firms: public profiles for anyone, the full record of one's own firm.

    Only the representative may update, and only their own firm; any other id answers 404.
    """

    serializer_class = FirmSerializer
    filterset_class = FirmFilterSet
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self):
        if self.action == "partial_update":
            return scope_to_member(Firm.objects.all(), self.request.user, firm_path="pk", representative=True)
        return firms_visible_to(self.request.user).order_by("name", "pk")

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "can_see_full": full_record_checker(self.request.user)}

    def perform_update(self, serializer):
        try:
            serializer.instance = firm_update(firm=serializer.instance, **serializer.validated_data)
        except DjangoValidationError as error:
            raise as_drf_error(error) from error


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
        try:
            serializer.instance = invitation_create(
                firm=membership.firm, invited_by=self.request.user, email=serializer.validated_data["email"]
            )
        except DjangoValidationError as error:
            raise as_drf_error(error) from error

    @extend_schema(request=None, responses=FirmInvitationSerializer)
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        try:
            invitation = invitation_revoke(invitation=self.get_object())
        except DjangoValidationError as error:
            raise as_drf_error(error) from error
        return Response(self.get_serializer(invitation).data)


# Tenancy calls, the firm's applications, staff lists and the public directory


class TenancyCallViewSet(viewsets.ReadOnlyModelViewSet):
    """Published calls for tenants, with their sites, required documents and evaluation criteria.

    Anyone may read them; an unpublished call answers 404.
    """

    serializer_class = TenancyCallSerializer
    permission_classes = [permissions.AllowAny]

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


@extend_schema_view(
    list=extend_schema(summary="The firm's applications"),
    retrieve=extend_schema(summary="One of the firm's applications, with its timeline and attachments"),
)
class ApplicationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The signed-in person's firm's tenancy applications.

    The firm's people read them; only the representative creates, edits drafts, uploads, submits and
    withdraws. Anyone else's application or attachment id answers 404, as does a write by a member.
    """

    serializer_class = ApplicationSerializer
    permission_classes = [IsFirmMember]
    filterset_class = ApplicationFilterSet
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        if self.action in APPLICATION_WRITE_ACTIONS:
            return scope_to_member(Application.objects.select_related("call"), self.request.user, representative=True)
        return applications_for_firm(self.request.user).prefetch_related("stage_changes", "attachments")

    def _representation(self, application: Application, *, status_code=status.HTTP_200_OK) -> Response:
        # Read back through the member's scope, with the timeline and attachments as the list shows them.
        fresh = applications_for_firm(self.request.user).prefetch_related("stage_changes", "attachments")
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
        try:
            with transaction.atomic():
                application = application_create_draft(call=call, firm=membership.firm, user=request.user)
                if fields:
                    application = application_update_draft(application=application, **fields)
        except DjangoValidationError as error:
            # Refusals here are about the call: closed, or the firm has already applied to it.
            raise as_drf_error(error, field="call") from error
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
        try:
            application = application_update_draft(application=application, **serializer.validated_data)
        except DjangoValidationError as error:
            raise as_drf_error(error) from error
        return self._representation(application)

    @extend_schema(
        summary="Submit the draft by the deadline (representative only)",
        request=None,
        responses={200: ApplicationSerializer, 400: REFUSED, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        application = self.get_object()
        try:
            application = application_submit(application=application, actor=request.user)
        except DjangoValidationError as error:
            raise as_drf_error(error) from error
        return self._representation(application)

    @extend_schema(
        summary="Withdraw the application (representative only)",
        request=None,
        responses={200: ApplicationSerializer, 400: REFUSED, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        application = self.get_object()
        try:
            application = application_withdraw(application=application, actor=request.user)
        except DjangoValidationError as error:
            raise as_drf_error(error) from error
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
        try:
            attachment = attachment_add(
                application=application,
                file=serializer.validated_data["file"],
                requirement=serializer.validated_data.get("requirement"),
                user=request.user,
            )
        except DjangoValidationError as error:
            about_the_file = getattr(error, "code", None) in ATTACHMENT_FILE_ERROR_CODES
            raise as_drf_error(error, field="file" if about_the_file else api_settings.NON_FIELD_ERRORS_KEY) from error
        data = ApplicationAttachmentSerializer(attachment, context=self.get_serializer_context()).data
        return Response(data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Remove an attachment from the draft (representative only)",
        request=None,
        responses={204: None, 400: REFUSED, 404: NOT_FOUND},
        parameters=[OpenApiParameter("attachment_id", int, OpenApiParameter.PATH)],
    )
    @action(detail=True, methods=["delete"], url_path=r"attachments/(?P<attachment_id>[0-9]+)")
    def remove_attachment(self, request, pk=None, attachment_id=None):
        application = self.get_object()
        attachment = get_object_or_404(application.attachments.select_related("application"), pk=attachment_id)
        try:
            attachment_remove(attachment=attachment)
        except DjangoValidationError as error:
            raise as_drf_error(error) from error
        return Response(status=status.HTTP_204_NO_CONTENT)


class SpaceViewSet(viewsets.ReadOnlyModelViewSet):
    """Rooms and desks of both sites (staff who may view spaces)."""

    serializer_class = SpaceSerializer
    permission_classes = [HasRequiredPermission]
    required_permission = "tenants.view_space"
    filterset_fields = ["site", "kind"]
    queryset = Space.objects.select_related("site")


class LeaseViewSet(viewsets.ReadOnlyModelViewSet):
    """Leases, filtered like the staff lease list (staff who may view leases)."""

    serializer_class = LeaseSerializer
    permission_classes = [HasRequiredPermission]
    required_permission = "tenants.view_lease"
    filterset_class = LeaseFilterSet
    queryset = Lease.objects.select_related("firm", "space__site")

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "today": timezone.localdate()}


class DirectoryViewSet(viewsets.ReadOnlyModelViewSet):
    """The public directory: resident firms that chose a public profile, by site, industry or search."""

    serializer_class = DirectoryFirmSerializer
    permission_classes = [permissions.AllowAny]
    filterset_class = DirectoryFilterSet

    def get_queryset(self):
        return directory_firms()


# Partners and MOUs


def _restricted(view, names) -> dict:
    """``hidden_fields`` for the serializer; the schema (a fake view) documents every field."""
    return {} if getattr(view, "swagger_fake_view", False) else {"hidden_fields": names}


class PartnerViewSet(viewsets.ReadOnlyModelViewSet):
    """Partner organisations: those with a public MOU, with those MOUs, for anyone.

    Staff who may view partners see every partner and its business registration number; contact
    persons (personal data) only with the permission to view them. Others never see either.
    """

    serializer_class = PartnerSerializer
    permission_classes = [permissions.AllowAny]

    def get_queryset(self):
        user = self.request.user
        queryset = partners_visible_to(user)
        if user.has_perm("tenants.view_partner"):
            public = Prefetch("mous", queryset=MOU.objects.public().order_by("-signed_on", "pk"), to_attr="public_mous")
            queryset = queryset.prefetch_related(public)
        if user.has_perm("tenants.view_partnercontact"):
            queryset = queryset.prefetch_related("contacts")
        return queryset

    def get_serializer_context(self):
        user = self.request.user
        hidden = [
            *([] if user.has_perm("tenants.view_partner") else ["brn"]),
            *([] if user.has_perm("tenants.view_partnercontact") else ["contacts"]),
        ]
        return {**super().get_serializer_context(), **_restricted(self, hidden)}


class MOUPermission(permissions.BasePermission):
    """Reading is public (the queryset limits it to public MOUs); writing needs the MOU permissions."""

    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS:
            return True
        needed = "tenants.add_mou" if view.action == "create" else "tenants.change_mou"
        return bool(request.user and request.user.is_authenticated and request.user.has_perm(needed))


@extend_schema_view(
    list=extend_schema(summary="MOUs: the public ones for anyone, every MOU for staff"),
    retrieve=extend_schema(summary="One MOU (a non-public one answers 404 to anyone but staff)"),
)
class MOUViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """MOUs between the city/hub and its partners, filtered like the staff MOU timeline.

    Anyone reads the public, signed ones with their public fields. Staff who may view MOUs read
    every MOU with its terms, renewal dates, firms and obligation counts, and may create MOUs and
    move them through sign, activate, terminate and renew (each refusal is a 400 naming the field).
    """

    serializer_class = MOUSerializer
    permission_classes = [MOUPermission]
    filterset_class = MOUFilterSet

    def _is_staff(self) -> bool:
        return self.request.user.has_perm("tenants.view_mou")

    def get_queryset(self):
        queryset = mous_visible_to(self.request.user).prefetch_related("partners").order_by("-effective_from", "pk")
        if self._is_staff():
            today = hub_today()
            next_term = MOU.objects.filter(previous_term=OuterRef("pk")).values("pk")[:1]
            queryset = queryset.prefetch_related("firms", "training_programmes").annotate(
                next_term_id=Subquery(next_term),
                open_obligations=Count(
                    "obligations", filter=Q(obligations__status=ObligationStatus.OPEN), distinct=True
                ),
                overdue_obligations=Count(
                    "obligations",
                    filter=Q(obligations__status=ObligationStatus.OPEN, obligations__due_on__lt=today),
                    distinct=True,
                ),
            )
        return queryset

    def get_serializer_context(self):
        hidden = [] if self._is_staff() else list(MOU_STAFF_FIELDS)
        return {**super().get_serializer_context(), **_restricted(self, hidden)}

    def _representation(self, mou: MOU, *, status_code=status.HTTP_200_OK) -> Response:
        return Response(self.get_serializer(self.get_queryset().get(pk=mou.pk)).data, status=status_code)

    def _target(self) -> MOU:
        # Only staff reach the write actions (MOUPermission), so any MOU may be the target.
        return get_object_or_404(MOU, pk=self.kwargs["pk"])

    @extend_schema(
        summary="Create an MOU (staff): a draft, or signed when signed_on is given",
        request=MOUWriteSerializer,
        responses={201: MOUSerializer, 400: REFUSED, 403: OpenApiResponse(description="Not staff")},
    )
    def create(self, request):
        serializer = MOUWriteSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
        try:
            mou = mou_create(partners=fields.pop("partners"), firms=fields.pop("firms", []), **fields)
        except DjangoValidationError as error:
            raise as_drf_error(error) from error
        return self._representation(mou, status_code=status.HTTP_201_CREATED)

    def _act(self, request, serializer_class, service):
        data = {}
        if serializer_class is not None:
            serializer = serializer_class(data=request.data)
            serializer.is_valid(raise_exception=True)
            data = serializer.validated_data
        try:
            result = service(mou=self._target(), **data)
        except DjangoValidationError as error:
            raise as_drf_error(error) from error
        return result

    @extend_schema(
        summary="Record the signing (staff)",
        request=MOUSignSerializer,
        responses={200: MOUSerializer, 400: REFUSED},
    )
    @action(detail=True, methods=["post"])
    def sign(self, request, pk=None):
        return self._representation(self._act(request, MOUSignSerializer, mou_sign))

    @extend_schema(
        summary="Put a signed MOU into effect once its start date has come (staff)",
        request=None,
        responses={200: MOUSerializer, 400: REFUSED},
    )
    @action(detail=True, methods=["post"])
    def activate(self, request, pk=None):
        return self._representation(self._act(request, None, mou_activate))

    @extend_schema(
        summary="Terminate with a reason (staff)",
        request=MOUTerminateSerializer,
        responses={200: MOUSerializer, 400: REFUSED},
    )
    @action(detail=True, methods=["post"])
    def terminate(self, request, pk=None):
        return self._representation(self._act(request, MOUTerminateSerializer, mou_terminate))

    @extend_schema(
        summary="Renew: create the next term, linked to this one (staff)",
        request=MOURenewSerializer,
        responses={201: MOUSerializer, 400: REFUSED},
    )
    @action(detail=True, methods=["post"])
    def renew(self, request, pk=None):
        new_term = self._act(request, MOURenewSerializer, mou_renew)
        return self._representation(new_term, status_code=status.HTTP_201_CREATED)


class ObligationPermission(HasRequiredPermission):
    """Staff only: viewing, adding and changing obligations each need their permission."""


@extend_schema_view(
    list=extend_schema(summary="MOU obligations (staff), filtered like the staff obligations page"),
    retrieve=extend_schema(summary="One obligation with its note history and evidence (staff)"),
)
class ObligationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Obligations under the MOUs, for staff who may view them. ``state`` derives "overdue" from the due
    date in KST; filter with ``state=overdue``."""

    serializer_class = ObligationSerializer
    permission_classes = [ObligationPermission]
    filterset_class = ObligationFilterSet

    @property
    def required_permission(self) -> str:
        if self.action == "create":
            return "tenants.add_obligation"
        if self.action in ("complete", "waive", "reopen"):
            return "tenants.change_obligation"
        return "tenants.view_obligation"

    def get_queryset(self):
        return (
            Obligation.objects.select_related("mou", "party")
            .prefetch_related(
                Prefetch("notes", queryset=ObligationNote.objects.select_related("author")),
                "evidence",
            )
            .with_overdue(hub_today())
            .order_by(F("due_on").asc(nulls_last=True), "pk")
        )

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "today": hub_today()}

    def _representation(self, obligation: Obligation, *, status_code=status.HTTP_200_OK) -> Response:
        return Response(self.get_serializer(self.get_queryset().get(pk=obligation.pk)).data, status=status_code)

    @extend_schema(
        summary="Add an obligation to an MOU (staff)",
        request=ObligationWriteSerializer,
        responses={201: ObligationSerializer, 400: REFUSED},
    )
    def create(self, request):
        serializer = ObligationWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            obligation = obligation_create(**serializer.validated_data)
        except DjangoValidationError as error:
            raise as_drf_error(error) from error
        return self._representation(obligation, status_code=status.HTTP_201_CREATED)

    def _transition(self, request, service, *, note_argument: str = "note"):
        serializer = ObligationStatusSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        note = serializer.validated_data.get("note", "")
        try:
            obligation = service(obligation=self.get_object(), actor=request.user, **{note_argument: note})
        except DjangoValidationError as error:
            raise as_drf_error(error) from error
        return self._representation(obligation)

    @extend_schema(
        summary="Mark done (staff); a recurring obligation gets its next occurrence",
        request=ObligationStatusSerializer,
        responses={200: ObligationSerializer, 400: REFUSED},
    )
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        return self._transition(request, obligation_complete)

    @extend_schema(
        summary="Waive with a reason (staff)",
        request=ObligationStatusSerializer,
        responses={200: ObligationSerializer, 400: REFUSED},
    )
    @action(detail=True, methods=["post"])
    def waive(self, request, pk=None):
        return self._transition(request, obligation_waive, note_argument="reason")

    @extend_schema(
        summary="Reopen a done or waived obligation (staff)",
        request=ObligationStatusSerializer,
        responses={200: ObligationSerializer, 400: REFUSED},
    )
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        return self._transition(request, obligation_reopen)

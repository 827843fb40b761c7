from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from tenants.scoping import get_object_for_member, membership_of, scope_to_member

from ..choices import ConsultingState
from ..filters import (
    CohortFilterSet,
    ConsultingRequestFilterSet,
    ProgrammeFilterSet,
    enrolments_of,
    published_cohorts,
    published_programmes,
)
from ..models import Cohort, ConsultingRequest, Enrolment
from ..selectors import engagement_detail_query, engagements_for_expert, outcomes_rollup
from ..services import (
    consulting_request_create,
    consulting_request_submit,
    enrolment_accept_offer,
    enrolment_apply,
    enrolment_cancel,
    kpi_record,
)
from .serializers import (
    CohortSerializer,
    ConsultingRequestCreateSerializer,
    ConsultingRequestSerializer,
    EnrolmentCreateSerializer,
    EnrolmentSerializer,
    KpiMeasurementSerializer,
    KpiRecordSerializer,
    OutcomesSerializer,
    ProgrammeSerializer,
)


@extend_schema_view(
    list=extend_schema(summary="Programmes with published cohorts"),
    retrieve=extend_schema(summary="One programme with its published cohorts"),
)
class ProgrammeViewSet(viewsets.ReadOnlyModelViewSet):
    """Programmes with at least one published cohort, each with those cohorts. Anyone may read them."""

    serializer_class = ProgrammeSerializer
    permission_classes = [permissions.AllowAny]
    filterset_class = ProgrammeFilterSet

    def get_queryset(self):
        cohorts = Cohort.objects.filter(is_published=True).order_by("starts_on", "pk")
        return published_programmes().prefetch_related(
            Prefetch("cohorts", queryset=cohorts, to_attr="published_cohorts")
        )

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "now": timezone.now()}


@extend_schema_view(
    list=extend_schema(summary="Published cohorts, filtered like the public catalogue"),
    retrieve=extend_schema(summary="One published cohort with its sessions"),
)
class CohortViewSet(viewsets.ReadOnlyModelViewSet):
    """Published cohorts with their programme, sessions, seats left and state, filtered like the catalogue.

    Anyone may read them; an unpublished cohort answers 404.
    """

    serializer_class = CohortSerializer
    permission_classes = [permissions.AllowAny]
    filterset_class = CohortFilterSet

    def get_queryset(self):
        return published_cohorts().prefetch_related("sessions")

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "now": timezone.now()}


REFUSED = OpenApiResponse(description="Refused; the body names each field's errors (others under non_field_errors)")
NOT_FOUND = OpenApiResponse(description="No such application of yours")


@extend_schema_view(
    list=extend_schema(summary="My applications to training cohorts"),
    retrieve=extend_schema(summary="One of my applications", responses={200: EnrolmentSerializer, 404: NOT_FOUND}),
)
class EnrolmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The signed-in person's own applications to cohorts: their state and place on the waitlist.

    Apply, cancel, and accept an offered seat. Anyone else's application id answers 404.
    """

    serializer_class = EnrolmentSerializer
    permission_classes = [permissions.IsAuthenticated]
    filterset_fields = ["state"]
    queryset = Enrolment.objects.none()  # for the schema; get_queryset scopes to the person
    # Refusals of an application without a field are about the cohort: closed, full, or already applied to.
    service_error_fields_by_code = {"closed": "cohort", "full": "cohort", "duplicate": "cohort"}
    service_error_renamed = {"consent": "consent_given"}

    def get_queryset(self):
        return enrolments_of(self.request.user)

    def _representation(self, enrolment: Enrolment, *, status_code=status.HTTP_200_OK) -> Response:
        fresh = enrolments_of(self.request.user).get(pk=enrolment.pk)
        return Response(self.get_serializer(fresh).data, status=status_code)

    @extend_schema(
        summary="Apply to a cohort",
        description=(
            "First come, first served: a seat at once while one may be given, else the waitlist. "
            "Selection by staff: the application waits for their decision."
        ),
        request=EnrolmentCreateSerializer,
        responses={201: EnrolmentSerializer, 400: REFUSED},
    )
    def create(self, request):
        serializer = EnrolmentCreateSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        enrolment = enrolment_apply(
            cohort=data["cohort"],
            user=request.user,
            answers=data["answers"],
            on_behalf_of_firm=data["on_behalf_of_firm"],
            consent_given=data["consent_given"],
            optional_consents=data["optional_consents"],
            ip_address=request.META.get("REMOTE_ADDR"),
        )
        return self._representation(enrolment, status_code=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Cancel my application (a seat it held goes to the next person in line)",
        request=None,
        responses={200: EnrolmentSerializer, 400: REFUSED, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        enrolment = enrolment_cancel(enrolment=self.get_object())
        return self._representation(enrolment)

    @extend_schema(
        summary="Accept the seat offered to me, before the offer expires",
        request=None,
        responses={200: EnrolmentSerializer, 400: REFUSED, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        enrolment = enrolment_accept_offer(enrolment=self.get_object())
        return self._representation(enrolment)


# Consulting ------------------------------------------------------------------------------------

NO_REQUEST = OpenApiResponse(description="No such request of your firm")
NO_ENGAGEMENT = OpenApiResponse(description="No such engagement assigned to you")


@extend_schema_view(
    list=extend_schema(summary="My firm's consulting requests"),
    retrieve=extend_schema(
        summary="One of my firm's requests", responses={200: ConsultingRequestSerializer, 404: NO_REQUEST}
    ),
)
class ConsultingRequestViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The signed-in person's firm's consulting requests; another firm's id answers 404.

    The firm's representative files a draft (with the required consent) and submits it.
    """

    serializer_class = ConsultingRequestSerializer
    permission_classes = [permissions.IsAuthenticated]
    filterset_class = ConsultingRequestFilterSet
    queryset = ConsultingRequest.objects.none()  # for the schema; get_queryset scopes to the firm

    def get_queryset(self):
        return engagement_detail_query(scope_to_member(ConsultingRequest.objects.all(), self.request.user))

    @extend_schema(
        summary="File a draft request (the firm's representative)",
        request=ConsultingRequestCreateSerializer,
        responses={201: ConsultingRequestSerializer, 400: REFUSED},
    )
    def create(self, request):
        membership = membership_of(request.user)
        if membership is None or not membership.is_representative:
            raise PermissionDenied(_("Only the firm's representative can file a request."))
        serializer = ConsultingRequestCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        created = consulting_request_create(
            firm=membership.firm,
            user=request.user,
            consent_given=data.pop("consent_given"),
            ip_address=request.META.get("REMOTE_ADDR"),
            **data,
        )
        return Response(
            self.get_serializer(self.get_queryset().get(pk=created.pk)).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        summary="Submit a draft",
        request=None,
        responses={200: ConsultingRequestSerializer, 400: REFUSED, 404: NO_REQUEST},
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        consulting = get_object_for_member(
            request.user, ConsultingRequest, representative=True, pk=self.get_object().pk
        )
        consulting_request_submit(request=consulting, actor=request.user)
        return Response(self.get_serializer(self.get_queryset().get(pk=consulting.pk)).data)


@extend_schema_view(
    list=extend_schema(summary="Engagements assigned to me (experts)"),
    retrieve=extend_schema(
        summary="One engagement assigned to me", responses={200: ConsultingRequestSerializer, 404: NO_ENGAGEMENT}
    ),
)
class EngagementViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Engagements the signed-in expert is assigned to; any other id answers 404."""

    serializer_class = ConsultingRequestSerializer
    permission_classes = [permissions.IsAuthenticated]
    queryset = ConsultingRequest.objects.none()

    def get_queryset(self):
        return engagement_detail_query(engagements_for_expert(self.request.user)).order_by("-pk")

    @extend_schema(
        summary="Record a baseline or after measurement of a KPI",
        request=KpiRecordSerializer,
        responses={200: KpiMeasurementSerializer, 400: REFUSED, 404: NO_ENGAGEMENT},
    )
    @action(detail=True, methods=["post"])
    def kpis(self, request, pk=None):
        serializer = KpiRecordSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        measurement = kpi_record(request=self.get_object(), **serializer.validated_data)
        return Response(KpiMeasurementSerializer(measurement).data)


class ConsultingStaffPermission(permissions.BasePermission):
    def has_permission(self, request, view):
        return request.user.has_perm("programs.view_consultingrequest")


@extend_schema_view(
    list=extend_schema(summary="All consulting requests (staff)"),
    retrieve=extend_schema(summary="One consulting request (staff)"),
)
class StaffConsultingViewSet(viewsets.ReadOnlyModelViewSet):
    """Every submitted request with its experts, milestones and KPIs, filtered like the staff page."""

    serializer_class = ConsultingRequestSerializer
    permission_classes = [permissions.IsAuthenticated, ConsultingStaffPermission]
    filterset_class = ConsultingRequestFilterSet

    def get_queryset(self):
        return (
            engagement_detail_query(ConsultingRequest.objects.exclude(state=ConsultingState.DRAFT))
            .select_related(None)
            .select_related("firm", "created_by")
        )


class OutcomesView(APIView):
    """The public rollup of verified KPI pairs against the hub's targets, per year and overall."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(summary="Public outcomes rollup", responses={200: OutcomesSerializer})
    def get(self, request):
        return Response(OutcomesSerializer(outcomes_rollup()).data)

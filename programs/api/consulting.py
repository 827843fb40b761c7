"""The consulting API: a firm's requests (file and submit), an expert's engagements (record KPIs),
every submitted request for staff, and the public outcomes rollup."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from portal.accounts.recording import AccessRecordedMixin
from tenants.scoping import get_object_for_member, membership_of, scope_to_member

from ..choices import ConsultingState, Kpi
from ..filters import ConsultingRequestFilterSet
from ..models import ConsultingRequest, KpiMeasurement, Milestone
from ..selectors import engagement_detail_query, engagements_for_expert, outcomes_rollup
from ..services import consulting_request_create, consulting_request_submit, kpi_record
from ..services.consulting import REQUEST_FIELDS
from .schema import REFUSED

# Serializers ------------------------------------------------------------------------------------


class AssignedExpertSerializer(serializers.Serializer):
    name = serializers.CharField(source="expert.__str__", read_only=True)
    organisation = serializers.CharField(source="expert.organisation", read_only=True)
    is_lead = serializers.BooleanField(read_only=True)


class MilestoneSerializer(serializers.ModelSerializer):
    class Meta:
        model = Milestone
        fields = ["id", "kind", "title", "due_on", "status", "notes"]
        read_only_fields = fields


class KpiMeasurementSerializer(serializers.ModelSerializer):
    change_percent = serializers.DecimalField(max_digits=8, decimal_places=1, read_only=True, allow_null=True)
    improvement_percent = serializers.DecimalField(
        max_digits=8,
        decimal_places=1,
        read_only=True,
        allow_null=True,
        help_text=_("The change turned so that + is better (productivity up; defects, time, workload down)"),
    )
    verified = serializers.SerializerMethodField()

    class Meta:
        model = KpiMeasurement
        fields = [
            "id",
            "kpi",
            "baseline_value",
            "baseline_unit",
            "baseline_method",
            "baseline_on",
            "after_value",
            "after_unit",
            "after_method",
            "after_on",
            "change_percent",
            "improvement_percent",
            "verified",
        ]
        read_only_fields = fields

    def get_verified(self, measurement) -> bool:
        return measurement.verified_at is not None


class ConsultingRequestSerializer(serializers.ModelSerializer):
    firm_name = serializers.CharField(source="firm.name", read_only=True)
    experts = AssignedExpertSerializer(source="assignments", many=True, read_only=True)
    milestones = MilestoneSerializer(many=True, read_only=True)
    kpis = KpiMeasurementSerializer(many=True, read_only=True)

    class Meta:
        model = ConsultingRequest
        fields = [
            "id",
            "firm_name",
            "title",
            "industry",
            "process_area",
            "problem_statement",
            "has_sensors",
            "has_mes_erp",
            "has_quality_records",
            "data_volume",
            "desired_outcome",
            "preferred_schedule",
            "may_name_firm",
            "state",
            "priority",
            "category",
            "submitted_at",
            "completed_at",
            "experts",
            "milestones",
            "kpis",
        ]
        read_only_fields = fields


class ConsultingRequestCreateSerializer(serializers.ModelSerializer):
    consent_given = serializers.BooleanField(help_text=_("The required PIPA consent to handle the request"))

    class Meta:
        model = ConsultingRequest
        fields = [*REQUEST_FIELDS, "consent_given"]


class KpiRecordSerializer(serializers.Serializer):
    kpi = serializers.ChoiceField(choices=Kpi.choices)
    phase = serializers.ChoiceField(choices=[("baseline", "baseline"), ("after", "after")])
    value = serializers.DecimalField(max_digits=12, decimal_places=3)
    unit = serializers.CharField(max_length=30)
    method = serializers.CharField(max_length=200)
    measured_on = serializers.DateField()


class KpiSummarySerializer(serializers.Serializer):
    kpi = serializers.ChoiceField(choices=Kpi.choices, read_only=True)
    count = serializers.IntegerField(read_only=True, help_text=_("Engagements with a verified pair"))
    median = serializers.DecimalField(max_digits=8, decimal_places=1, read_only=True, allow_null=True)
    mean = serializers.DecimalField(max_digits=8, decimal_places=1, read_only=True, allow_null=True)
    target = serializers.DecimalField(max_digits=8, decimal_places=2, read_only=True, allow_null=True)
    share_meeting = serializers.DecimalField(
        max_digits=5, decimal_places=1, read_only=True, allow_null=True, help_text=_("% meeting the target")
    )


class RollupRowSerializer(serializers.Serializer):
    year = serializers.IntegerField(read_only=True, allow_null=True)
    engagements = serializers.IntegerField(read_only=True)
    kpis = KpiSummarySerializer(many=True, read_only=True)


class OutcomesSerializer(serializers.Serializer):
    years = RollupRowSerializer(many=True, read_only=True)
    overall = RollupRowSerializer(read_only=True)


# Views ------------------------------------------------------------------------------------------

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
class EngagementViewSet(AccessRecordedMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
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
class StaffConsultingViewSet(AccessRecordedMixin, viewsets.ReadOnlyModelViewSet):
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
    public_page_groups = ("outcomes",)  # anonymous reads from the page cache (portal/pagecache.py)

    @extend_schema(summary="Public outcomes rollup", responses={200: OutcomesSerializer})
    def get(self, request):
        return Response(OutcomesSerializer(outcomes_rollup()).data)

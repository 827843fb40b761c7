from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from portal.api import as_drf_error

from ..filters import CohortFilterSet, ProgrammeFilterSet, enrolments_of, published_cohorts, published_programmes
from ..models import Cohort, Enrolment
from ..services import enrolment_accept_offer, enrolment_apply, enrolment_cancel
from .serializers import CohortSerializer, EnrolmentCreateSerializer, EnrolmentSerializer, ProgrammeSerializer


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
        try:
            enrolment = enrolment_apply(
                cohort=data["cohort"],
                user=request.user,
                answers=data["answers"],
                on_behalf_of_firm=data["on_behalf_of_firm"],
                consent_given=data["consent_given"],
                optional_consents=data["optional_consents"],
                ip_address=request.META.get("REMOTE_ADDR"),
            )
        except DjangoValidationError as error:
            # Refusals without a field are about the cohort: closed, or already applied to.
            raise as_drf_error(error, field="cohort", renamed={"consent": "consent_given"}) from error
        return self._representation(enrolment, status_code=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Cancel my application (a seat it held goes to the next person in line)",
        request=None,
        responses={200: EnrolmentSerializer, 400: REFUSED, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        try:
            enrolment = enrolment_cancel(enrolment=self.get_object())
        except DjangoValidationError as error:
            raise as_drf_error(error) from error
        return self._representation(enrolment)

    @extend_schema(
        summary="Accept the seat offered to me, before the offer expires",
        request=None,
        responses={200: EnrolmentSerializer, 400: REFUSED, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        try:
            enrolment = enrolment_accept_offer(enrolment=self.get_object())
        except DjangoValidationError as error:
            raise as_drf_error(error) from error
        return self._representation(enrolment)

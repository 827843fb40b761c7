"""The training API: programmes and published cohorts for everyone; the signed-in person's own
applications (apply, cancel, accept an offered seat)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from portal.api import TranslatedModelSerializer

from .. import consent
from ..choices import CohortState
from ..filters import CohortFilterSet, ProgrammeFilterSet
from ..models import Cohort, Enrolment, Programme, Session
from ..selectors import enrolments_of, programmes_with_published_cohorts, published_cohorts
from ..services import enrolment_accept_offer, enrolment_apply, enrolment_cancel
from .schema import REFUSED

# Serializers ------------------------------------------------------------------------------------


def absolute_url(request, url: str) -> str:
    return request.build_absolute_uri(url) if request else url


class ProgrammeSummarySerializer(TranslatedModelSerializer):
    topic_label = serializers.CharField(source="get_topic_display", read_only=True)
    level_label = serializers.CharField(source="get_level_display", read_only=True)

    class Meta:
        model = Programme
        fields = ["id", "slug", "title", "title_en", "topic", "topic_label", "level", "level_label"]
        read_only_fields = fields


class SessionSerializer(TranslatedModelSerializer):
    """A session's time; its check-in code is shown only in the room."""

    class Meta:
        model = Session
        fields = ["id", "title", "starts_at", "ends_at"]
        read_only_fields = fields


def cohort_state(serializer, cohort) -> str:
    # One "now" per request, so every cohort in a page is judged at the same instant.
    return cohort.state(serializer.context.get("now")).value


class CohortSummarySerializer(TranslatedModelSerializer):
    # Typed as a plain string here: the enum is documented once, on Cohort.state.
    state = serializers.SerializerMethodField(help_text=_("As the cohort's state: upcoming, open, full or closed"))
    seats_left = serializers.IntegerField(read_only=True)

    class Meta:
        model = Cohort
        fields = ["id", "name", "starts_on", "ends_on", "state", "seats_left", "applications_close_at"]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.STR)
    def get_state(self, cohort):
        return cohort_state(self, cohort)


class ProgrammeSerializer(TranslatedModelSerializer):
    topic_label = serializers.CharField(source="get_topic_display", read_only=True)
    level_label = serializers.CharField(source="get_level_display", read_only=True)
    cohorts = CohortSummarySerializer(
        source="published_cohorts", many=True, read_only=True, help_text=_("Its published cohorts")
    )

    class Meta:
        model = Programme
        fields = [
            "id",
            "slug",
            "title",
            "title_en",
            "topic",
            "topic_label",
            "level",
            "level_label",
            "description",
            "outcomes",
            "audience",
            "cohorts",
        ]
        read_only_fields = fields


class CohortSerializer(TranslatedModelSerializer):
    """A published cohort with its programme, sessions, seats left and state."""

    state = serializers.SerializerMethodField(
        help_text=_("upcoming, open, full (waitlist open) or closed, at the time of the request")
    )
    programme = ProgrammeSummarySerializer(read_only=True)
    sessions = SessionSerializer(many=True, read_only=True)
    seats_left = serializers.IntegerField(read_only=True)
    selection_mode_label = serializers.CharField(source="get_selection_mode_display", read_only=True)
    questions = serializers.ListField(
        child=serializers.CharField(), read_only=True, help_text=_("Questions to answer when applying")
    )
    url = serializers.SerializerMethodField(help_text=_("The cohort's public page"))
    calendar_url = serializers.SerializerMethodField(help_text=_("The sessions as an iCalendar (.ics) file"))

    class Meta:
        model = Cohort
        fields = [
            "id",
            "programme",
            "name",
            "starts_on",
            "ends_on",
            "venue",
            "is_online",
            "language",
            "fee",
            "capacity",
            "seats_left",
            "state",
            "applications_open_at",
            "applications_close_at",
            "selection_mode",
            "selection_mode_label",
            "eligibility",
            "resident_priority_seats",
            "max_seats_per_firm",
            "completion_threshold",
            "questions",
            "sessions",
            "url",
            "calendar_url",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ChoiceField(choices=CohortState.choices))
    def get_state(self, cohort):
        return cohort_state(self, cohort)

    @extend_schema_field(serializers.URLField())
    def get_url(self, cohort):
        return absolute_url(self.context.get("request"), cohort.get_absolute_url())

    @extend_schema_field(serializers.URLField())
    def get_calendar_url(self, cohort):
        return absolute_url(self.context.get("request"), reverse("programs:cohort_calendar", args=[cohort.pk]))


class EnrolmentCohortSerializer(TranslatedModelSerializer):
    programme = ProgrammeSummarySerializer(read_only=True)

    class Meta:
        model = Cohort
        fields = ["id", "programme", "name", "starts_on", "ends_on"]
        read_only_fields = fields


class EnrolmentSerializer(serializers.ModelSerializer):
    """One of the signed-in person's applications and what became of it."""

    cohort = EnrolmentCohortSerializer(read_only=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    waitlist_position = serializers.IntegerField(
        read_only=True, allow_null=True, help_text=_("Place on the waitlist (1 is next); null unless waitlisted")
    )
    firm_name = serializers.CharField(source="firm.name", read_only=True, allow_null=True, default=None)
    certificate_url = serializers.SerializerMethodField(help_text=_("The completion certificate (PDF), once issued"))

    class Meta:
        model = Enrolment
        fields = [
            "id",
            "cohort",
            "state",
            "state_label",
            "waitlist_position",
            "firm",
            "firm_name",
            "is_resident",
            "answers",
            "applied_at",
            "seated_at",
            "offer_expires_at",
            "cancelled_at",
            "consent_version",
            "consent_optional",
            "consent_at",
            "certificate_url",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_certificate_url(self, enrolment):
        if not hasattr(enrolment, "certificate"):
            return None
        url = reverse("programs:certificate_download", args=[enrolment.pk])
        return absolute_url(self.context.get("request"), url)


OPTIONAL_CONSENT_KEYS = [item.key for item in consent.OPTIONAL]


class EnrolmentCreateSerializer(serializers.Serializer):
    """Apply to a cohort, with the PIPA consent the application form asks for."""

    cohort = serializers.PrimaryKeyRelatedField(queryset=Cohort.objects.filter(is_published=True), label=_("cohort"))
    answers = serializers.DictField(
        child=serializers.CharField(allow_blank=True, max_length=2000),
        required=False,
        default=dict,
        help_text=_("An answer to each of the cohort's questions, keyed by the question's text"),
    )
    on_behalf_of_firm = serializers.BooleanField(
        required=False, default=False, help_text=_("Apply for the firm your account belongs to")
    )
    consent_given = serializers.BooleanField(
        help_text=format_lazy(
            "{} “{}” ({})", _("Must be true: agreement to the required item"), consent.REQUIRED.title, consent.VERSION
        )
    )
    optional_consents = serializers.DictField(
        child=serializers.BooleanField(),
        required=False,
        default=dict,
        help_text=format_lazy("{}: {}", _("Optional items agreed to, by key"), ", ".join(OPTIONAL_CONSENT_KEYS)),
    )

    def validate_consent_given(self, value):
        if not value:
            raise serializers.ValidationError(_("You must agree to the required item to apply."))
        return value

    def validate_optional_consents(self, value):
        unknown = sorted(set(value) - set(OPTIONAL_CONSENT_KEYS))
        if unknown:
            raise serializers.ValidationError(_("Unknown consent items: %(keys)s") % {"keys": ", ".join(unknown)})
        return value


# Views ------------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="Programmes with published cohorts"),
    retrieve=extend_schema(summary="One programme with its published cohorts"),
)
class ProgrammeViewSet(viewsets.ReadOnlyModelViewSet):
    """Programmes with at least one published cohort, each with those cohorts. Anyone may read them."""

    serializer_class = ProgrammeSerializer
    permission_classes = [permissions.AllowAny]
    public_page_groups = ("programmes",)  # anonymous reads from the page cache (portal/pagecache.py)
    filterset_class = ProgrammeFilterSet

    def get_queryset(self):
        return programmes_with_published_cohorts()

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
    public_page_groups = ("programmes",)
    filterset_class = CohortFilterSet

    def get_queryset(self):
        return published_cohorts().prefetch_related("sessions")

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "now": timezone.now()}


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

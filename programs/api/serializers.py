from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .. import consent
from ..choices import CohortState, Kpi
from ..models import Cohort, ConsultingRequest, Enrolment, KpiMeasurement, Milestone, Programme, Session


def absolute_url(request, url: str) -> str:
    return request.build_absolute_uri(url) if request else url


class ProgrammeSummarySerializer(serializers.ModelSerializer):
    topic_label = serializers.CharField(source="get_topic_display", read_only=True)
    level_label = serializers.CharField(source="get_level_display", read_only=True)

    class Meta:
        model = Programme
        fields = ["id", "slug", "title", "title_en", "topic", "topic_label", "level", "level_label"]
        read_only_fields = fields


class SessionSerializer(serializers.ModelSerializer):
    """A session's time; its check-in code is shown only in the room."""

    class Meta:
        model = Session
        fields = ["id", "title", "starts_at", "ends_at"]
        read_only_fields = fields


def cohort_state(serializer, cohort) -> str:
    # One "now" per request, so every cohort in a page is judged at the same instant.
    return cohort.state(serializer.context.get("now")).value


class CohortSummarySerializer(serializers.ModelSerializer):
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


class ProgrammeSerializer(serializers.ModelSerializer):
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


class CohortSerializer(serializers.ModelSerializer):
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


class EnrolmentCohortSerializer(serializers.ModelSerializer):
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


# Consulting ------------------------------------------------------------------------------------


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
        fields = [
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
            "consent_given",
        ]


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

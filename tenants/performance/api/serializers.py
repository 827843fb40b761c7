"""Serializers of the performance API: the firm's returns, staff's view and actions, the public aggregate."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from tenants.api.serializers import absolute_url

from ..choices import Population, ReturnState
from ..models import IntellectualProperty, Investment, PerformanceReturn, ReturnEvidence, ReturnStatusChange
from ..selectors import return_state
from ..services import COMMENTABLE_FIELDS, FIGURE_FIELDS


class InvestmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Investment
        fields = ["id", "amount", "investor", "round_type", "invested_on"]
        read_only_fields = fields


class IntellectualPropertySerializer(serializers.ModelSerializer):
    class Meta:
        model = IntellectualProperty
        fields = ["kind", "applied", "registered", "numbers"]
        read_only_fields = fields


class EvidenceSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = ReturnEvidence
        fields = ["id", "figure", "original_name", "file_type", "size", "uploaded_at", "url"]
        read_only_fields = fields

    def get_url(self, evidence) -> str:
        return absolute_url(self.context.get("request"), evidence.get_absolute_url())


class StatusChangeSerializer(serializers.ModelSerializer):
    comments = serializers.DictField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = ReturnStatusChange
        fields = ["from_status", "to_status", "changed_at", "comments", "note"]
        read_only_fields = fields


class ReturnSerializer(serializers.ModelSerializer):
    round = serializers.IntegerField(source="round_id", read_only=True)
    round_title = serializers.CharField(source="round.title", read_only=True)
    due_at = serializers.DateTimeField(source="round.due_at", read_only=True)
    firm = serializers.IntegerField(source="firm_id", read_only=True)
    firm_name = serializers.CharField(source="firm.name", read_only=True)
    state = serializers.SerializerMethodField()
    staff_comments = serializers.DictField(child=serializers.CharField(), read_only=True)
    investments = InvestmentSerializer(many=True, read_only=True)
    ip_rights = IntellectualPropertySerializer(many=True, read_only=True)
    evidence = EvidenceSerializer(many=True, read_only=True)
    status_changes = StatusChangeSerializer(many=True, read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = PerformanceReturn
        fields = [
            "id",
            "round",
            "round_title",
            "due_at",
            "firm",
            "firm_name",
            "population",
            "status",
            "state",
            "is_late",
            "submitted_at",
            "accepted_at",
            *FIGURE_FIELDS,
            "staff_comments",
            "investments",
            "ip_rights",
            "evidence",
            "status_changes",
            "url",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ChoiceField(choices=ReturnState.choices))
    def get_state(self, performance_return) -> str:
        return return_state(performance_return).value

    def get_url(self, performance_return) -> str:
        return absolute_url(self.context.get("request"), performance_return.get_absolute_url())


class ReturnFiguresSerializer(serializers.ModelSerializer):
    """The figures a firm may change while the return is a draft or sent back for correction."""

    class Meta:
        model = PerformanceReturn
        fields = list(FIGURE_FIELDS)


class ReturnCorrectionSerializer(serializers.Serializer):
    comments = serializers.DictField(
        child=serializers.CharField(max_length=500, allow_blank=True),
        help_text="Field name → what to correct; fields: " + ", ".join(COMMENTABLE_FIELDS),
    )
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class AcceptSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class StaffReturnSerializer(ReturnSerializer):
    """Staff see the return with the firm's business registration number and the staff page."""

    brn = serializers.CharField(source="firm.brn_display", read_only=True)
    staff_url = serializers.SerializerMethodField()

    class Meta(ReturnSerializer.Meta):
        fields = [*ReturnSerializer.Meta.fields, "brn", "staff_url"]
        read_only_fields = fields

    def get_staff_url(self, performance_return) -> str:
        return absolute_url(
            self.context.get("request"), reverse("performance:staff_return", args=[performance_return.pk])
        )


class FigureSummarySerializer(serializers.Serializer):
    total = serializers.IntegerField(allow_null=True)
    median = serializers.FloatField(allow_null=True)
    reported = serializers.IntegerField()


class PublicGroupSerializer(serializers.Serializer):
    population = serializers.ChoiceField(choices=Population.choices)
    label = serializers.CharField()
    firms = serializers.IntegerField(allow_null=True, help_text="Null when the group is too small to show")
    suppressed = serializers.BooleanField(help_text="Fewer than 3 firms: no figure is shown")
    revenue = FigureSummarySerializer(allow_null=True)
    new_hires = FigureSummarySerializer(allow_null=True)
    investment = FigureSummarySerializer(allow_null=True)
    ip = FigureSummarySerializer(allow_null=True)


class PublicRollupSerializer(serializers.Serializer):
    round_title = serializers.CharField(allow_null=True)
    period_start = serializers.DateField(allow_null=True)
    period_end = serializers.DateField(allow_null=True)
    groups = PublicGroupSerializer(many=True)

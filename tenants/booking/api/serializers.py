from datetime import timedelta

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..choices import BookingStatus
from ..models import Booking, OpeningHours, Resource
from ..selectors import in_calendar_reach


class OpeningHoursSerializer(serializers.ModelSerializer):
    """Times as ``HH:MM`` in KST (a JSON-schema ``time`` would need an offset); closing at or before
    opening means the next day."""

    opens_at = serializers.SerializerMethodField()
    closes_at = serializers.SerializerMethodField()

    class Meta:
        model = OpeningHours
        fields = ["weekday", "opens_at", "closes_at"]

    @extend_schema_field(OpenApiTypes.STR)
    def get_opens_at(self, hours) -> str:
        return hours.opens_at.strftime("%H:%M")

    @extend_schema_field(OpenApiTypes.STR)
    def get_closes_at(self, hours) -> str:
        return hours.closes_at.strftime("%H:%M")


class ResourceSerializer(serializers.ModelSerializer):
    site = serializers.CharField(source="site.name", read_only=True)
    opening_hours = OpeningHoursSerializer(many=True, read_only=True)

    class Meta:
        model = Resource
        fields = [
            "id",
            "site",
            "kind",
            "name_ko",
            "name_en",
            "description_ko",
            "description_en",
            "equipment_ko",
            "equipment_en",
            "capacity",
            "slot_minutes",
            "buffer_minutes",
            "max_hours",
            "audience",
            "requires_approval",
            "hourly_rate",
            "resident_quota_hours",
            "open_on_holidays",
            "opening_hours",
        ]


class SlotSerializer(serializers.Serializer):
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    state = serializers.ChoiceField(choices=["free", "taken", "past", "closed"])


class AvailabilityQuerySerializer(serializers.Serializer):
    date = serializers.DateField(required=False)
    days = serializers.IntegerField(required=False, min_value=1, max_value=14, default=1)

    def validate_date(self, value):
        if not in_calendar_reach(value):
            raise serializers.ValidationError(_("Choose a date within the next few months."))
        return value


class BookingSerializer(serializers.ModelSerializer):
    resource_name = serializers.CharField(source="resource.name", read_only=True)
    status = serializers.ChoiceField(choices=BookingStatus.choices, read_only=True)

    class Meta:
        model = Booking
        fields = [
            "id",
            "resource",
            "resource_name",
            "starts_at",
            "ends_at",
            "purpose",
            "attendees",
            "status",
            "is_resident",
            "net_amount",
            "vat_amount",
            "refund_amount",
            "decision_reason",
            "created_at",
        ]
        read_only_fields = fields


class BookingCreateSerializer(serializers.Serializer):
    resource = serializers.PrimaryKeyRelatedField(queryset=Resource.objects.bookable())
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    purpose = serializers.CharField(max_length=200)
    attendees = serializers.IntegerField(min_value=1, max_value=1000, default=1)

    def validate(self, data):
        if data["ends_at"] - data["starts_at"] > timedelta(days=2):
            raise serializers.ValidationError(
                {"ends_at": _("A booking may last at most %(hours)s hours.") % {"hours": 48}}
            )
        return data


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")


class StaffBookingSerializer(BookingSerializer):
    firm_name = serializers.CharField(source="firm.name", read_only=True)

    class Meta(BookingSerializer.Meta):
        fields = [*BookingSerializer.Meta.fields, "firm_name"]
        read_only_fields = fields

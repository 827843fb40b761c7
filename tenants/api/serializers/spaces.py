"""Serializers of spaces and leases (staff)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from portal.api import TranslatedModelSerializer

from ...choices import LeaseStatus
from ...models import (
    Firm,
    Lease,
    Site,
    Space,
)


class SiteSummarySerializer(TranslatedModelSerializer):
    class Meta:
        model = Site
        fields = ["id", "name", "name_en"]
        read_only_fields = fields


class SpaceSerializer(serializers.ModelSerializer):
    site = SiteSummarySerializer(read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Space
        fields = ["id", "site", "code", "kind", "kind_label", "floor", "area_m2", "seats", "monthly_rent", "deposit"]
        read_only_fields = fields


class LeaseFirmSerializer(TranslatedModelSerializer):
    class Meta:
        model = Firm
        fields = ["id", "name"]
        read_only_fields = fields


class LeaseSpaceSerializer(serializers.ModelSerializer):
    site_name = serializers.CharField(source="site.name", read_only=True)

    class Meta:
        model = Space
        fields = ["id", "code", "site_name"]
        read_only_fields = fields


class LeaseSerializer(serializers.ModelSerializer):
    firm = LeaseFirmSerializer(read_only=True)
    space = LeaseSpaceSerializer(read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    days_left = serializers.SerializerMethodField(
        help_text=_("Days until the end date of an active lease (negative once it is past); null when ended.")
    )

    class Meta:
        model = Lease
        fields = [
            "id",
            "firm",
            "space",
            "start_date",
            "end_date",
            "monthly_rent",
            "deposit",
            "status",
            "status_label",
            "moved_out_on",
            "days_left",
        ]
        read_only_fields = fields

    def get_days_left(self, lease) -> int | None:
        if lease.status != LeaseStatus.ACTIVE:
            return None
        today = self.context.get("today") or timezone.localdate()
        return (lease.end_date - today).days

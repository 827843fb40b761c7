"""Serializers of firms and invitations, and of the public directory of resident firms."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from portal.accounts.validators import normalize_phone, validate_phone
from portal.api import TranslatedModelSerializer

from ...brn import clean_corporate_registration_number
from ...models import (
    Firm,
    FirmInvitation,
)

PUBLIC_FIELDS = ["id", "name", "name_en", "industry", "description", "description_en", "website", "logo_url"]


def absolute_url(request, url: str) -> str:
    return request.build_absolute_uri(url) if request else url


def firm_logo_url(firm: Firm, request) -> str | None:
    # Logos are served only through the permission-checked view, never from MEDIA_URL.
    return absolute_url(request, reverse("tenants:firm_logo", args=[firm.pk])) if firm.logo else None


class FirmSerializer(TranslatedModelSerializer):
    """Public fields for everyone; the full record only for the firm's own people and staff.

    Fields other than the public ones are left out of the response unless the caller may see them.
    """

    brn_display = serializers.CharField(read_only=True, help_text=_("XXX-XX-XXXXX; own firm only"))
    entity_type = serializers.CharField(read_only=True, help_text=_("Derived from the BRN; own firm only"))
    logo_url = serializers.SerializerMethodField()
    # Plain fields: normalised in validate_* before the shape is checked, so "010 1234 5678" is fine.
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True, label=_("phone"))
    corporate_registration_number = serializers.CharField(
        max_length=20, required=False, allow_blank=True, label=_("corporate registration number")
    )

    class Meta:
        model = Firm
        fields = [
            *PUBLIC_FIELDS,
            "brn",
            "brn_display",
            "entity_type",
            "corporate_registration_number",
            "representative_name",
            "founded_on",
            "employees",
            "postal_code",
            "address",
            "address_detail",
            "phone",
            "public_profile",
            "business_status",
            "business_status_checked_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["brn", "business_status", "business_status_checked_at", "created_at", "updated_at"]

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_logo_url(self, firm):
        return firm_logo_url(firm, self.context.get("request"))

    def to_representation(self, firm):
        data = super().to_representation(firm)
        can_see_full = self.context.get("can_see_full", lambda firm: False)
        if not can_see_full(firm):
            data = {key: data[key] for key in PUBLIC_FIELDS}
        return data

    def validate_phone(self, value):
        phone = normalize_phone(value)
        validate_phone(phone)
        return phone

    def validate_corporate_registration_number(self, value):
        return clean_corporate_registration_number(value)


class FirmInvitationSerializer(serializers.ModelSerializer):
    state = serializers.CharField(source="state_label", read_only=True)

    class Meta:
        model = FirmInvitation
        fields = ["id", "email", "state", "created_at", "expires_at", "accepted_at", "revoked_at"]
        read_only_fields = ["created_at", "expires_at", "accepted_at", "revoked_at"]


# Public directory of resident firms


class DirectoryFirmSerializer(TranslatedModelSerializer):
    industry_label = serializers.CharField(source="get_industry_display", read_only=True)
    site_name = serializers.CharField(read_only=True, allow_null=True, help_text=_("The site of the current lease"))
    logo_url = serializers.SerializerMethodField()

    class Meta:
        model = Firm
        fields = [
            "id",
            "name",
            "name_en",
            "industry",
            "industry_label",
            "description",
            "website",
            "site_name",
            "logo_url",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_logo_url(self, firm):
        return firm_logo_url(firm, self.context.get("request"))

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from portal.accounts.validators import normalize_phone, validate_phone

from ..brn import clean_corporate_registration_number
from ..choices import CallState, LeaseStatus, SpaceKind
from ..models import (
    Application,
    ApplicationAttachment,
    ApplicationStageChange,
    CallCriterion,
    CallRequirement,
    Firm,
    FirmInvitation,
    Lease,
    Site,
    Space,
    TenancyCall,
)
from ..selectors import published_calls

PUBLIC_FIELDS = ["id", "name", "name_en", "industry", "description", "website", "logo_url"]


def absolute_url(request, url: str) -> str:
    return request.build_absolute_uri(url) if request else url


def firm_logo_url(firm: Firm, request) -> str | None:
    # Logos are served only through the permission-checked view, never from MEDIA_URL.
    return absolute_url(request, reverse("tenants:firm_logo", args=[firm.pk])) if firm.logo else None


class FirmSerializer(serializers.ModelSerializer):
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


# Tenancy calls (public)


class SiteSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Site
        fields = ["id", "name", "name_en"]
        read_only_fields = fields


class CallRequirementSerializer(serializers.ModelSerializer):
    class Meta:
        model = CallRequirement
        fields = ["id", "name", "name_en", "required"]
        read_only_fields = fields


class CallCriterionSerializer(serializers.ModelSerializer):
    class Meta:
        model = CallCriterion
        fields = ["id", "name", "name_en", "weight"]
        read_only_fields = fields


PUBLISHED_CALL_STATES = [(state.value, state.label) for state in CallState if state != CallState.DRAFT]


class TenancyCallSerializer(serializers.ModelSerializer):
    """A published call with the sites, documents and criteria it announces.

    ``state`` is worked out at the time of the request: upcoming, open (submissions accepted) or closed.
    """

    sites = SiteSummarySerializer(many=True, read_only=True)
    space_kinds = serializers.ListField(child=serializers.ChoiceField(choices=SpaceKind.choices), read_only=True)
    state = serializers.SerializerMethodField()
    requirements = CallRequirementSerializer(many=True, read_only=True)
    criteria = CallCriterionSerializer(many=True, read_only=True)

    class Meta:
        model = TenancyCall
        fields = [
            "id",
            "title",
            "title_en",
            "body",
            "body_en",
            "eligibility",
            "sites",
            "space_kinds",
            "opens_at",
            "closes_at",
            "state",
            "blind_review",
            "requirements",
            "criteria",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ChoiceField(choices=PUBLISHED_CALL_STATES))
    def get_state(self, call):
        # One "now" per request, so every call in a page is judged at the same instant.
        return call.state(self.context.get("now")).value


# The firm's applications


class ApplicationStageChangeSerializer(serializers.ModelSerializer):
    """A row of the firm's timeline; who made the change is staff-internal and left out."""

    class Meta:
        model = ApplicationStageChange
        fields = ["from_stage", "to_stage", "changed_at", "reason"]
        read_only_fields = fields


class ApplicationAttachmentSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = ApplicationAttachment
        fields = ["id", "requirement", "original_name", "file_type", "size", "uploaded_at", "download_url"]
        read_only_fields = fields

    @extend_schema_field(serializers.URLField())
    def get_download_url(self, attachment):
        url = reverse("tenants:attachment_download", args=[attachment.application_id, attachment.pk])
        return absolute_url(self.context.get("request"), url)


class ApplicationSerializer(serializers.ModelSerializer):
    call_title = serializers.CharField(source="call.title", read_only=True)
    stage_label = serializers.CharField(source="get_stage_display", read_only=True)
    stage_history = ApplicationStageChangeSerializer(source="stage_changes", many=True, read_only=True)
    attachments = ApplicationAttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = Application
        fields = [
            "id",
            "call",
            "call_title",
            "stage",
            "stage_label",
            "summary",
            "plan",
            "requested_site",
            "requested_space_kind",
            "headcount",
            "created_at",
            "updated_at",
            "submitted_at",
            "decided_at",
            "decision_reason",
            "stage_history",
            "attachments",
        ]
        read_only_fields = fields


class ApplicationDraftSerializer(serializers.ModelSerializer):
    """The draft fields the representative may change; the site and space type must be ones the call offers."""

    class Meta:
        model = Application
        fields = ["summary", "plan", "requested_site", "requested_space_kind", "headcount"]

    def validate(self, attrs):
        call = attrs.get("call") or self.instance.call
        errors = {}
        site = attrs.get("requested_site")
        if site is not None and not call.sites.filter(pk=site.pk).exists():
            errors["requested_site"] = _("This call does not offer that site.")
        kind = attrs.get("requested_space_kind")
        if kind and kind not in call.space_kinds:
            errors["requested_space_kind"] = _("This call does not offer that type of space.")
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


class ApplicationCreateSerializer(ApplicationDraftSerializer):
    call = serializers.PrimaryKeyRelatedField(queryset=published_calls(), label=_("call"))

    class Meta(ApplicationDraftSerializer.Meta):
        fields = ["call", *ApplicationDraftSerializer.Meta.fields]


class ApplicationAttachmentUploadSerializer(serializers.Serializer):
    """A multipart upload; the service checks the file's size and real type by its content."""

    file = serializers.FileField(label=_("file"))
    requirement = serializers.PrimaryKeyRelatedField(
        queryset=CallRequirement.objects.none(),
        required=False,
        allow_null=True,
        label=_("document"),
        help_text=_("One of the call's requirements; leave out for an extra document."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        application = self.context.get("application")
        if application is not None:
            self.fields["requirement"].queryset = application.call.requirements.all()


# Staff: spaces and leases


class SpaceSerializer(serializers.ModelSerializer):
    site = SiteSummarySerializer(read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Space
        fields = ["id", "site", "code", "kind", "kind_label", "floor", "area_m2", "seats", "monthly_rent", "deposit"]
        read_only_fields = fields


class LeaseFirmSerializer(serializers.ModelSerializer):
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


# Public directory of resident firms


class DirectoryFirmSerializer(serializers.ModelSerializer):
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

"""Serializers of published tenancy calls and the firm's applications."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from portal.api import TranslatedModelSerializer

from ...choices import CallState, SpaceKind
from ...models import (
    Application,
    ApplicationAttachment,
    ApplicationStageChange,
    CallCriterion,
    CallRequirement,
    CorrectionItem,
    CorrectionRequest,
    TenancyCall,
)
from ...selectors import published_calls
from .firms import absolute_url
from .spaces import SiteSummarySerializer

# Tenancy calls (public)


class CallRequirementSerializer(TranslatedModelSerializer):
    class Meta:
        model = CallRequirement
        fields = ["id", "name", "name_en", "required"]
        read_only_fields = fields


class CallCriterionSerializer(TranslatedModelSerializer):
    class Meta:
        model = CallCriterion
        fields = ["id", "name", "name_en", "weight"]
        read_only_fields = fields


PUBLISHED_CALL_STATES = [(state.value, state.label) for state in CallState if state != CallState.DRAFT]


class TenancyCallSerializer(TranslatedModelSerializer):
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


class CorrectionItemSerializer(serializers.ModelSerializer):
    document = serializers.CharField(source="requirement.name", read_only=True)

    class Meta:
        model = CorrectionItem
        fields = ["requirement", "document", "comment"]
        read_only_fields = fields


class CorrectionRequestSerializer(serializers.ModelSerializer):
    """What staff asked the firm to correct (서류 보완 요청), and by when."""

    documents = CorrectionItemSerializer(source="items", many=True, read_only=True)

    class Meta:
        model = CorrectionRequest
        fields = ["comment", "documents", "due_at", "requested_at"]
        read_only_fields = fields


class ApplicationSerializer(serializers.ModelSerializer):
    call_title = serializers.CharField(source="call.title", read_only=True)
    correction = serializers.SerializerMethodField(help_text="The open correction request while the stage is returned.")
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
            "receipt_number",
            "correction",
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

    @extend_schema_field(CorrectionRequestSerializer(allow_null=True))
    def get_correction(self, application):
        if not application.is_returned:
            return None
        # From the prefetched rows (latest first), so a list costs no query per application.
        correction = next((row for row in application.correction_requests.all() if row.resubmitted_at is None), None)
        return CorrectionRequestSerializer(correction).data if correction else None


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

"""Service-desk API shapes: the firm's (its timeline without internal notes) and staff's (everything)."""

from django.urls import reverse
from rest_framework import serializers

from tenants.models import Site, Space

from ..choices import Priority, RequestCategory, RequestState
from ..models import RequestAttachment, RequestEntry, ServiceRequest


class AttachmentSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = RequestAttachment
        fields = ["id", "original_name", "file_type", "size", "uploaded_at", "url"]

    def get_url(self, attachment) -> str:
        return reverse("desk:attachment_download", args=[attachment.request_id, attachment.pk])


class EntrySerializer(serializers.ModelSerializer):
    author_name = serializers.SerializerMethodField()

    class Meta:
        model = RequestEntry
        fields = ["id", "kind", "from_state", "to_state", "actor", "author_name", "text", "created_at"]

    def get_author_name(self, entry) -> str:
        return entry.author.get_full_name() if entry.author else ""


class ServiceRequestSerializer(serializers.ModelSerializer):
    """A request as its firm sees it: ``timeline`` holds status changes and public replies only."""

    reference = serializers.CharField(read_only=True)
    site_name = serializers.CharField(source="site.name", read_only=True)
    space_code = serializers.CharField(source="space.code", read_only=True, default="")
    timeline = serializers.SerializerMethodField()
    files = AttachmentSerializer(source="attachments", many=True, read_only=True)
    certificate_url = serializers.SerializerMethodField()

    class Meta:
        model = ServiceRequest
        fields = [
            "id",
            "reference",
            "category",
            "site",
            "site_name",
            "space",
            "space_code",
            "subject",
            "description",
            "urgency",
            "state",
            "due_on",
            "created_at",
            "resolved_at",
            "reopen_until",
            "rejection_reason",
            "timeline",
            "files",
            "certificate_url",
        ]
        read_only_fields = fields

    def _entries(self, service_request):
        return [entry for entry in service_request.entries.all() if not entry.is_internal]

    def get_timeline(self, service_request) -> list[dict]:
        return EntrySerializer(self._entries(service_request), many=True).data

    def get_certificate_url(self, service_request) -> str | None:
        certificate = getattr(service_request, "certificate", None)
        if certificate is None or not certificate.pdf:
            return None
        return reverse("desk:certificate_download", args=[service_request.pk])


class StaffServiceRequestSerializer(ServiceRequestSerializer):
    """Staff see the whole timeline, internal notes included, and the queue's fields."""

    firm_name = serializers.CharField(source="firm.name", read_only=True)
    requester_name = serializers.CharField(source="requester.name", read_only=True)
    requester_email = serializers.EmailField(source="requester.email", read_only=True)
    owner_name = serializers.SerializerMethodField()
    is_overdue = serializers.BooleanField(read_only=True)

    class Meta(ServiceRequestSerializer.Meta):
        fields = [
            *ServiceRequestSerializer.Meta.fields,
            "firm",
            "firm_name",
            "requester_name",
            "requester_email",
            "owner",
            "owner_name",
            "priority",
            "is_overdue",
        ]
        read_only_fields = fields

    def _entries(self, service_request):
        return list(service_request.entries.all())

    def get_owner_name(self, service_request) -> str:
        owner = service_request.owner
        return (owner.get_full_name() or owner.email) if owner else ""


class ServiceRequestCreateSerializer(serializers.Serializer):
    category = serializers.ChoiceField(choices=RequestCategory.choices)
    site = serializers.PrimaryKeyRelatedField(queryset=Site.objects.all())
    space = serializers.PrimaryKeyRelatedField(queryset=Space.objects.all(), required=False, allow_null=True)
    subject = serializers.CharField(max_length=120)
    description = serializers.CharField(max_length=5000)
    urgency = serializers.ChoiceField(choices=Priority.choices, default=Priority.NORMAL)


class TextSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=5000)


class StaffReplySerializer(TextSerializer):
    internal = serializers.BooleanField(default=False, help_text="An internal note the firm never sees")


class TransitionSerializer(serializers.Serializer):
    to_state = serializers.ChoiceField(choices=RequestState.choices)
    text = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")


class AssignSerializer(serializers.Serializer):
    owner = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=2**63 - 1)
    priority = serializers.ChoiceField(choices=Priority.choices)
    due_on = serializers.DateField()

"""Serializers of the notices API: notices with their files (public fields for readers, more for staff)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from portal.api import TranslatedModelSerializer
from tenants.api.serializers.firms import absolute_url
from tenants.partners.api.serializers import drop_hidden_fields

from ..models import Notice, NoticeAttachment

NOTICE_STAFF_FIELDS = ("state", "mail_audience", "published_at", "withdrawn_at", "withdraw_reason", "created_at")


class NoticeAttachmentSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="original_name", read_only=True)
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = NoticeAttachment
        fields = ["id", "name", "file_type", "size", "download_url"]
        read_only_fields = fields

    def get_download_url(self, attachment) -> str:
        return absolute_url(self.context.get("request"), attachment.get_absolute_url())


class NoticeSerializer(TranslatedModelSerializer):
    """A notice as its readers see it; the staff fields only for staff who handle notices."""

    category_label = serializers.CharField(source="get_category_display", read_only=True)
    audience_label = serializers.CharField(source="get_audience_display", read_only=True)
    body_html = serializers.SerializerMethodField(help_text=_("The Korean text as sanitised HTML"))
    body_en_html = serializers.SerializerMethodField(help_text=_("The English text as sanitised HTML, if any"))
    is_pinned = serializers.SerializerMethodField()
    attachments = NoticeAttachmentSerializer(many=True, read_only=True)
    url = serializers.SerializerMethodField()
    staff_only_fields = NOTICE_STAFF_FIELDS  # not required in the schema (portal.api.PortalAutoSchema)

    class Meta:
        model = Notice
        fields = [
            "id",
            "title",
            "title_en",
            "body",
            "body_en",
            "body_html",
            "body_en_html",
            "category",
            "category_label",
            "audience",
            "audience_label",
            "publish_at",
            "pinned_until",
            "is_pinned",
            "call",
            "cohort",
            "mou",
            "attachments",
            "url",
            "updated_at",
            *NOTICE_STAFF_FIELDS,
        ]
        read_only_fields = fields

    def get_fields(self):
        return drop_hidden_fields(super().get_fields(), self.context)

    @extend_schema_field(serializers.CharField())
    def get_body_html(self, notice):
        from ..rendering import render_markdown

        return str(render_markdown(notice.body_ko))

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_body_en_html(self, notice):
        from ..rendering import render_markdown

        return str(render_markdown(notice.body_en)) if notice.body_en else None

    def get_is_pinned(self, notice) -> bool:
        return notice.is_pinned()

    def get_url(self, notice) -> str:
        return absolute_url(self.context.get("request"), notice.get_absolute_url())


class NoticeWriteSerializer(TranslatedModelSerializer):
    """A new notice or a change to one (staff); it starts as a draft and moves only through publish/withdraw."""

    class Meta:
        model = Notice
        fields = [
            "title",
            "title_en",
            "body",
            "body_en",
            "category",
            "audience",
            "publish_at",
            "pinned_until",
            "mail_audience",
            "call",
            "cohort",
            "mou",
        ]
        extra_kwargs = {"title_en": {"required": False}, "body_en": {"required": False}}


class NoticeWithdrawSerializer(serializers.Serializer):
    reason = serializers.CharField(label=_("reason for withdrawal"), max_length=500)

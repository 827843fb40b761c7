from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from .choices import NoticeState
from .models import Notice, NoticeAttachment
from .services import notice_publish, notice_transition


class NoticeAttachmentInline(admin.TabularInline):
    model = NoticeAttachment
    extra = 0
    fields = ["original_name", "file_type", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False  # uploads are checked by content in the staff workspace (portal.files.store_upload)


@admin.register(Notice)
class NoticeAdmin(TranslationAdmin):
    list_display = ["title", "category", "audience", "state", "publish_at", "pinned_until", "mail_audience"]
    list_filter = ["state", "category", "audience", "mail_audience"]
    search_fields = ["title_ko", "title_en", "body_ko", "body_en"]
    date_hierarchy = "publish_at"
    readonly_fields = ["state", "published_at", "withdrawn_at", "withdraw_reason", "created_by"]
    raw_id_fields = ["call", "cohort", "mou"]
    inlines = [NoticeAttachmentInline]
    actions = ["publish", "return_to_draft"]

    @admin.action(description=_("Publish (or schedule) the selected notices"), permissions=["publish"])
    def publish(self, request, queryset):
        self._each(request, queryset, lambda notice: notice_publish(notice=notice))

    @admin.action(description=_("Return the selected notices to draft"), permissions=["publish"])
    def return_to_draft(self, request, queryset):
        self._each(request, queryset, lambda notice: notice_transition(notice=notice, to_state=NoticeState.DRAFT))

    def has_publish_permission(self, request):
        return request.user.has_perm("notices.publish_notice")

    def _each(self, request, queryset, action):
        done = 0
        for notice in queryset:
            try:
                action(notice)
            except ValidationError as error:
                self.message_user(request, f"{notice}: {' '.join(error.messages)}", messages.WARNING)
            else:
                done += 1
        if done:
            self.message_user(request, _("%(count)d notices changed.") % {"count": done}, messages.SUCCESS)

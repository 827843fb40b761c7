from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import OutboxMessage
from .services import outbox_context_shown, outbox_requeue


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ["created_at", "recipient", "template", "language", "status", "attempts", "claimed_until", "sent_at"]
    list_filter = ["status", "template", "language"]
    search_fields = ["recipient", "subject", "dedup_key"]
    date_hierarchy = "created_at"
    # The stored context is shown through context_shown, which hides the body of a mail with a secret.
    readonly_fields = [field.name for field in OutboxMessage._meta.fields if field.name != "context"] + [
        "context_shown"
    ]
    exclude = ["context"]
    actions = ["retry_now"]

    @admin.display(description=_("context"))
    def context_shown(self, message):
        return outbox_context_shown(message)

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Retry the selected failed or pending messages now"), permissions=["change"])
    def retry_now(self, request, queryset):
        count = outbox_requeue(message_ids=list(queryset.values_list("pk", flat=True)))
        text = ngettext("%(count)d message queued.", "%(count)d messages queued.", count) % {"count": count}
        self.message_user(request, text, messages.SUCCESS)

"""The service desk in the admin: requests and certificates to look up (they change on the staff
pages, through the services), service levels to edit (through ``service_level_set``)."""

from django.contrib import admin

from portal.accounts.recording import AccessRecordedAdminMixin

from .models import RequestAttachment, RequestEntry, ResidenceCertificate, ServiceLevel, ServiceRequest
from .services import service_level_set


@admin.register(ServiceLevel)
class ServiceLevelAdmin(admin.ModelAdmin):
    list_display = ["category", "working_days"]

    def save_model(self, request, obj, form, change):
        saved = service_level_set(category=obj.category, working_days=obj.working_days)
        obj.pk = saved.pk


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class RequestEntryInline(admin.TabularInline):
    model = RequestEntry
    fields = ["created_at", "kind", "from_state", "to_state", "actor", "author", "text"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class RequestAttachmentInline(admin.TabularInline):
    model = RequestAttachment
    fields = ["original_name", "file_type", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ServiceRequest)
class ServiceRequestAdmin(AccessRecordedAdminMixin, ReadOnlyAdmin):
    list_display = [
        "reference",
        "subject",
        "firm",
        "category",
        "site",
        "priority",
        "state",
        "owner",
        "due_on",
        "created_at",
    ]
    list_filter = ["state", "category", "priority", "site"]
    search_fields = ["subject", "description", "firm__name", "requester__email"]
    list_select_related = ["firm", "site", "owner"]
    date_hierarchy = "created_at"
    inlines = [RequestEntryInline, RequestAttachmentInline]
    access_fields = ("requester.name", "requester.email")

    def access_subject_user(self, obj):
        return obj.requester


@admin.register(ResidenceCertificate)
class ResidenceCertificateAdmin(ReadOnlyAdmin):
    list_display = ["number", "firm_name", "site_name", "space_code", "issued_on", "issued_by"]
    list_filter = ["issued_on", "site_name"]
    search_fields = ["number", "firm_name", "brn"]
    list_select_related = ["issued_by"]

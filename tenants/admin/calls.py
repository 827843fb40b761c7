"""Admin of tenancy calls, applications and review assignments."""

from django.contrib import admin, messages
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from ..models import (
    Application,
    ApplicationAttachment,
    ApplicationStageChange,
    CallCriterion,
    CallRequirement,
    CorrectionItem,
    CorrectionRequest,
    ReceiptCounter,
    ReviewAssignment,
    TenancyCall,
)
from ..services import call_save


class CallRequirementInline(TranslationTabularInline):
    model = CallRequirement
    extra = 1
    fields = ["position", "name", "required", "shown_in_blind_review"]


class CallCriterionInline(TranslationTabularInline):
    """Read-only once a reviewer has scored the call (``TenancyCall.reviews_started``), as in the
    staff workspace; ``call_save`` refuses such a change anyway."""

    model = CallCriterion
    extra = 1
    fields = ["position", "name", "weight"]

    def _locked(self, call) -> bool:
        return call is not None and call.pk is not None and call.reviews_started()

    def has_add_permission(self, request, obj=None):
        return not self._locked(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not self._locked(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._locked(obj) and super().has_delete_permission(request, obj)


@admin.register(TenancyCall)
class TenancyCallAdmin(TranslationAdmin):
    list_display = ["title", "opens_at", "closes_at", "is_published", "blind_review", "application_count"]
    list_filter = ["is_published", "blind_review", "sites"]
    search_fields = ["title_ko", "title_en", "body_ko", "body_en"]
    date_hierarchy = "opens_at"
    filter_horizontal = ["sites"]
    inlines = [CallRequirementInline, CallCriterionInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(application_count=Count("applications"))

    @admin.display(description=_("applications"), ordering="application_count")
    def application_count(self, call):
        return call.application_count

    def save_model(self, request, obj, form, change):
        pass  # saved with its sites, requirements and criteria in save_related, through call_save

    def save_related(self, request, form, formsets, change):
        total = call_save(call=form.instance, form=form, formsets=formsets)
        if form.instance.criteria.exists() and total != 100:
            self.message_user(
                request,
                _("The criteria weights add up to %(total)d%%, not 100%%.") % {"total": total},
                messages.WARNING,
            )


class ApplicationAttachmentInline(admin.TabularInline):
    model = ApplicationAttachment
    extra = 0
    can_delete = False
    fields = ["requirement", "original_name", "file_type", "size", "uploaded_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class StageChangeInline(admin.TabularInline):
    model = ApplicationStageChange
    extra = 0
    can_delete = False
    fields = ["changed_at", "from_stage", "to_stage", "changed_by", "reason"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    """Stages change only through the staff workspace (services), so the stage is read-only here."""

    list_display = ["receipt_number", "firm", "call", "stage", "submitted_at", "decided_at", "staged_decision"]
    list_filter = ["stage", "call", "staged_decision"]
    search_fields = ["receipt_number", "firm__name", "firm__brn", "call__title"]
    list_select_related = ["firm", "call"]
    # The content changes through application_update_draft (drafts only), the staged decision through
    # application_stage_decision and the stage through application_transition: all read-only here.
    readonly_fields = [
        "receipt_number",
        "call",
        "firm",
        "stage",
        "summary",
        "plan",
        "requested_site",
        "requested_space_kind",
        "headcount",
        "staged_decision",
        "staged_reason",
        "submitted_at",
        "decided_at",
        "decision_reason",
        "created_by",
    ]
    inlines = [ApplicationAttachmentInline, StageChangeInline]

    def has_add_permission(self, request):
        return False


@admin.register(ReviewAssignment)
class ReviewAssignmentAdmin(admin.ModelAdmin):
    list_display = ["application", "reviewer", "conflict", "submitted_at"]
    list_filter = ["conflict", "application__call"]
    search_fields = ["reviewer__email", "application__firm__name"]
    list_select_related = ["application__firm", "application__call", "reviewer"]
    readonly_fields = [
        "application",
        "reviewer",
        "conflict",
        "conflict_note",
        "submitted_at",
        "comment",
        "assigned_at",
    ]

    def has_add_permission(self, request):
        return False


class CorrectionItemInline(admin.TabularInline):
    model = CorrectionItem
    extra = 0
    can_delete = False
    fields = ["requirement", "comment"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(CorrectionRequest)
class CorrectionRequestAdmin(admin.ModelAdmin):
    """Made by staff in the staff workspace (application_return_for_correction): read-only here."""

    list_display = ["application", "requested_at", "due_at", "resubmitted_at", "requested_by"]
    list_filter = ["application__call"]
    search_fields = ["application__receipt_number", "application__firm__name", "comment"]
    list_select_related = ["application__firm", "application__call", "requested_by"]
    date_hierarchy = "requested_at"
    readonly_fields = ["application", "comment", "due_at", "requested_by", "requested_at", "resubmitted_at"]
    inlines = [CorrectionItemInline]

    def has_add_permission(self, request):
        return False


@admin.register(ReceiptCounter)
class ReceiptCounterAdmin(admin.ModelAdmin):
    """The last 접수번호 of each year; numbers are taken at submission only (never edited by hand)."""

    list_display = ["year", "last_number"]
    readonly_fields = ["year", "last_number"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

from django.contrib import admin, messages
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from .brn import normalize_brn
from .models import (
    Application,
    ApplicationAttachment,
    ApplicationStageChange,
    CallCriterion,
    CallRequirement,
    Firm,
    FirmInvitation,
    FirmMembership,
    Lease,
    LeaseRenewalRequest,
    ReviewAssignment,
    Site,
    Space,
    TenancyCall,
)
from .services import firm_check_business_status


class FirmMembershipInline(admin.TabularInline):
    model = FirmMembership
    extra = 0
    autocomplete_fields = ["user"]
    fields = ["user", "role", "joined_at"]


class LeaseInline(admin.TabularInline):
    model = Lease
    extra = 0
    autocomplete_fields = ["space"]
    fields = ["space", "start_date", "end_date", "monthly_rent", "deposit", "status"]


@admin.register(Firm)
class FirmAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "brn_display",
        "industry",
        "representative_name",
        "employees",
        "business_status",
        "public_profile",
        "created_at",
    ]
    list_filter = ["industry", "business_status", "public_profile"]
    search_fields = ["name", "name_en", "brn", "representative_name"]
    readonly_fields = ["brn_display", "entity_type_display", "business_status_checked_at", "created_at", "updated_at"]
    date_hierarchy = "created_at"
    inlines = [FirmMembershipInline, LeaseInline]
    actions = ["check_business_status"]
    fieldsets = (
        (None, {"fields": ("brn", "brn_display", "entity_type_display", "corporate_registration_number")}),
        (_("Profile"), {"fields": ("name", "name_en", "representative_name", "industry", "founded_on", "employees")}),
        (_("Contact"), {"fields": ("postal_code", "address", "address_detail", "phone", "website")}),
        (_("Public profile"), {"fields": ("description", "logo", "public_profile")}),
        (_("Business status"), {"fields": ("business_status", "business_status_checked_at")}),
        (_("Record"), {"fields": ("created_at", "updated_at")}),
    )

    @admin.display(description=_("business registration number"), ordering="brn")
    def brn_display(self, firm):
        return firm.brn_display

    @admin.display(description=_("entity type"))
    def entity_type_display(self, firm):
        return firm.get_entity_type_display() if firm.brn else "—"

    def get_search_results(self, request, queryset, search_term):
        # Staff paste BRNs with dashes; search the stored digits too.
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        digits = normalize_brn(search_term)
        if digits.isdigit() and len(digits) >= 3:
            queryset |= self.model.objects.filter(brn__startswith=digits)
        return queryset, may_have_duplicates

    @admin.action(description=_("Check business status with the tax service"), permissions=["change"])
    def check_business_status(self, request, queryset):
        for firm in queryset:
            firm_check_business_status(firm=firm)
        self.message_user(request, _("Business status checked."), messages.SUCCESS)


@admin.register(FirmMembership)
class FirmMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "firm", "role", "joined_at"]
    list_filter = ["role"]
    search_fields = ["user__email", "user__name", "firm__name", "firm__brn"]
    autocomplete_fields = ["user", "firm"]
    list_select_related = ["user", "firm"]


@admin.register(FirmInvitation)
class FirmInvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "firm", "invited_by", "created_at", "expires_at", "accepted_at", "revoked_at"]
    list_filter = ["created_at"]
    search_fields = ["email", "firm__name"]
    list_select_related = ["firm", "invited_by"]
    readonly_fields = ["firm", "email", "invited_by", "created_at", "expires_at", "accepted_at", "accepted_by"]
    exclude = ["token"]

    def has_add_permission(self, request):
        return False


class SpaceInline(admin.TabularInline):
    model = Space
    extra = 0


@admin.register(Site)
class SiteAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "postal_code", "address"]
    search_fields = ["name", "name_en", "address"]
    prepopulated_fields = {"slug": ["name_en"]}
    inlines = [SpaceInline]


@admin.register(Space)
class SpaceAdmin(admin.ModelAdmin):
    list_display = ["code", "site", "kind", "floor", "area_m2", "seats", "monthly_rent", "deposit"]
    list_filter = ["site", "kind", "floor"]
    search_fields = ["code", "site__name"]
    list_select_related = ["site"]


@admin.register(Lease)
class LeaseAdmin(admin.ModelAdmin):
    list_display = ["firm", "space", "start_date", "end_date", "monthly_rent", "deposit", "status", "moved_out_on"]
    list_filter = ["status", "space__site"]
    search_fields = ["firm__name", "firm__brn", "space__code"]
    autocomplete_fields = ["firm", "space"]
    list_select_related = ["firm", "space__site"]
    date_hierarchy = "start_date"


class CallRequirementInline(admin.TabularInline):
    model = CallRequirement
    extra = 1
    fields = ["position", "name", "name_en", "required"]


class CallCriterionInline(admin.TabularInline):
    model = CallCriterion
    extra = 1
    fields = ["position", "name", "name_en", "weight"]


@admin.register(TenancyCall)
class TenancyCallAdmin(admin.ModelAdmin):
    list_display = ["title", "opens_at", "closes_at", "is_published", "blind_review", "application_count"]
    list_filter = ["is_published", "blind_review", "sites"]
    search_fields = ["title", "title_en", "body"]
    date_hierarchy = "opens_at"
    filter_horizontal = ["sites"]
    inlines = [CallRequirementInline, CallCriterionInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(application_count=Count("applications"))

    @admin.display(description=_("applications"), ordering="application_count")
    def application_count(self, call):
        return call.application_count

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        total = sum(criterion.weight for criterion in form.instance.criteria.all())
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

    list_display = ["firm", "call", "stage", "submitted_at", "decided_at", "staged_decision"]
    list_filter = ["stage", "call", "staged_decision"]
    search_fields = ["firm__name", "firm__brn", "call__title"]
    list_select_related = ["firm", "call"]
    readonly_fields = ["call", "firm", "stage", "submitted_at", "decided_at", "decision_reason", "created_by"]
    inlines = [ApplicationAttachmentInline, StageChangeInline]

    def has_add_permission(self, request):
        return False


@admin.register(ReviewAssignment)
class ReviewAssignmentAdmin(admin.ModelAdmin):
    list_display = ["application", "reviewer", "conflict", "submitted_at"]
    list_filter = ["conflict", "application__call"]
    search_fields = ["reviewer__email", "application__firm__name"]
    list_select_related = ["application__firm", "application__call", "reviewer"]
    readonly_fields = ["application", "reviewer", "conflict", "conflict_note", "submitted_at", "comment"]

    def has_add_permission(self, request):
        return False


@admin.register(LeaseRenewalRequest)
class LeaseRenewalRequestAdmin(admin.ModelAdmin):
    list_display = ["lease", "requested_end_date", "status", "requested_at", "decided_at"]
    list_filter = ["status"]
    search_fields = ["lease__firm__name"]
    list_select_related = ["lease__firm", "lease__space__site"]
    readonly_fields = [
        "lease",
        "requested_end_date",
        "message",
        "requested_by",
        "requested_at",
        "status",
        "previous_end_date",
        "decided_by",
        "decided_at",
        "decision_reason",
    ]

    def has_add_permission(self, request):
        return False

from django.contrib import admin, messages
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from portal.time import hub_today

from .brn import normalize_brn
from .choices import ObligationState
from .forms import PartnerForm
from .models import (
    MOU,
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
    Obligation,
    ObligationEvidence,
    ObligationNote,
    Partner,
    PartnerContact,
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


# Partners and MOUs


class PartnerContactInline(admin.TabularInline):
    model = PartnerContact
    extra = 1
    fields = ["name", "title", "email", "phone"]


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    form = PartnerForm
    list_display = ["name", "name_en", "kind", "country", "brn_display", "mou_count", "has_logo"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "name_en", "brn", "contacts__name"]
    inlines = [PartnerContactInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(mou_count=Count("mous", distinct=True))

    @admin.display(description=_("business registration number"), ordering="brn")
    def brn_display(self, partner):
        return partner.brn_display or "—"

    @admin.display(description=_("MOUs"), ordering="mou_count")
    def mou_count(self, partner):
        return partner.mou_count

    @admin.display(description=_("logo"), boolean=True)
    def has_logo(self, partner):
        return bool(partner.logo)


@admin.register(PartnerContact)
class PartnerContactAdmin(admin.ModelAdmin):
    list_display = ["name", "title", "partner", "email", "phone"]
    list_filter = ["partner__kind"]
    search_fields = ["name", "title", "email", "partner__name", "partner__name_en"]
    autocomplete_fields = ["partner"]
    list_select_related = ["partner"]


class ObligationInline(admin.TabularInline):
    model = Obligation
    fk_name = "mou"
    extra = 1
    fields = ["title", "party", "due_on", "recurrence", "status"]
    readonly_fields = ["status"]
    show_change_link = True

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Only the MOU's own parties may owe its obligations (checked again by obligation_create).
        if db_field.name == "party":
            mou_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = Partner.objects.filter(mous=mou_id) if mou_id else Partner.objects.none()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(MOU)
class MOUAdmin(admin.ModelAdmin):
    """Terms are edited here or on the staff page; the status moves only through the staff page's buttons."""

    list_display = [
        "title",
        "partner_names",
        "status",
        "signed_on",
        "effective_from",
        "expires_on",
        "notice_deadline",
        "auto_renew",
        "is_public",
    ]
    list_filter = ["status", "is_public", "auto_renew", "renewal_decision", "partners__kind"]
    search_fields = ["title", "title_en", "purpose", "programme", "partners__name", "partners__name_en"]
    date_hierarchy = "effective_from"
    filter_horizontal = ["partners"]
    autocomplete_fields = ["firms"]
    readonly_fields = [
        "status",
        "renewal_decision",
        "status_changed_at",
        "signed_on",
        "terminated_on",
        "termination_reason",
        "previous_term",
        "document_name",
        "notice_deadline",
        "created_at",
        "updated_at",
    ]
    fieldsets = (
        (None, {"fields": ("title", "title_en", "purpose", "purpose_en", "partners", "firms", "programme")}),
        (
            _("Term"),
            {
                "fields": (
                    "signed_on",
                    "effective_from",
                    "expires_on",
                    "auto_renew",
                    "notice_period_days",
                    "notice_deadline",
                    "previous_term",
                )
            },
        ),
        (_("Publication"), {"fields": ("is_public",)}),
        (
            _("Status"),
            {
                "fields": (
                    "status",
                    "status_changed_at",
                    "renewal_decision",
                    "terminated_on",
                    "termination_reason",
                    "document_name",
                )
            },
        ),
        (_("Record"), {"fields": ("created_at", "updated_at")}),
    )
    inlines = [ObligationInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("partners")

    @admin.display(description=_("partners"))
    def partner_names(self, mou):
        return ", ".join(partner.name for partner in mou.partners.all())

    @admin.display(description=_("renewal notice deadline"))
    def notice_deadline(self, mou):
        return mou.notice_deadline or "—"


class ObligationNoteInline(admin.TabularInline):
    model = ObligationNote
    extra = 0
    can_delete = False
    fields = ["created_at", "author", "status_change", "text"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class ObligationEvidenceInline(admin.TabularInline):
    model = ObligationEvidence
    extra = 0
    can_delete = False
    fields = ["original_name", "file_type", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class ObligationStateFilter(admin.SimpleListFilter):
    """Overdue is derived from the due date (KST), so it is a filter, not a stored status."""

    title = _("status")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return ObligationState.choices

    def queryset(self, request, queryset):
        return queryset.in_state(self.value(), hub_today()) if self.value() else queryset


@admin.register(Obligation)
class ObligationAdmin(admin.ModelAdmin):
    list_display = ["title", "mou", "party", "due_on", "recurrence", "state_display", "closed_at"]
    list_filter = [ObligationStateFilter, "recurrence", "party__kind"]
    search_fields = ["title", "mou__title", "party__name", "party__name_en"]
    list_select_related = ["mou", "party"]
    autocomplete_fields = ["mou", "party"]
    date_hierarchy = "due_on"
    readonly_fields = ["status", "closed_at", "closed_by", "previous_occurrence", "created_at", "updated_at"]
    inlines = [ObligationNoteInline, ObligationEvidenceInline]

    @admin.display(description=_("status"))
    def state_display(self, obligation):
        return obligation.state().label


@admin.register(ObligationNote)
class ObligationNoteAdmin(admin.ModelAdmin):
    list_display = ["obligation", "created_at", "author", "status_change", "text"]
    list_filter = ["status_change"]
    search_fields = ["text", "obligation__title"]
    list_select_related = ["obligation", "author"]
    readonly_fields = ["obligation", "created_at", "author", "status_change"]

    def has_add_permission(self, request):
        return False


@admin.register(ObligationEvidence)
class ObligationEvidenceAdmin(admin.ModelAdmin):
    """Evidence is uploaded on the obligation's staff page, where its type is checked by content."""

    list_display = ["original_name", "obligation", "file_type", "size", "uploaded_by", "uploaded_at"]
    list_filter = ["file_type"]
    search_fields = ["original_name", "obligation__title"]
    list_select_related = ["obligation", "uploaded_by"]
    readonly_fields = ["obligation", "original_name", "file_type", "size", "uploaded_by", "uploaded_at"]
    exclude = ["file"]

    def has_add_permission(self, request):
        return False

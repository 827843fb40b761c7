from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from portal.time import hub_today

from .choices import ObligationState
from .forms import PartnerForm
from .models import MOU, Obligation, ObligationEvidence, ObligationNote, Partner, PartnerContact


class PartnerContactInline(admin.TabularInline):
    model = PartnerContact
    extra = 1
    fields = ["name", "title", "email", "phone"]


@admin.register(Partner)
class PartnerAdmin(TranslationAdmin):
    form = PartnerForm
    list_display = ["name", "kind", "country", "brn_display", "mou_count", "has_logo"]
    list_filter = ["kind", "country"]
    search_fields = ["name_ko", "name_en", "brn", "contacts__name"]
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
    search_fields = ["name", "title", "email", "partner__name_ko", "partner__name_en"]
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
class MOUAdmin(TranslationAdmin):
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
    search_fields = [
        "title_ko",
        "title_en",
        "purpose_ko",
        "purpose_en",
        "programme",
        "partners__name_ko",
        "partners__name_en",
    ]
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
        (None, {"fields": ("title", "purpose", "partners", "firms", "programme")}),
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
    search_fields = ["title", "mou__title_ko", "party__name_ko", "party__name_en"]
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

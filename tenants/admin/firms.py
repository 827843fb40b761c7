"""Admin of firms, memberships and invitations."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from ..brn import normalize_brn
from ..models import (
    Firm,
    FirmInvitation,
    FirmMembership,
)
from ..services import firm_check_business_status
from .spaces import LeaseInline


class FirmMembershipInline(admin.TabularInline):
    model = FirmMembership
    extra = 0
    autocomplete_fields = ["user"]
    fields = ["user", "role", "joined_at"]


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

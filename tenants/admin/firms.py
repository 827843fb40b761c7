"""Admin of firms, memberships and invitations."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from ..brn import normalize_brn
from ..models import (
    FIRM_PROFILE_FIELDS,
    Firm,
    FirmInvitation,
    FirmMembership,
)
from ..services import firm_check_business_status, firm_update, invitation_revoke, membership_remove
from .spaces import LeaseInline


class FirmMembershipInline(admin.TabularInline):
    """The firm's people, to read: they join by registration or invitation and leave by membership_remove."""

    model = FirmMembership
    extra = 0
    can_delete = False
    show_change_link = True
    fields = ["user", "role", "joined_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Firm)
class FirmAdmin(TranslationAdmin):
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
    search_fields = ["name_ko", "name_en", "brn", "representative_name"]
    # The BRN never changes (a new BRN is a new firm); the business status comes from the tax service.
    readonly_fields = [
        "brn",
        "brn_display",
        "entity_type_display",
        "business_status",
        "business_status_checked_at",
        "created_at",
        "updated_at",
    ]
    date_hierarchy = "created_at"
    inlines = [FirmMembershipInline, LeaseInline]
    actions = ["check_business_status"]
    fieldsets = (
        (None, {"fields": ("brn", "brn_display", "entity_type_display", "corporate_registration_number")}),
        (_("Profile"), {"fields": ("name", "representative_name", "industry", "founded_on", "employees")}),
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

    def has_add_permission(self, request):
        return False  # a firm registers itself (firm_register makes its representative)

    def save_model(self, request, obj, form, change):
        changes = {name: form.cleaned_data[name] for name in form.changed_data if name in FIRM_PROFILE_FIELDS}
        firm_update(firm=Firm.objects.get(pk=obj.pk), **changes)

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
    list_select_related = ["user", "firm"]
    readonly_fields = ["user", "firm", "role", "joined_at"]

    def has_add_permission(self, request):
        return False  # people join by registering their firm or accepting an invitation

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (obj and obj.is_representative)

    def delete_model(self, request, obj):
        membership_remove(membership=obj)

    def delete_queryset(self, request, queryset):
        for membership in queryset:
            try:
                membership_remove(membership=membership)
            except ValidationError as error:
                self.message_user(request, f"{membership}: {' '.join(error.messages)}", messages.ERROR)


@admin.register(FirmInvitation)
class FirmInvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "firm", "invited_by", "created_at", "expires_at", "accepted_at", "revoked_at"]
    list_filter = ["created_at"]
    search_fields = ["email", "firm__name"]
    list_select_related = ["firm", "invited_by"]
    readonly_fields = [
        "firm",
        "email",
        "invited_by",
        "created_at",
        "expires_at",
        "accepted_at",
        "accepted_by",
        "revoked_at",
    ]
    exclude = ["token"]
    actions = ["revoke"]

    @admin.action(description=_("Withdraw the selected invitations"), permissions=["change"])
    def revoke(self, request, queryset):
        for invitation in queryset:
            try:
                invitation_revoke(invitation=invitation)
            except ValidationError as error:
                self.message_user(request, f"{invitation}: {' '.join(error.messages)}", messages.ERROR)

    def has_add_permission(self, request):
        return False

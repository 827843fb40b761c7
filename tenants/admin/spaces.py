"""Admin of sites, spaces, leases and renewal requests."""

from django.contrib import admin

from ..models import (
    Lease,
    LeaseRenewalRequest,
    Site,
    Space,
)


class LeaseInline(admin.TabularInline):
    model = Lease
    extra = 0
    autocomplete_fields = ["space"]
    fields = ["space", "start_date", "end_date", "monthly_rent", "deposit", "status"]


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

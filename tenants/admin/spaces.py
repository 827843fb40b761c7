"""Admin of sites, spaces, leases and renewal requests."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin

from portal.time import hub_today

from ..models import (
    Lease,
    LeaseRenewalRequest,
    Site,
    Space,
)
from ..services import lease_create, lease_record_move_out, lease_update_terms


class LeaseInline(admin.TabularInline):
    """A firm's leases, to read: they start, end and move out through the lease admin and its services."""

    model = Lease
    extra = 0
    can_delete = False
    show_change_link = True
    fields = ["space", "start_date", "end_date", "monthly_rent", "deposit", "status"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class SpaceInline(admin.TabularInline):
    model = Space
    extra = 0


@admin.register(Site)
class SiteAdmin(TranslationAdmin):
    list_display = ["name_ko", "name_en", "postal_code", "address", "contact_phone", "contact_email"]
    search_fields = ["name_ko", "name_en", "address"]
    prepopulated_fields = {"slug": ["name_en"]}
    inlines = [SpaceInline]


@admin.register(Space)
class SpaceAdmin(admin.ModelAdmin):
    list_display = ["code", "site", "kind", "floor", "area_m2", "seats", "monthly_rent", "deposit"]
    list_filter = ["site", "kind", "floor"]
    search_fields = ["code", "site__name"]
    list_select_related = ["site"]


class LeaseAddForm(forms.ModelForm):
    class Meta:
        model = Lease
        fields = ["firm", "space", "start_date", "end_date", "monthly_rent", "deposit"]

    def clean(self):
        cleaned = super().clean()
        # Lock the space row before Lease.clean looks for an overlap (the admin's request is one
        # transaction), so two leases of one space cannot both pass; lease_create locks it again.
        if cleaned.get("space"):
            Space.objects.select_for_update().filter(pk=cleaned["space"].pk).first()
        return cleaned


@admin.register(Lease)
class LeaseAdmin(admin.ModelAdmin):
    """A lease starts through ``lease_create`` and ends through ``lease_record_move_out`` (the
    "move out" action); its dates, space and status are read-only here, its rent and deposit are not."""

    list_display = ["firm", "space", "start_date", "end_date", "monthly_rent", "deposit", "status", "moved_out_on"]
    list_filter = ["status", "space__site"]
    search_fields = ["firm__name", "firm__brn", "space__code"]
    autocomplete_fields = ["firm", "space"]
    list_select_related = ["firm", "space__site"]
    date_hierarchy = "start_date"
    add_form = LeaseAddForm
    actions = ["move_out_today"]
    # Renewals move the end date (lease_decide_renewal), a move-out ends the lease; a lease from an
    # application is made on the staff page (lease_create_from_application).
    change_readonly_fields = ["firm", "space", "start_date", "end_date", "status", "moved_out_on", "application"]

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = self.add_form
        return super().get_form(request, obj, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        return self.change_readonly_fields if obj is not None else []

    def save_model(self, request, obj, form, change):
        if change:
            lease_update_terms(lease=obj, monthly_rent=obj.monthly_rent, deposit=obj.deposit)
            return
        lease = lease_create(
            firm=obj.firm,
            space=obj.space,
            start_date=obj.start_date,
            end_date=obj.end_date,
            monthly_rent=obj.monthly_rent,
            deposit=obj.deposit,
        )
        obj.pk = lease.pk
        obj.refresh_from_db()

    @admin.action(description=_("Record the move-out today (ends the lease)"), permissions=["change"])
    def move_out_today(self, request, queryset):
        moved = 0
        for lease in queryset:
            try:
                lease_record_move_out(lease=lease, moved_out_on=hub_today())
            except ValidationError as error:
                self.message_user(request, f"{lease}: {' '.join(error.messages)}", messages.ERROR)
            else:
                moved += 1
        if moved:
            self.message_user(
                request,
                ngettext("%(count)d lease ended.", "%(count)d leases ended.", moved) % {"count": moved},
                messages.SUCCESS,
            )


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

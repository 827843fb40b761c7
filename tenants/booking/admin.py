"""Resources are set up in the admin; bookings and blackouts are shown read-only here, because their
changes (mails, refunds, cancellations) go through the services on the staff pages."""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from .models import Blackout, Booking, BookingEvent, CalendarFeed, OpeningHours, Resource, ResourcePhoto


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    extra = 0


class ResourcePhotoInline(admin.TabularInline):
    model = ResourcePhoto
    extra = 0


@admin.register(Resource)
class ResourceAdmin(TranslationAdmin):
    list_display = ["name", "site", "kind", "capacity", "audience", "requires_approval", "hourly_rate", "is_active"]
    list_filter = ["site", "kind", "audience", "requires_approval", "is_active"]
    search_fields = ["name_ko", "name_en", "equipment_ko", "equipment_en"]
    inlines = [OpeningHoursInline, ResourcePhotoInline]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class BookingEventInline(admin.TabularInline):
    model = BookingEvent
    extra = 0
    fields = ["created_at", "from_status", "to_status", "actor", "reason"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Booking)
class BookingAdmin(ReadOnlyAdmin):
    list_display = ["resource", "firm", "starts_at", "ends_at", "status", "is_resident", "net_amount", "refund_amount"]
    list_filter = ["status", "is_resident", "resource__site", "resource"]
    search_fields = ["firm__name", "purpose", "resource__name_ko", "payment_reference"]
    date_hierarchy = "starts_at"
    list_select_related = ["resource__site", "firm"]
    inlines = [BookingEventInline]


@admin.register(Blackout)
class BlackoutAdmin(ReadOnlyAdmin):
    list_display = ["reason", "site", "resource", "starts_at", "ends_at", "action"]
    list_filter = ["site", "action"]
    search_fields = ["reason"]
    list_select_related = ["site", "resource"]


@admin.register(CalendarFeed)
class CalendarFeedAdmin(ReadOnlyAdmin):
    list_display = ["firm", "created_at"]
    search_fields = ["firm__name"]
    exclude = ["token"]

from django.contrib import admin

from .models import Report


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    """Read-only: reports are asked for on the staff reports page and built by workers."""

    list_display = ["month", "kind", "state", "progress", "requested_by", "requested_at", "finished_at", "size"]
    list_filter = ["kind", "state"]
    date_hierarchy = "month"
    list_select_related = ["requested_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

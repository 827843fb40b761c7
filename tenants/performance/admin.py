"""Admin of rounds, returns, baselines and reporters. Statuses change on the staff pages (services),
so the admin shows them read-only."""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from .models import (
    Baseline,
    IntellectualProperty,
    Investment,
    PerformanceReturn,
    Reporter,
    ReportingRound,
    ReturnEvidence,
    ReturnStatusChange,
)


@admin.register(ReportingRound)
class ReportingRoundAdmin(TranslationAdmin):
    list_display = ["title", "kind", "period_start", "period_end", "due_at", "status", "graduate_years"]
    list_filter = ["status", "kind"]
    search_fields = ["title_ko", "title_en"]
    readonly_fields = ["status", "opened_at", "opened_by"]
    date_hierarchy = "period_end"


class InvestmentInline(admin.TabularInline):
    model = Investment
    extra = 0


class IntellectualPropertyInline(admin.TabularInline):
    model = IntellectualProperty
    extra = 0


class EvidenceInline(admin.TabularInline):
    model = ReturnEvidence
    extra = 0
    fields = ["figure", "original_name", "file_type", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = fields
    can_delete = False


class StatusChangeInline(admin.TabularInline):
    model = ReturnStatusChange
    extra = 0
    fields = ["from_status", "to_status", "changed_at", "changed_by", "comments", "note"]
    readonly_fields = fields
    can_delete = False


@admin.register(PerformanceReturn)
class PerformanceReturnAdmin(admin.ModelAdmin):
    list_display = ["firm", "round", "population", "status", "is_late", "submitted_at", "revenue"]
    list_filter = ["round", "population", "status", "is_late"]
    search_fields = ["firm__name_ko", "firm__name_en", "firm__brn"]
    list_select_related = ["firm", "round"]
    readonly_fields = [
        "round",
        "firm",
        "population",
        "status",
        "submitted_at",
        "is_late",
        "accepted_at",
        "staff_comments",
    ]
    inlines = [InvestmentInline, IntellectualPropertyInline, EvidenceInline, StatusChangeInline]


@admin.register(Baseline)
class BaselineAdmin(admin.ModelAdmin):
    list_display = ["firm", "as_of", "revenue", "employees", "investment", "ip_count", "source"]
    list_filter = ["source"]
    search_fields = ["firm__name_ko", "firm__name_en", "firm__brn"]
    list_select_related = ["firm"]


@admin.register(Reporter)
class ReporterAdmin(admin.ModelAdmin):
    list_display = ["firm", "user", "granted_by", "granted_at"]
    search_fields = ["firm__name_ko", "user__email", "user__name"]
    list_select_related = ["firm", "user", "granted_by"]

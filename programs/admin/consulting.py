"""Administration of consulting: targets, skills, experts and budget are edited here (a target is
saved through ``kpi_target_save``); requests change only through the services (the staff pages), so
their state is read-only."""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from ..models import BudgetLine, ConsultingRequest, Expert, FundedProject, KpiTarget, Skill
from ..services import kpi_target_save


@admin.register(KpiTarget)
class KpiTargetAdmin(admin.ModelAdmin):
    list_display = ["kpi", "scope", "year", "target_percent"]
    list_filter = ["scope", "kpi"]

    def save_model(self, request, obj, form, change):
        kpi_target_save(target=obj)


@admin.register(Skill)
class SkillAdmin(TranslationAdmin):
    list_display = ["slug", "name_ko", "name_en"]
    search_fields = ["slug", "name_ko", "name_en"]


@admin.register(Expert)
class ExpertAdmin(admin.ModelAdmin):
    list_display = ["__str__", "partner", "languages", "capacity", "is_active"]
    list_filter = ["is_active", "skills"]
    autocomplete_fields = ["user"]
    filter_horizontal = ["skills"]
    list_select_related = ["user", "partner"]


class BudgetLineInline(admin.TabularInline):
    model = BudgetLine
    extra = 0


@admin.register(FundedProject)
class FundedProjectAdmin(TranslationAdmin):
    list_display = ["name", "slug"]
    inlines = [BudgetLineInline]


@admin.register(ConsultingRequest)
class ConsultingRequestAdmin(admin.ModelAdmin):
    list_display = ["title", "firm", "industry", "state", "priority", "submitted_at"]
    list_filter = ["state", "industry", "category", "priority"]
    search_fields = ["title", "firm__name"]
    list_select_related = ["firm"]
    readonly_fields = ["state", "submitted_at", "completed_at", "consent_version", "consent_at", "consent_ip"]
    raw_id_fields = ["firm", "created_by"]

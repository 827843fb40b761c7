"""Administration of programmes, cohorts and sessions. Enrolments, attendance and certificates are
shown read-only: their states change only through ``programs.services`` (the staff pages, or the
actions below, call them); a cohort's seats taken is read-only too."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from ..certificates import certificate_render
from ..models import Attendance, Certificate, Cohort, Enrolment, Programme, Session
from ..services import cohort_close, enrolment_reject, enrolment_select


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class CohortInline(ReadOnlyInline):
    model = Cohort
    fields = ["name", "starts_on", "ends_on", "capacity", "seats_taken", "is_published", "closed_at"]
    readonly_fields = fields


@admin.register(Programme)
class ProgrammeAdmin(TranslationAdmin):
    list_display = ["title_ko", "title_en", "topic", "level", "cohort_count"]
    list_filter = ["topic", "level"]
    search_fields = ["title_ko", "title_en", "slug"]
    prepopulated_fields = {"slug": ["title_en"]}
    # The MOUs a programme supports are chosen on the MOU's page, as before the link moved here.
    exclude = ["mous"]
    inlines = [CohortInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(cohort_count=Count("cohorts"))

    @admin.display(description=_("cohorts"), ordering="cohort_count")
    def cohort_count(self, programme):
        return programme.cohort_count


class SessionInline(TranslationTabularInline):
    model = Session
    extra = 1
    fields = ["title", "starts_at", "ends_at", "check_in_code"]
    readonly_fields = ["check_in_code"]


class CohortAdminForm(forms.ModelForm):
    """The admin builds the fields from its fieldsets; this adds the check the database would make
    on ``seats_taken``, a column the form does not carry (so Django skips that constraint)."""

    def clean_capacity(self):
        capacity = self.cleaned_data["capacity"]
        if capacity < self.instance.seats_taken:
            raise ValidationError(
                _("%(taken)d seats are already taken; the capacity cannot be lower."),
                params={"taken": self.instance.seats_taken},
                code="below_taken",
            )
        return capacity


@admin.register(Cohort)
class CohortAdmin(TranslationAdmin):
    form = CohortAdminForm
    list_display = [
        "__str__",
        "starts_on",
        "ends_on",
        "seats",
        "selection_mode",
        "applications_close_at",
        "is_published",
        "closed_at",
    ]
    list_filter = [
        "is_published",
        "selection_mode",
        "is_online",
        ("closed_at", admin.EmptyFieldListFilter),
        "programme",
    ]
    search_fields = ["name_ko", "name_en", "programme__title_ko", "programme__title_en", "venue"]
    list_select_related = ["programme"]
    date_hierarchy = "starts_on"
    autocomplete_fields = ["programme"]
    readonly_fields = ["seats_taken", "closed_at", "staff_page"]
    inlines = [SessionInline]
    actions = ["close_cohorts"]
    fieldsets = (
        (None, {"fields": ("programme", "name", "staff_page", "is_published")}),
        (_("Dates and place"), {"fields": ("starts_on", "ends_on", "venue", "is_online", "language")}),
        (
            _("Applications"),
            {
                "fields": (
                    "applications_open_at",
                    "applications_close_at",
                    "selection_mode",
                    "eligibility",
                    "questions",
                    "fee",
                )
            },
        ),
        (
            _("Seats"),
            {
                "fields": (
                    "capacity",
                    "seats_taken",
                    "resident_priority_seats",
                    "max_seats_per_firm",
                    "offer_hours",
                )
            },
        ),
        (_("Completion"), {"fields": ("completion_threshold", "closed_at")}),
    )

    @admin.display(description=_("seats taken"), ordering="seats_taken")
    def seats(self, cohort):
        return f"{cohort.seats_taken} / {cohort.capacity}"

    @admin.display(description=_("roster"))
    def staff_page(self, cohort):
        if not cohort.pk:
            return "—"
        return format_html(
            '<a href="{}">{}</a>', reverse("programs:staff_cohort", args=[cohort.pk]), _("Open the roster")
        )

    @admin.action(description=_("Close the selected cohorts and issue certificates"), permissions=["change"])
    def close_cohorts(self, request, queryset):
        closed = 0
        for cohort in queryset:
            try:
                cohort_close(cohort=cohort)
            except ValidationError as error:
                self.message_user(request, f"{cohort}: {' '.join(error.messages)}", messages.WARNING)
            else:
                closed += 1
        if closed:
            self.message_user(
                request,
                ngettext(
                    "%(count)d cohort is closed; certificates are being issued.",
                    "%(count)d cohorts are closed; certificates are being issued.",
                    closed,
                )
                % {"count": closed},
                messages.SUCCESS,
            )


@admin.register(Session)
class SessionAdmin(TranslationAdmin):
    list_display = ["title", "cohort", "starts_at", "ends_at", "check_in_code"]
    list_filter = ["cohort__programme"]
    search_fields = ["title_ko", "title_en", "cohort__name", "cohort__programme__title"]
    list_select_related = ["cohort__programme"]
    date_hierarchy = "starts_at"
    autocomplete_fields = ["cohort"]
    readonly_fields = ["check_in_code"]


class AttendanceInline(ReadOnlyInline):
    model = Attendance
    fields = ["session", "present", "method", "recorded_at"]
    readonly_fields = fields
    show_change_link = False


@admin.register(Enrolment)
class EnrolmentAdmin(admin.ModelAdmin):
    list_display = ["user", "cohort", "firm", "is_resident", "state", "applied_at", "seated_at"]
    list_filter = ["state", "is_resident", "cohort__programme", "cohort"]
    search_fields = ["user__name", "user__email", "firm__name", "cohort__name", "cohort__programme__title"]
    list_select_related = ["user", "firm", "cohort__programme"]
    date_hierarchy = "applied_at"
    fields = [
        "cohort",
        "user",
        "firm",
        "is_resident",
        "state",
        "answers",
        "applied_at",
        "seated_at",
        "offer_expires_at",
        "cancelled_at",
        "consent_version",
        "consent_optional",
        "consent_at",
        "consent_ip",
    ]
    readonly_fields = fields
    inlines = [AttendanceInline]
    actions = ["select_applicants", "reject_applicants"]

    def has_add_permission(self, request):
        return False  # people apply on the cohort's page; seats are allocated there

    def _decide(self, request, queryset, service):
        done = 0
        for enrolment in queryset.select_related("user"):
            try:
                service(enrolment=enrolment)
            except ValidationError as error:
                self.message_user(request, f"{enrolment.user}: {' '.join(error.messages)}", messages.WARNING)
            else:
                done += 1
        return done

    @admin.action(description=_("Select the chosen applicants (selection mode)"), permissions=["change"])
    def select_applicants(self, request, queryset):
        done = self._decide(request, queryset, enrolment_select)
        self.message_user(request, _("%(count)d selected; each is notified.") % {"count": done}, messages.SUCCESS)

    @admin.action(description=_("Reject the chosen applicants"), permissions=["change"])
    def reject_applicants(self, request, queryset):
        done = self._decide(request, queryset, enrolment_reject)
        self.message_user(request, _("%(count)d rejected; each is notified.") % {"count": done}, messages.SUCCESS)


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ["enrolment", "session", "present", "method", "recorded_at"]
    list_filter = ["present", "method", "session__cohort__programme"]
    search_fields = ["enrolment__user__name", "enrolment__user__email", "session__title"]
    list_select_related = ["enrolment__user", "enrolment__cohort__programme", "session__cohort__programme"]
    date_hierarchy = "recorded_at"
    fields = ["session", "enrolment", "present", "method", "recorded_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False  # attendance is marked on the session's page or by the participant's check-in


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ["number", "holder", "cohort", "issued_on", "verification_page"]
    list_filter = ["issued_on", "enrolment__cohort__programme"]
    search_fields = ["number", "verification_code", "enrolment__user__name", "enrolment__user__email"]
    list_select_related = ["enrolment__user", "enrolment__cohort__programme"]
    date_hierarchy = "issued_on"
    fields = ["number", "enrolment", "issued_on", "verification_page", "download"]
    readonly_fields = fields
    actions = ["redraw_pdfs"]

    def has_add_permission(self, request):
        return False  # issued when the cohort closes

    @admin.display(description=_("holder"), ordering="enrolment__user__name")
    def holder(self, certificate):
        return certificate.enrolment.user.get_full_name()

    @admin.display(description=_("cohort"))
    def cohort(self, certificate):
        return certificate.enrolment.cohort

    @admin.display(description=_("verification page"))
    def verification_page(self, certificate):
        return format_html('<a href="{}">{}</a>', certificate.get_absolute_url(), _("Verify"))

    @admin.display(description=_("PDF"))
    def download(self, certificate):
        if not certificate.pdf:
            return "—"
        url = reverse("programs:certificate_download", args=[certificate.enrolment_id])
        return format_html('<a href="{}">{}</a>', url, _("Download"))

    @admin.action(description=_("Redraw the PDF (after a name or title correction)"), permissions=["change"])
    def redraw_pdfs(self, request, queryset):
        count = 0
        for certificate in queryset.select_related("enrolment__user", "enrolment__cohort__programme"):
            certificate_render(certificate)
            count += 1
        self.message_user(request, _("%(count)d PDFs redrawn.") % {"count": count}, messages.SUCCESS)

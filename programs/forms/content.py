"""Forms of programmes and cohorts as staff write them, in Korean and English (portal.forms.BilingualFormMixin)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.forms import BilingualFormMixin, KstDateTimeField, bilingual

from ..models import Cohort, Programme

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProgrammeForm(BilingualFormMixin, forms.ModelForm):
    class Meta:
        model = Programme
        fields = [*bilingual("title"), "slug", "topic", "level", *bilingual("description", "outcomes", "audience")]
        widgets = {
            f"{name}_{language}": forms.Textarea(attrs={"rows": 4})
            for name in ("description", "outcomes", "audience")
            for language in ("ko", "en")
        }
        help_texts = {"slug": _("Latin letters, digits and hyphens, e.g. manufacturing-ai-basics")}


class CohortForm(BilingualFormMixin, forms.ModelForm):
    """A cohort's dates, seats and texts; the seats already taken stay as the seat services keep them."""

    class Meta:
        model = Cohort
        fields = [
            "programme",
            *bilingual("name"),
            "starts_on",
            "ends_on",
            "is_online",
            *bilingual("venue"),
            "language",
            "capacity",
            "resident_priority_seats",
            "max_seats_per_firm",
            "fee",
            "applications_open_at",
            "applications_close_at",
            "selection_mode",
            *bilingual("eligibility"),
            "completion_threshold",
            "offer_hours",
            "is_published",
        ]
        field_classes = {"applications_open_at": KstDateTimeField, "applications_close_at": KstDateTimeField}
        widgets = {
            "starts_on": DATE_WIDGET,
            "ends_on": DATE_WIDGET,
            "eligibility_ko": forms.Textarea(attrs={"rows": 3}),
            "eligibility_en": forms.Textarea(attrs={"rows": 3}),
        }

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The cohort cannot end before it starts."))
        opens_at, closes_at = cleaned.get("applications_open_at"), cleaned.get("applications_close_at")
        if opens_at and closes_at and closes_at <= opens_at:
            self.add_error("applications_close_at", _("The deadline must be after the opening."))
        capacity = cleaned.get("capacity")
        if capacity is not None:
            if (cleaned.get("resident_priority_seats") or 0) > capacity:
                self.add_error("resident_priority_seats", _("No more seats can be reserved than the cohort has."))
            if capacity < self.instance.seats_taken:
                self.add_error(
                    "capacity",
                    _("%(taken)d seats are already taken; the cohort cannot have fewer.")
                    % {"taken": self.instance.seats_taken},
                )
        if cleaned.get("completion_threshold") is not None and cleaned["completion_threshold"] > 100:
            self.add_error("completion_threshold", _("A percentage from 0 to 100."))
        return cleaned

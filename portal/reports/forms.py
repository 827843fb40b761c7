from datetime import date, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import ReportKind

# The hub's first full month of operation; no report can cover an earlier one.
FIRST_MONTH = date(2024, 1, 1)


def month_choices(today: date | None = None) -> list[tuple[str, str]]:
    """Every month from the hub's first to the current one, newest first, as ``2026-10``."""
    current = (today or timezone.localdate()).replace(day=1)
    months, month = [], current
    while month >= FIRST_MONTH:
        months.append((f"{month:%Y-%m}", f"{month:%Y-%m}"))
        month = (month.replace(day=1) - timedelta(days=1)).replace(day=1)
    return months


class ReportRequestForm(forms.Form):
    month = forms.ChoiceField(label=_("Month"))
    kinds = forms.MultipleChoiceField(
        label=_("Formats"),
        choices=ReportKind.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=ReportKind.values,
        error_messages={"required": _("Choose at least one format.")},
    )
    rebuild = forms.BooleanField(
        label=_("Build again if it exists"),
        required=False,
        help_text=_("For a month whose figures were corrected after its report was built."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = month_choices()
        self.fields["month"].choices = choices
        # The default is the month just ended: the one the city asks about.
        self.fields["month"].initial = choices[1][0] if len(choices) > 1 else choices[0][0]

    def clean_month(self) -> date:
        year, month = self.cleaned_data["month"].split("-")
        return date(int(year), int(month), 1)

from datetime import datetime, timedelta

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.time import KST

from .choices import BlackoutAction
from .models import Resource
from .selectors import in_calendar_reach


class BookingForm(forms.Form):
    """A time range on one day (KST, to the minute); the end may be past midnight, then it is the next day."""

    day = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    start = forms.TimeField(label=_("From"), widget=forms.TimeInput(attrs={"type": "time", "step": 60}, format="%H:%M"))
    end = forms.TimeField(
        label=_("Until"),
        widget=forms.TimeInput(attrs={"type": "time", "step": 60}, format="%H:%M"),
        help_text=_("Earlier than the start: the next day."),
    )
    purpose = forms.CharField(label=pgettext_lazy("booking", "Purpose"), max_length=200)
    attendees = forms.IntegerField(label=_("Attendees"), min_value=1, max_value=1000, initial=1)
    weeks = forms.IntegerField(
        label=_("Repeat weekly for"),
        min_value=1,
        max_value=26,
        initial=1,
        help_text=_("Weeks, this one included; 1 books this day only."),
    )
    skip_conflicts = forms.BooleanField(label=_("Book the free weeks and skip those taken"), required=False)

    def clean_day(self):
        day = self.cleaned_data["day"]
        if not in_calendar_reach(day):
            raise forms.ValidationError(_("Choose a date within the next few months."), code="reach")
        return day

    def range(self) -> tuple[datetime, datetime]:
        data = self.cleaned_data
        starts_at = datetime.combine(data["day"], data["start"], tzinfo=KST)
        ends_at = datetime.combine(data["day"], data["end"], tzinfo=KST)
        if ends_at <= starts_at:
            ends_at += timedelta(days=1)
        return starts_at, ends_at


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class BlackoutForm(forms.Form):
    resource = forms.ModelChoiceField(
        label=_("Resource"),
        queryset=Resource.objects.none(),
        required=False,
        empty_label=_("Every resource of the site"),
    )
    starts_at = forms.DateTimeField(label=_("From"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    ends_at = forms.DateTimeField(label=_("Until"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    reason = forms.CharField(label=_("Reason"), max_length=200)
    action = forms.ChoiceField(
        label=_("Existing bookings"), choices=BlackoutAction.choices, initial=BlackoutAction.BLOCK
    )

    def __init__(self, *args, site, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resource"].queryset = Resource.objects.filter(site=site)

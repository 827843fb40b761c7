"""Forms of the performance app: rounds (staff), the return and its rows (firm), review and baselines (staff)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.uploads import validate_attachment
from tenants.forms import DATE_WIDGET

from .choices import EvidenceFigure, IPKind
from .models import Baseline, Investment, PerformanceReturn, ReportingRound
from .services import COMMENTABLE_FIELDS, FIGURE_FIELDS, ROUND_FIELDS, field_label

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT)


class RoundForm(forms.ModelForm):
    """A new round, or a draft round's terms (staff). Its status moves only through its page's buttons."""

    due_at = forms.DateTimeField(
        label=_("Due at"),
        widget=DATETIME_WIDGET,
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M"],
        help_text=_("KST, to the minute."),
    )

    class Meta:
        model = ReportingRound
        fields = list(ROUND_FIELDS)
        widgets = {"period_start": DATE_WIDGET, "period_end": DATE_WIDGET}


class ReturnForm(forms.ModelForm):
    """The figures of a return. Staff's correction comments show under the fields they concern."""

    class Meta:
        model = PerformanceReturn
        fields = list(FIGURE_FIELDS)
        widgets = {
            **{
                name: forms.NumberInput(attrs={"inputmode": "numeric", "min": 0})
                for name in ("revenue", "employees_full_time", "employees_part_time", "new_hires", "youth_hires")
            },
            "exports_krw": forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
            "exchange_rate_on": DATE_WIDGET,
            "certifications": forms.Textarea(attrs={"rows": 2}),
            "awards": forms.Textarea(attrs={"rows": 2}),
            "products_launched": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "revenue": _("Sales in the period, in won, without separators."),
            "exports_usd": _("When exports were invoiced in dollars: note the rate and its date below."),
        }

    def __init__(self, *args, comments=None, ask_youth=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not ask_youth:
            del self.fields["youth_hires"]
        for name, text in (comments or {}).items():
            if name in self.fields:
                self.fields[name].help_text = _("Correction requested: %(comment)s") % {"comment": text}


class InvestmentForm(forms.ModelForm):
    class Meta:
        model = Investment
        fields = ["amount", "investor", "round_type", "invested_on"]
        widgets = {"invested_on": DATE_WIDGET, "amount": forms.NumberInput(attrs={"inputmode": "numeric", "min": 1})}


class IPForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=IPKind.choices)
    applied = forms.IntegerField(label=_("Applied"), min_value=0, max_value=1000, initial=0)
    registered = forms.IntegerField(label=_("Registered"), min_value=0, max_value=1000, initial=0)
    numbers = forms.CharField(
        label=_("Application or registration numbers"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One per line, e.g. 10-2026-0012345."),
    )


class EvidenceForm(forms.Form):
    figure = forms.ChoiceField(label=_("Supports"), choices=EvidenceFigure.choices)
    file = forms.FileField(label=_("File"), help_text=_("PDF, HWP, HWPX, DOCX, XLSX, JPG or PNG, up to 10 MB."))

    def clean_file(self):
        file = self.cleaned_data["file"]
        validate_attachment(file)
        return file


class ReporterForm(forms.Form):
    user = forms.ChoiceField(label=_("Member"))

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].choices = [(member.pk, f"{member.name} <{member.email}>") for member in members]


class CorrectionForm(forms.Form):
    """Staff's request for a correction: one optional comment per field, at least one given."""

    note = forms.CharField(label=_("Note to the firm"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in COMMENTABLE_FIELDS:
            self.fields[f"comment_{name}"] = forms.CharField(
                label=field_label(name), required=False, max_length=500, widget=forms.TextInput()
            )

    def comments(self) -> dict:
        return {name: self.cleaned_data.get(f"comment_{name}", "") for name in COMMENTABLE_FIELDS}


class AcceptForm(forms.Form):
    note = forms.CharField(label=_("Note to the firm"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class BaselineForm(forms.ModelForm):
    class Meta:
        model = Baseline
        fields = ["revenue", "employees", "investment", "ip_count", "as_of"]
        widgets = {"as_of": DATE_WIDGET}


class RemindForm(forms.Form):
    returns = forms.TypedMultipleChoiceField(label=_("Returns"), coerce=int, choices=())

    def __init__(self, *args, return_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["returns"].choices = [(pk, pk) for pk in return_ids]

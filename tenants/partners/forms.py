"""Forms of the partners app: partner organisations (admin), MOUs and their obligations (staff)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.uploads import logo_extension, validate_attachment, validate_logo
from tenants.brn import clean_brn
from tenants.forms import DATE_WIDGET
from tenants.models import Firm

from .choices import MOUStatus
from .models import MOU, Obligation, Partner, training_programme_choices


class PartnerForm(forms.ModelForm):
    """Partner organisations (admin): the BRN is optional, but checked like a firm's when given."""

    brn = forms.CharField(
        label=_("Business registration number"),
        max_length=20,
        required=False,
        help_text=_("Korean organisations only, when known; with or without dashes, e.g. 124-81-00998."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    class Meta:
        model = Partner
        fields = ["name_ko", "name_en", "kind", "country", "website", "brn", "logo"]
        widgets = {"logo": forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"})}
        help_texts = {"logo": _("PNG, JPEG or WebP, up to 2 MB.")}

    def clean_brn(self):
        value = self.cleaned_data.get("brn", "")
        return clean_brn(value) if value.strip() else ""

    def clean_country(self):
        return self.cleaned_data.get("country", "").strip().upper()

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if logo and hasattr(logo, "content_type"):  # a new upload, not the stored file
            validate_logo(logo)
            logo.name = f"logo.{logo_extension(logo)}"
        return logo


class PartnerChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, partner):
        return partner.name


class MOUForm(forms.ModelForm):
    """Create or edit an MOU's terms (staff). Its status moves only through the buttons of its page."""

    partners = PartnerChoiceField(
        label=_("Partners"),
        queryset=Partner.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The parties besides the city and the hub. Add a new organisation in the administration."),
    )
    firms = forms.ModelMultipleChoiceField(
        label=_("Firms concerned"),
        queryset=Firm.objects.order_by("name"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Optional. Hold Ctrl (⌘ on a Mac) to choose several."),
    )
    training_programmes = forms.ModelMultipleChoiceField(
        label=_("Training programmes concerned"),
        # The programmes' side declares the link (programs builds on partners), so the choices
        # come through the relation, not an import of programs.
        queryset=training_programme_choices(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Optional: the hub's training programmes this MOU supports."),
    )
    document = forms.FileField(
        label=_("Signed document"),
        required=False,
        help_text=_("PDF, HWP, HWPX, DOCX, XLSX, JPG or PNG, up to 10 MB. Only staff can download it."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.hwp,.hwpx,.docx,.xlsx,.jpg,.jpeg,.png"}),
    )

    class Meta:
        model = MOU
        fields = [
            "title_ko",
            "title_en",
            "purpose_ko",
            "purpose_en",
            "partners",
            "firms",
            "training_programmes",
            "programme",
            "signed_on",
            "effective_from",
            "expires_on",
            "auto_renew",
            "notice_period_days",
            "is_public",
        ]
        widgets = {
            "purpose_ko": forms.Textarea(attrs={"rows": 4}),
            "purpose_en": forms.Textarea(attrs={"rows": 4}),
            "signed_on": DATE_WIDGET,
            "effective_from": DATE_WIDGET,
            "expires_on": DATE_WIDGET,
        }
        help_texts = {"signed_on": _("Leave empty for a draft; sign it later from the MOU's page.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and "training_programmes" not in self.initial:
            # A reverse relation: the model form does not fill it in from the instance.
            self.initial["training_programmes"] = list(self.instance.training_programmes.values_list("pk", flat=True))
        if self.instance.pk and self.instance.status == MOUStatus.DRAFT:
            # A saved draft is signed with the button on its page (a status change), not by editing.
            del self.fields["signed_on"]
        elif self.instance.pk:
            # A signed MOU keeps its signing date; it may only be corrected.
            self.fields["signed_on"].required = True
            self.fields["signed_on"].help_text = ""

    def clean_document(self):
        document = self.cleaned_data.get("document")
        if document:
            validate_attachment(document)
        return document


class MOUSignForm(forms.Form):
    signed_on = forms.DateField(label=_("Signed on"), widget=DATE_WIDGET)


class MOUTerminateForm(forms.Form):
    terminated_on = forms.DateField(label=_("Terminated on"), widget=DATE_WIDGET)
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required; kept with the MOU's record."),
    )


class MOURenewForm(forms.Form):
    effective_from = forms.DateField(label=_("New term starts"), widget=DATE_WIDGET)
    expires_on = forms.DateField(label=_("New term expires"), required=False, widget=DATE_WIDGET)
    signed_on = forms.DateField(
        label=_("Signed on"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("Leave empty when the renewal is still to be signed: the new term starts as a draft."),
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("effective_from"), cleaned.get("expires_on")
        if start and end and end < start:
            self.add_error("expires_on", _("The MOU cannot expire before it takes effect."))
        return cleaned


class PartyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, partner):
        return partner.name


class ObligationForm(forms.ModelForm):
    party = PartyChoiceField(
        label=_("Party"),
        queryset=Partner.objects.none(),
        required=False,
        empty_label=_("The city and the hub"),
        help_text=_("Who owes it."),
    )

    class Meta:
        model = Obligation
        fields = ["title", "party", "due_on", "recurrence", "description"]
        widgets = {"due_on": DATE_WIDGET, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, mou: MOU, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = mou.partners.order_by("name")


class ObligationNoteForm(forms.Form):
    text = forms.CharField(label=_("Note"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))


class ObligationStatusForm(forms.Form):
    """Mark done, waive (with a reason) or reopen; the note goes into the obligation's history."""

    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when waiving: say why."),
    )


class EvidenceForm(forms.Form):
    file = forms.FileField(
        label=_("Evidence file"),
        help_text=_("PDF, HWP, HWPX, DOCX, XLSX, JPG or PNG, up to 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.hwp,.hwpx,.docx,.xlsx,.jpg,.jpeg,.png"}),
    )

    def clean_file(self):
        file = self.cleaned_data["file"]
        validate_attachment(file)
        return file

"""Forms of firms: registration, profile and invitations."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.accounts.validators import normalize_phone, validate_phone
from portal.uploads import logo_extension, validate_logo

from ..brn import clean_brn, clean_corporate_registration_number
from ..models import (
    FIRM_PROFILE_FIELDS,
    Firm,
)


class FirmProfileForm(forms.ModelForm):
    class Meta:
        model = Firm
        fields = FIRM_PROFILE_FIELDS
        widgets = {
            "founded_on": forms.DateInput(attrs={"type": "date"}),
            "description_ko": forms.Textarea(attrs={"rows": 5}),
            "description_en": forms.Textarea(attrs={"rows": 5}),
            "postal_code": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
            "phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel", "placeholder": "055-123-4567"}),
            "logo": forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
        }
        help_texts = {
            "logo": _("PNG, JPEG or WebP, up to 2 MB."),
            "postal_code": _("5 digits, e.g. 51391"),
            "corporate_registration_number": _("Optional, 13 digits."),
        }

    def clean_phone(self):
        phone = normalize_phone(self.cleaned_data.get("phone", ""))
        validate_phone(phone)
        return phone

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if logo and hasattr(logo, "content_type"):  # a new upload, not the stored file
            validate_logo(logo)
            logo.name = f"logo.{logo_extension(logo)}"
        return logo

    def clean_corporate_registration_number(self):
        return clean_corporate_registration_number(self.cleaned_data.get("corporate_registration_number", ""))

    def clean_postal_code(self):
        return self.cleaned_data.get("postal_code", "").strip()


class FirmRegistrationForm(FirmProfileForm):
    brn = forms.CharField(
        label=_("Business registration number"),
        max_length=20,
        help_text=_("With or without dashes, e.g. 124-81-00998."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    class Meta(FirmProfileForm.Meta):
        fields = ["brn", *FIRM_PROFILE_FIELDS]

    def clean_brn(self):
        brn = clean_brn(self.cleaned_data.get("brn", ""))
        if Firm.objects.filter(brn=brn).exists():
            raise forms.ValidationError(
                _("This business registration number is already registered. Ask its representative to invite you."),
                code="brn_taken",
            )
        return brn

    def validate_unique(self):
        # Uniqueness of the BRN is checked in clean_brn with a clearer message.
        pass


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail of the person to invite"))

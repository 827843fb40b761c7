from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from portal.accounts.roles import REVIEWER
from portal.accounts.validators import normalize_phone, validate_phone
from portal.i18n import localized
from portal.uploads import logo_extension, validate_attachment, validate_logo

from .brn import clean_brn, clean_corporate_registration_number
from .choices import ApplicationStage, SpaceKind
from .models import (
    FIRM_PROFILE_FIELDS,
    Application,
    CallCriterion,
    CallRequirement,
    Firm,
    Space,
)


class FirmProfileForm(forms.ModelForm):
    class Meta:
        model = Firm
        fields = FIRM_PROFILE_FIELDS
        widgets = {
            "founded_on": forms.DateInput(attrs={"type": "date"}),
            "description": forms.Textarea(attrs={"rows": 5}),
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


class ApplicationForm(forms.ModelForm):
    class Meta:
        model = Application
        fields = ["summary", "plan", "requested_site", "requested_space_kind", "headcount"]
        widgets = {"plan": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, call, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requested_site"].queryset = call.sites.all()
        kinds = [(kind, label) for kind, label in SpaceKind.choices if kind in call.space_kinds]
        self.fields["requested_space_kind"].choices = [("", "---------"), *kinds]


class AttachmentForm(forms.Form):
    requirement = forms.ModelChoiceField(queryset=CallRequirement.objects.none(), label=_("Document"))
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, HWP, HWPX, DOCX, XLSX, JPG or PNG, up to 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.hwp,.hwpx,.docx,.xlsx,.jpg,.jpeg,.png"}),
    )

    def __init__(self, *args, call, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requirement"].queryset = call.requirements.all()

    def clean_file(self):
        file = self.cleaned_data["file"]
        validate_attachment(file)
        return file


class RenewalRequestForm(forms.Form):
    requested_end_date = forms.DateField(label=_("Stay until"), widget=forms.DateInput(attrs={"type": "date"}))
    message = forms.CharField(label=_("Message to the hub"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


# Staff workspace and reviewer pages -------------------------------------------------------------

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class StageDecisionForm(forms.Form):
    """Stage (or clear) a decision; it takes effect when staff apply the call's staged decisions."""

    decision = forms.ChoiceField(
        label=_("Decision"),
        required=False,
        choices=[
            ("", _("No decision (clear)")),
            (ApplicationStage.SELECTED.value, ApplicationStage.SELECTED.label),
            (ApplicationStage.REJECTED.value, ApplicationStage.REJECTED.label),
        ],
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required with a decision; the firm receives it."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") and not cleaned.get("reason", "").strip():
            self.add_error("reason", _("Record the reason for the decision."))
        return cleaned


class ReviewerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return f"{user.name} ({user.email})" if user.name else user.email


class AssignReviewerForm(forms.Form):
    reviewer = ReviewerChoiceField(label=_("Reviewer"), queryset=get_user_model().objects.none())

    def __init__(self, *args, application: Application, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = (
            get_user_model()
            .objects.filter(is_active=True, groups__name=REVIEWER)
            .exclude(review_assignments__application=application)
            .distinct()
            .order_by("name", "email")
        )


class SpaceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, space):
        return _("%(site)s %(code)s · %(kind)s · %(seats)s seats · %(area)s m²") % {
            "site": localized(space.site),
            "code": space.code,
            "kind": space.get_kind_display(),
            "seats": space.seats,
            "area": space.area_m2,
        }


class LeaseFromApplicationForm(forms.Form):
    space = SpaceChoiceField(label=_("Space"), queryset=Space.objects.none())
    start_date = forms.DateField(label=_("Start date"), widget=DATE_WIDGET)
    end_date = forms.DateField(label=_("End date"), widget=DATE_WIDGET)

    def __init__(self, *args, application: Application, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["space"].queryset = (
            Space.objects.filter(site__calls=application.call).select_related("site").order_by("site__name", "code")
        )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end <= start:
            self.add_error("end_date", _("The end date must be after the start date."))
        return cleaned


class RenewalDecisionForm(forms.Form):
    APPROVE = "approve"
    DECLINE = "decline"

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("", "—"), (APPROVE, _("Renew until the requested date")), (DECLINE, _("Decline"))],
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when declining; the firm sees it."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == self.DECLINE and not cleaned.get("reason", "").strip():
            self.add_error("reason", _("Give a reason when declining."))
        return cleaned


class MoveOutForm(forms.Form):
    moved_out_on = forms.DateField(label=_("Moved out on"), widget=DATE_WIDGET)


class ConflictDeclarationForm(forms.Form):
    has_conflict = forms.TypedChoiceField(
        label=_("Do you have a conflict of interest with this applicant?"),
        choices=[
            ("", "—"),
            ("no", _("No, I have no conflict of interest")),
            ("yes", _("Yes, I have a conflict of interest")),
        ],
        coerce=lambda value: value == "yes",
        help_text=_(
            "For example: you work for, advise, invest in or compete with the firm, or are related to its people."
        ),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when you declare a conflict: describe the tie."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("has_conflict") and not cleaned.get("note", "").strip():
            self.add_error("note", _("Describe the conflict of interest."))
        return cleaned


class ScoreForm(forms.Form):
    """One 0–100 score and an optional comment per criterion of the call, and an overall comment."""

    def __init__(self, *args, criteria: list[CallCriterion], **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            label = _("%(name)s (%(weight)s%%)") % {"name": localized(criterion), "weight": criterion.weight}
            self.fields[f"score_{criterion.pk}"] = forms.IntegerField(
                label=label,
                min_value=0,
                max_value=100,
                help_text=_("A whole number from 0 to 100."),
                widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": 1}),
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Comment on %(name)s") % {"name": localized(criterion)},
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self.fields["comment"] = forms.CharField(
            label=_("Overall comment"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
        )

    def scores(self) -> dict:
        """``{criterion_pk: (score, comment)}`` as ``review_submit`` takes it."""
        return {
            criterion.pk: (self.cleaned_data[f"score_{criterion.pk}"], self.cleaned_data[f"comment_{criterion.pk}"])
            for criterion in self.criteria
        }

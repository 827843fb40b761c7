"""Forms of tenancy calls: applications and attachments, staff decisions and reviewer assignment, reviews."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from portal.accounts.roles import REVIEWER
from portal.uploads import validate_attachment

from ..choices import ApplicationStage, SpaceKind
from ..models import (
    Application,
    CallCriterion,
    CallRequirement,
)


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
    """A file to attach with the draft, in the same submit as its text, so Save never drops either.

    Both fields are optional (a Save without a file only saves the draft); a file needs its document.
    """

    prefix = "attachment"

    requirement = forms.ModelChoiceField(queryset=CallRequirement.objects.none(), label=_("Document"), required=False)
    file = forms.FileField(
        label=_("File to attach"),
        required=False,
        help_text=_("PDF, HWP, HWPX, DOCX, XLSX, JPG or PNG, up to 10 MB. It is attached when you press Save."),
        widget=forms.FileInput(attrs={"accept": ".pdf,.hwp,.hwpx,.docx,.xlsx,.jpg,.jpeg,.png"}),
    )

    def __init__(self, *args, call, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requirement"].queryset = call.requirements.all()

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file:
            validate_attachment(file)
        return file

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("file") and not cleaned.get("requirement") and "requirement" not in self.errors:
            self.add_error("requirement", _("Choose which document this file is."))
        return cleaned


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
            label = _("%(name)s (%(weight)s%%)") % {"name": criterion.name, "weight": criterion.weight}
            self.fields[f"score_{criterion.pk}"] = forms.IntegerField(
                label=label,
                min_value=0,
                max_value=100,
                help_text=_("A whole number from 0 to 100."),
                widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": 1}),
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Comment on %(name)s") % {"name": criterion.name},
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

"""Forms of tenancy calls: staff writing calls, applications and attachments, staff decisions,
correction requests and reviewer assignment, reviews."""

from datetime import datetime, time

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from portal.accounts.roles import REVIEWER
from portal.forms import BilingualFormMixin, KstDateTimeField, bilingual
from portal.time import KST, add_working_days, hub_today
from portal.uploads import validate_attachment

from ..choices import ApplicationStage, SpaceKind
from ..models import (
    CRITERIA_TOTAL,
    Application,
    CallCriterion,
    CallRequirement,
    TenancyCall,
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


# Staff: calls with their documents and criteria, and correction requests ---------------------------


class TenancyCallForm(BilingualFormMixin, forms.ModelForm):
    """A call as staff write it, in Korean and English; it is published from its page (``call_publish``)."""

    space_kinds = forms.MultipleChoiceField(
        label=_("Space types offered"), choices=SpaceKind.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = TenancyCall
        fields = [
            *bilingual("title", "body", "eligibility"),
            "sites",
            "space_kinds",
            "opens_at",
            "closes_at",
            "blind_review",
        ]
        field_classes = {"opens_at": KstDateTimeField, "closes_at": KstDateTimeField}
        widgets = {
            "body_ko": forms.Textarea(attrs={"rows": 8}),
            "body_en": forms.Textarea(attrs={"rows": 8}),
            "eligibility_ko": forms.Textarea(attrs={"rows": 3}),
            "eligibility_en": forms.Textarea(attrs={"rows": 3}),
            "sites": forms.CheckboxSelectMultiple,
        }

    def clean(self):
        cleaned = super().clean()
        opens_at, closes_at = cleaned.get("opens_at"), cleaned.get("closes_at")
        if opens_at and closes_at and closes_at <= opens_at:
            self.add_error("closes_at", _("The deadline must be after the opening."))
        return cleaned


class CallRequirementForm(BilingualFormMixin, forms.ModelForm):
    class Meta:
        model = CallRequirement
        fields = ["position", *bilingual("name"), "required", "shown_in_blind_review"]
        widgets = {"position": forms.NumberInput(attrs={"inputmode": "numeric", "class": "input-short"})}


class CallCriterionForm(BilingualFormMixin, forms.ModelForm):
    class Meta:
        model = CallCriterion
        fields = ["position", *bilingual("name"), "weight"]
        widgets = {
            "position": forms.NumberInput(attrs={"inputmode": "numeric", "class": "input-short"}),
            "weight": forms.NumberInput(attrs={"inputmode": "numeric", "min": 1, "max": 100}),
        }


class CriteriaFormSet(forms.BaseInlineFormSet):
    """The criteria kept must weigh 100 % together: the review ranks by their weighted mean."""

    def clean(self):
        super().clean()
        if any(form.errors for form in self.forms):
            return
        # An untouched extra form has no cleaned data; a deleted one no longer counts.
        kept = [form.cleaned_data for form in self.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")]
        total = sum(data.get("weight") or 0 for data in kept)
        if kept and total != CRITERIA_TOTAL:
            raise forms.ValidationError(
                _("The criteria weights add up to %(total)d%%, not 100%%.") % {"total": total}, code="weights"
            )


RequirementFormSet = forms.inlineformset_factory(
    TenancyCall, CallRequirement, form=CallRequirementForm, extra=2, can_delete=True
)
CriterionFormSet = forms.inlineformset_factory(
    TenancyCall, CallCriterion, form=CallCriterionForm, formset=CriteriaFormSet, extra=2, can_delete=True
)


def correction_default_due(now=None):
    """Five working days from today, at 18:00 KST: the usual time a firm is given to correct."""
    today = hub_today(now)
    return datetime.combine(add_working_days(today, 5), time(18, 0), tzinfo=KST)


class CorrectionRequestForm(forms.Form):
    """서류 보완 요청: a comment per document the call asks for, a general one, and the new deadline."""

    due_at = KstDateTimeField(label=_("Resubmit by"))
    comment = forms.CharField(
        label=_("General comment"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The firm receives it by e-mail and sees it on its application."),
    )

    def __init__(self, *args, application: Application, **kwargs):
        kwargs.setdefault("initial", {"due_at": correction_default_due()})
        super().__init__(*args, **kwargs)
        self.requirements = list(application.call.requirements.all())
        for requirement in self.requirements:
            self.fields[f"document_{requirement.pk}"] = forms.CharField(
                label=_("What to correct in “%(document)s”") % {"document": requirement.name},
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def document_comments(self) -> dict:
        """``{requirement: comment}`` as ``application_return_for_correction`` takes it."""
        return {
            requirement: self.cleaned_data[f"document_{requirement.pk}"]
            for requirement in self.requirements
            if self.cleaned_data.get(f"document_{requirement.pk}", "").strip()
        }


class RejectUncorrectedForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        initial="",
        help_text=_("Required; the firm receives it."),
    )

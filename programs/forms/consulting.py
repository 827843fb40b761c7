"""Forms of the consulting pages: the firm's request, triage and assignment, milestones, KPIs, spending
and targets."""

from django import forms
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from portal.accounts.forms import consent_details

from .. import consent
from ..choices import ConsultingCategory, Kpi, MilestoneKind, MilestoneStatus, Priority
from ..models import BudgetLine, ConsultingRequest, KpiTarget, Skill
from ..services.consulting import REQUEST_FIELDS

CONSULTING_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ConsultingRequestForm(forms.ModelForm):
    """The firm's request; on a new request also the PIPA consent it is filed under."""

    class Meta:
        model = ConsultingRequest
        fields = list(REQUEST_FIELDS)
        widgets = {
            "problem_statement": forms.Textarea(attrs={"rows": 4}),
            "desired_outcome": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, with_consent: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if with_consent:
            item = consent.CONSULTING_REQUIRED
            self.fields["consent_given"] = forms.BooleanField(
                label=_("I agree: %(title)s (required)") % {"title": item.title},
                required=True,
                help_text=consent_details(item),
            )


class ConsultingAttachmentForm(forms.Form):
    file = forms.FileField(label=_("File"), help_text=_("PDF, HWP, HWPX, DOCX, XLSX, JPG or PNG; at most 10 MB."))


class TriageForm(forms.Form):
    eligible = forms.TypedChoiceField(
        label=_("Eligible"),
        choices=[("yes", _("Eligible")), ("no", _("Not eligible (decline)"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        initial="yes",
    )
    priority = forms.ChoiceField(label=_("Priority"))
    category = forms.ChoiceField(label=_("Category"))
    tags = forms.ModelMultipleChoiceField(
        label=_("Skills needed"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)

    def __init__(self, *args, **kwargs):

        super().__init__(*args, **kwargs)
        self.fields["priority"].choices = Priority.choices
        self.fields["category"].choices = ConsultingCategory.choices
        self.fields["tags"].queryset = Skill.objects.all()


class LeadChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, expert):
        free = max(expert.capacity - expert.load, 0)
        return _("%(name)s (%(free)s of %(capacity)s slots free)") % {
            "name": expert,
            "free": free,
            "capacity": expert.capacity,
        }


class AssignForm(forms.Form):
    lead = LeadChoiceField(
        label=_("Lead expert"),
        queryset=None,
        help_text=_("Only experts with a free slot can lead; the ranking above shows everyone's slots."),
    )
    others = forms.ModelMultipleChoiceField(
        label=_("Other experts"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, experts, **kwargs):
        """``experts`` annotated with ``load`` (``experts_query``); a full one is refused before submit."""
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = experts.filter(load__lt=F("capacity"))
        self.fields["others"].queryset = experts


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class MilestoneForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"))
    title = forms.CharField(label=_("Title"), max_length=120, required=False, help_text=_("Required for custom."))
    due_on = forms.DateField(label=_("Due on"), widget=CONSULTING_DATE)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = MilestoneKind.choices


class MilestoneUpdateForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"))
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    file = forms.FileField(label=_("Deliverable"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = MilestoneStatus.choices


class KpiForm(forms.Form):
    kpi = forms.ChoiceField(label=_("KPI"))
    phase = forms.ChoiceField(label=_("Measurement"), choices=[("baseline", _("Baseline")), ("after", _("After"))])
    value = forms.DecimalField(label=_("Value"), max_digits=12, decimal_places=3)
    unit = forms.CharField(label=_("Unit"), max_length=30, help_text=_("e.g. units/hour, %, minutes"))
    method = forms.CharField(label=_("Method"), max_length=200, help_text=_("How it was measured"))
    measured_on = forms.DateField(label=_("Measured on"), widget=CONSULTING_DATE)
    evidence = forms.FileField(label=_("Evidence file"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kpi"].choices = Kpi.choices


class SpendingForm(forms.Form):
    budget_line = forms.ModelChoiceField(label=_("Budget line"), queryset=None)
    amount = forms.IntegerField(label=_("Amount (KRW)"), min_value=1)
    spent_on = forms.DateField(label=_("Spent on"), widget=CONSULTING_DATE)
    description = forms.CharField(label=_("Description"), max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["budget_line"].queryset = BudgetLine.objects.select_related("project")


class KpiTargetForm(forms.ModelForm):
    class Meta:
        model = KpiTarget
        fields = ["scope", "year", "kpi", "target_percent"]

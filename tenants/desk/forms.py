"""Forms of the service desk: filing a request, replying, reopening, and the staff actions."""

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tenants.models import Space

from .choices import DEFAULT_SERVICE_LEVELS, RequestCategory, RequestState
from .models import ServiceRequest
from .services import MAX_FILES_PER_ENTRY


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (photos of a leak); each is checked by content in the service."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".jpg,.jpeg,.png,.pdf,.hwp,.hwpx,.docx,.xlsx"}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


FILES_HELP = lazy(
    lambda: (
        gettext("Photos or documents: JPG, PNG, PDF, HWP, DOCX or XLSX, at most %(count)s at a time.")
        % {"count": MAX_FILES_PER_ENTRY}
    ),
    str,
)()


class ServiceRequestForm(forms.ModelForm):
    files = MultipleFileField(label=_("Photos and attachments"), help_text=FILES_HELP)

    class Meta:
        model = ServiceRequest
        fields = ["category", "site", "space", "subject", "description", "urgency"]
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, sites, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites
        self.fields["site"].empty_label = None
        self.fields["space"].queryset = Space.objects.filter(site__in=sites).select_related("site")
        self.fields["space"].label_from_instance = lambda space: f"{space.site.name} · {space.code}"
        self.fields["urgency"].help_text = _("Urgent: a safety risk or work stopped (a leak, no network, locked out).")
        self.fields["category"].help_text = _(
            "A certificate of residence (입주확인서) is a document request; the hub issues it as a PDF."
        )


class ReplyForm(forms.Form):
    text = forms.CharField(label=_("Message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))
    files = MultipleFileField(label=_("Photos and attachments"), help_text=FILES_HELP)


class ReopenForm(forms.Form):
    text = forms.CharField(label=_("What is still wrong?"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))


class StaffReplyForm(forms.Form):
    text = forms.CharField(label=_("Message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))
    internal = forms.BooleanField(
        label=_("Internal note (the firm never sees it)"),
        required=False,
        help_text=_("Leave unticked to reply to the firm: they see the reply and get it by e-mail."),
    )
    files = MultipleFileField(label=_("Attachments (public replies only)"), help_text=FILES_HELP)


class TransitionForm(forms.Form):
    to_state = forms.ChoiceField(label=_("New status"))
    text = forms.CharField(
        label=_("Message to the firm"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required for a rejection: the reason. The firm reads it and gets it by e-mail."),
    )

    def __init__(self, *args, targets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_state"].choices = [(state, RequestState(state).label) for state in targets]


class AssignForm(forms.ModelForm):
    class Meta:
        model = ServiceRequest
        fields = ["owner", "priority", "due_on"]
        widgets = {"due_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners
        self.fields["owner"].label_from_instance = lambda user: user.get_full_name() or user.email
        self.fields["due_on"].required = True


class CertificateForm(forms.Form):
    purpose = forms.CharField(
        label=_("Purpose (printed on the certificate)"),
        required=False,
        max_length=200,
        help_text=_("E.g. 금융기관 제출용 (for a bank)."),
    )


class ServiceLevelForm(forms.Form):
    """One number per category: the working days the hub gives itself."""

    def __init__(self, *args, current: dict, **kwargs):
        super().__init__(*args, **kwargs)
        for category in RequestCategory:
            self.fields[category.value] = forms.IntegerField(
                label=category.label,
                min_value=1,
                max_value=60,
                initial=current.get(category.value, DEFAULT_SERVICE_LEVELS[category]),
                help_text=_("Working days (default %(days)s)") % {"days": DEFAULT_SERVICE_LEVELS[category]},
            )

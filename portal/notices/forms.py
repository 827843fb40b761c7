"""Forms of notices: the board's filter, and the staff workspace's notice, attachment and withdrawal forms."""

from django import forms
from django.utils.translation import gettext_lazy as _

from programs.models import Cohort
from tenants.models import TenancyCall
from tenants.partners.models import MOU

from .models import Notice

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class NoticeForm(forms.ModelForm):
    """A notice's content and settings (staff). Its state moves only through the buttons of its page."""

    attachment = forms.FileField(
        label=_("Add an attachment"),
        required=False,
        # Checked by content when the service stores it (portal.files.store_upload).
        help_text=_("PDF, HWP, HWPX, Word, Excel, JPEG or PNG."),
    )

    class Meta:
        model = Notice
        fields = [
            "title_ko",
            "title_en",
            "category",
            "audience",
            "body_ko",
            "body_en",
            "publish_at",
            "pinned_until",
            "mail_audience",
            "call",
            "cohort",
            "mou",
        ]
        widgets = {
            "publish_at": DATETIME_WIDGET,
            "pinned_until": DATE_WIDGET,
            "body_ko": forms.Textarea(attrs={"rows": 12}),
            "body_en": forms.Textarea(attrs={"rows": 12}),
        }
        labels = {
            "title_ko": _("Title (Korean)"),
            "title_en": _("Title (English)"),
            "body_ko": _("Text (Korean)"),
            "body_en": _("Text (English)"),
        }
        help_texts = {
            "body_ko": _("Markdown: **bold**, lists, links, tables. HTML and scripts are removed."),
            "body_en": _("Optional; readers of the English pages see the Korean text without it."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["call"].queryset = TenancyCall.objects.order_by("-opens_at")
        self.fields["cohort"].queryset = Cohort.objects.select_related("programme").order_by("-starts_on")
        self.fields["mou"].queryset = MOU.objects.order_by("-signed_on", "pk")
        self.fields["title_en"].required = False
        self.fields["body_en"].required = False

    def service_fields(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if name != "attachment"}


class NoticeWithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for withdrawal"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept for staff; readers only see that the notice is gone."),
    )

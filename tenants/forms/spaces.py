"""Forms of sites, spaces and leases: a site as staff write it, a lease from an application, renewals
and the move-out."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.forms import BilingualFormMixin, bilingual

from ..models import (
    Application,
    Site,
    Space,
)

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RenewalRequestForm(forms.Form):
    requested_end_date = forms.DateField(label=_("Stay until"), widget=forms.DateInput(attrs={"type": "date"}))
    message = forms.CharField(label=_("Message to the hub"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class SpaceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, space):
        return _("%(site)s %(code)s · %(kind)s · %(seats)s seats · %(area)s m²") % {
            "site": space.site.name,
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


class SiteForm(BilingualFormMixin, forms.ModelForm):
    class Meta:
        model = Site
        fields = [*bilingual("name"), "slug", "postal_code", "address", *bilingual("description")]
        widgets = {
            "postal_code": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
            "description_ko": forms.Textarea(attrs={"rows": 4}),
            "description_en": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "postal_code": _("5 digits, e.g. 51391"),
            "slug": _("Latin letters, digits and hyphens, e.g. flex-city"),
        }

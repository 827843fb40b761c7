"""Forms of the training pages: applying (with the PIPA consent), checking in, marking attendance."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.accounts.forms import consent_details

from .. import consent

# Applicants' pages ------------------------------------------------------------------------------


def optional_consent_field_name(item) -> str:
    return f"consent_{item.key}"


class CohortApplicationForm(forms.Form):
    """The cohort's own questions and, for people who belong to a firm, "on behalf of my firm"."""

    def __init__(self, *args, cohort, membership=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = [str(question) for question in cohort.questions]
        for index, question in enumerate(self.questions):
            self.fields[f"answer_{index}"] = forms.CharField(
                label=question, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
            )
        if membership is not None:
            self.fields["on_behalf_of_firm"] = forms.BooleanField(
                label=_("Apply on behalf of my firm: %(firm)s") % {"firm": membership.firm.name},
                required=False,
                help_text=_(
                    "Your firm is named on the roster. Seats reserved for resident firms and the per-firm "
                    "limit count applications made on a firm's behalf."
                ),
            )

    def answers(self) -> dict[str, str]:
        return {question: self.cleaned_data[f"answer_{index}"] for index, question in enumerate(self.questions)}


class ApplicationConsentForm(forms.Form):
    """PIPA consent for a cohort application: the required item, then each optional item on its own."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent"] = forms.BooleanField(
            label=_("[Required] %(title)s") % {"title": consent.REQUIRED.title},
            help_text=consent_details(consent.REQUIRED),
            error_messages={"required": _("You must agree to the required item to apply.")},
        )
        for item in consent.OPTIONAL:
            self.fields[optional_consent_field_name(item)] = forms.BooleanField(
                label=_("[Optional] %(title)s") % {"title": item.title},
                required=False,
                help_text=consent_details(item),
            )

    def optional_consents(self) -> dict[str, bool]:
        return {item.key: bool(self.cleaned_data.get(optional_consent_field_name(item))) for item in consent.OPTIONAL}


class CheckInForm(forms.Form):
    code = forms.CharField(
        label=_("Check-in code"),
        max_length=8,
        help_text=_("The code shown in the room, six letters and digits."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false", "size": 8}
        ),
    )


# Staff pages ------------------------------------------------------------------------------------


class SessionAttendanceForm(forms.Form):
    """One session's roster: a box per seated participant, ticked when present."""

    present = forms.ModelMultipleChoiceField(
        label=_("Present"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, participants, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].queryset = participants

    def present_enrolment_ids(self) -> set[int]:
        return {enrolment.pk for enrolment in self.cleaned_data["present"]}


class CertificateLookupForm(forms.Form):
    """A certificate is looked up by its number and the holder's name as printed on it.

    Numbers run in sequence (HB-2026-0007), so the number alone would let anyone list every holder's
    name; asking for both only confirms what the person checking already holds on paper.
    """

    number = forms.CharField(label=_("Certificate number"), max_length=30, help_text=_("e.g. HB-2026-0007"))
    name = forms.CharField(label=_("Name on the certificate"), max_length=100)

    def clean_number(self):
        return self.cleaned_data["number"].strip().upper().replace(" ", "")

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())

from django import forms
from django.conf import settings
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from .consent import SIGNUP_ITEMS
from .services import consent_record_answers
from .validators import normalize_phone, validate_phone


def consent_field_name(item) -> str:
    return f"consent_{item.key}"


def consent_details(item):
    """What PIPA asks each consent item to state, as a small definition list."""
    rows = (
        (_("Purpose"), item.purpose),
        (_("Items collected"), item.collected),
        (_("Retention"), item.retention),
        (_("Right to refuse"), item.refusal),
    )
    return format_html(
        '<dl class="consent-details">{}</dl>',
        format_html_join("", "<dt>{}</dt><dd>{}</dd>", ((str(term), str(text)) for term, text in rows)),
    )


class ConsentSignupForm(forms.Form):
    """Extra sign-up fields for allauth: name, optional phone and one checkbox per PIPA item."""

    field_order = [
        "email",
        "password1",
        "password2",
        "name",
        "phone",
        *(f"consent_{item.key}" for item in SIGNUP_ITEMS),
    ]

    name = forms.CharField(label=_("Name"), max_length=100)
    phone = forms.CharField(
        label=_("Mobile phone (optional)"),
        max_length=20,
        required=False,
        help_text=_("Only with the optional phone consent below. Example: 010-1234-5678"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for item in SIGNUP_ITEMS:
            label = _("[Required] %(title)s") if item.required else _("[Optional] %(title)s")
            self.fields[consent_field_name(item)] = forms.BooleanField(
                label=label % {"title": item.title},
                required=item.required,
                help_text=consent_details(item),
                error_messages={"required": _("You must agree to this item to create an account.")},
            )
        self.consent_items = SIGNUP_ITEMS

    def clean_phone(self):
        phone = normalize_phone(self.cleaned_data.get("phone", ""))
        validate_phone(phone)
        return phone

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("phone") and not cleaned.get("consent_mobile_phone"):
            self.add_error("phone", _("Agree to the optional phone item to give a phone number, or leave it empty."))
        return cleaned

    def signup(self, request, user):
        user.name = self.cleaned_data["name"]
        user.phone = self.cleaned_data["phone"]
        user.language = getattr(request, "LANGUAGE_CODE", user.language)
        user.save(update_fields=["name", "phone", "language"])
        consent_record_answers(
            user=user,
            answers={item.key: bool(self.cleaned_data.get(consent_field_name(item))) for item in SIGNUP_ITEMS},
            ip_address=request.META.get("REMOTE_ADDR"),
        )


class NotificationPreferencesForm(forms.Form):
    """The language of the portal's mail to this person, and the optional reminders they want."""

    language = forms.ChoiceField(
        label=_("Notification language"),
        choices=settings.LANGUAGES,
        help_text=_("Mail from the portal is written in this language."),
    )
    remind_call_deadlines = forms.BooleanField(
        label=_("Remind me 3 days and 1 day before a call closes while my firm's application is a draft"),
        required=False,
    )
    remind_cohort_start = forms.BooleanField(
        label=_("Remind me the day before a training cohort I have a seat in starts"), required=False
    )

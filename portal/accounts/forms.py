from django import forms
from django.conf import settings
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .consent import SIGNUP_ITEMS
from .validators import normalize_phone, validate_phone


def consent_field_name(item) -> str:
    return f"consent_{item.key}"


def consent_details(item):
    """What PIPA asks each consent item to state, as a small definition list."""
    rows = (
        (pgettext_lazy("consent", "Purpose"), item.purpose),
        (_("Items collected"), item.collected),
        (_("Retention"), item.retention),
        (_("Right to refuse"), item.refusal),
    )
    return format_html(
        '<dl class="consent-details">{}</dl>',
        format_html_join("", "<dt>{}</dt><dd>{}</dd>", ((str(term), str(text)) for term, text in rows)),
    )


class NamePhoneForm(forms.Form):
    """The person's name and optional mobile phone, as sign-up and the profile page both ask them."""

    name = forms.CharField(label=_("Name"), max_length=100)
    phone = forms.CharField(
        label=_("Mobile phone (optional)"),
        max_length=20,
        required=False,
        help_text=_("Only with the optional phone consent below. Example: 010-1234-5678"),
    )

    def clean_phone(self):
        phone = normalize_phone(self.cleaned_data.get("phone", ""))
        validate_phone(phone)
        return phone


class ConsentSignupForm(NamePhoneForm):
    """Extra sign-up fields for allauth: name, optional phone and one checkbox per PIPA item."""

    field_order = [
        "email",
        "password1",
        "password2",
        "name",
        "phone",
        *(f"consent_{item.key}" for item in SIGNUP_ITEMS),
    ]

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

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("phone") and not cleaned.get("consent_mobile_phone"):
            self.add_error("phone", _("Agree to the optional phone item to give a phone number, or leave it empty."))
        return cleaned

    def sign_up_details(self, request) -> dict:
        """The keyword arguments of ``services.user_sign_up`` this form collected."""
        return {
            "name": self.cleaned_data["name"],
            "phone": self.cleaned_data["phone"],
            "language": getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE),
            "consent_answers": {
                item.key: bool(self.cleaned_data.get(consent_field_name(item))) for item in SIGNUP_ITEMS
            },
            "ip_address": request.META.get("REMOTE_ADDR"),
        }

    def signup(self, request, user):
        # allauth calls this after the adapter's save_user, which already saved the account and
        # its consents in one transaction (services.user_sign_up); nothing is left to do here.
        pass


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
    mail_notices = forms.BooleanField(
        label=_("Mail me the hub's new notices (공지사항) that are for me"),
        required=False,
        help_text=_("Public notices, and resident ones while your firm is a resident, when staff choose to mail them."),
    )


class AccountDeleteForm(forms.Form):
    """회원 탈퇴: the password again, an explicit confirmation and, for a representative, a successor."""

    password = forms.CharField(label=_("Your password"), widget=forms.PasswordInput, strip=False)
    confirm = forms.BooleanField(
        label=_("I understand that my account is deleted for good and I can no longer sign in"), required=True
    )

    def __init__(self, *args, user, successors, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.successors = {str(person.pk): person for person in successors}
        if successors:
            self.fields["successor"] = forms.ChoiceField(
                label=_("Who becomes your firm's representative"),
                choices=[("", "—")] + [(pk, str(person)) for pk, person in self.successors.items()],
                help_text=_("You are your firm's representative; one of its members takes over."),
            )
            self.order_fields(["successor", "password", "confirm"])

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("The password is not correct."), code="wrong_password")
        return password

    def clean_successor(self):
        return self.successors[self.cleaned_data["successor"]]


class ProfileForm(NamePhoneForm):
    """The person's own name and phone; the phone needs the optional phone item, as at sign-up."""

    phone_consent = forms.BooleanField(label=_("[Optional] %(title)s"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        item = next(item for item in SIGNUP_ITEMS if item.key == "mobile_phone")
        self.fields["phone_consent"].label = _("[Optional] %(title)s") % {"title": item.title}
        self.fields["phone_consent"].help_text = consent_details(item)

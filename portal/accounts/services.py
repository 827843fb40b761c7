from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from rest_framework.authtoken.models import Token

from . import personal_data
from .consent import SIGNUP_ITEMS, VERSION
from .models import ConsentRecord, User


@transaction.atomic
def consent_record_answers(*, user: User, answers: dict[str, bool], ip_address: str | None) -> list[ConsentRecord]:
    """Store one row per consent item, granted or declined, with the text version and address."""
    items = {item.key: item for item in SIGNUP_ITEMS}
    return ConsentRecord.objects.bulk_create(
        ConsentRecord(
            user=user,
            item=key,
            version=VERSION,
            required=items[key].required,
            granted=granted,
            ip_address=ip_address,
        )
        for key, granted in answers.items()
    )


@transaction.atomic
def user_sign_up(
    *, user: User, name: str, phone: str, language: str, consent_answers: dict[str, bool], ip_address: str | None
) -> User:
    """Save a new account and its consent answers together: a person is never left registered
    without the record of what they agreed to, nor the other way round."""
    user.name = name
    user.phone = phone
    user.language = language
    user.save()
    consent_record_answers(user=user, answers=consent_answers, ip_address=ip_address)
    return user


def user_data_export(*, user: User) -> dict:
    """Everything held about the person: the account and consents here, and each section the
    domain apps register (``personal_data.register_export_section``)."""
    return {
        "account": {
            "email": user.email,
            "name": user.name,
            "phone": user.phone,
            "language": user.language,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
        },
        "consents": [
            {
                "item": record.item,
                "version": record.version,
                "required": record.required,
                "granted": record.granted,
                "answered_at": record.answered_at.isoformat(),
                "ip_address": record.ip_address,
            }
            for record in user.consents.order_by("answered_at")
        ],
        **personal_data.export_sections(user),
    }


@transaction.atomic
def api_token_rotate(*, user: User) -> Token:
    """Replace the user's API token; the old one stops working at once."""
    Token.objects.filter(user=user).delete()
    return Token.objects.create(user=user)


@transaction.atomic
def user_set_notification_preferences(
    *, user: User, language: str, remind_call_deadlines: bool = True, remind_cohort_start: bool = True
) -> User:
    """The language the person's notifications are written in, and which optional reminders they get."""
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": _("Choose one of the offered languages.")}, code="invalid_language")
    user.language = language
    user.remind_call_deadlines = remind_call_deadlines
    user.remind_cohort_start = remind_cohort_start
    user.save(update_fields=["language", "remind_call_deadlines", "remind_cohort_start"])
    return user


PHONE_CONSENT_ITEM = "mobile_phone"


def user_has_phone_consent(user: User) -> bool:
    """The person's latest answer to the optional phone item (PIPA: the number is held only with it)."""
    latest = user.consents.filter(item=PHONE_CONSENT_ITEM).order_by("-answered_at", "-pk").first()
    return bool(latest and latest.granted)


@transaction.atomic
def user_update_profile(*, user: User, name: str, phone: str, phone_consent: bool, ip_address: str | None) -> User:
    """Change the person's own name and phone; a changed answer to the phone item is recorded like at sign-up.

    Withdrawing the phone consent removes the number. The change is written to the audit log (User is audited).
    """
    if phone and not phone_consent:
        raise ValidationError(
            {"phone": _("Agree to the optional phone item to give a phone number, or leave it empty.")},
            code="phone_without_consent",
        )
    if phone_consent != user_has_phone_consent(user):
        consent_record_answers(user=user, answers={PHONE_CONSENT_ITEM: phone_consent}, ip_address=ip_address)
    user.name = name
    user.phone = phone if phone_consent else ""
    user.save(update_fields=["name", "phone"])
    return user

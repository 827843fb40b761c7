from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from knox.models import AuthToken

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
def api_token_rotate(*, user: User) -> tuple[AuthToken, str]:
    """Replace the user's API tokens by a new one; the old ones stop working at once.

    Returns the stored token (its digest and expiry) and the token itself, which is shown once and
    never stored: only its SHA-512 digest is (django-rest-knox)."""
    AuthToken.objects.filter(user=user).delete()
    return AuthToken.objects.create(user=user)


@transaction.atomic
def api_token_revoke(*, user: User) -> int:
    """Delete every API token of the user; returns how many there were."""
    deleted, _per_model = AuthToken.objects.filter(user=user).delete()
    return deleted


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

from datetime import datetime, timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from knox.models import AuthToken

from portal.notifications.choices import OutboxStatus
from portal.notifications.models import OutboxMessage
from portal.notifications.services import notify

from . import personal_data
from .access import access_record
from .choices import AccessAction
from .consent import SIGNUP_ITEMS, VERSION
from .models import AccessRecord, ConsentRecord, ConsentText, User
from .retention import consent_text_finder, retention_ends

# The account's own fields that identify the person; anonymisation empties or replaces them.
ACCOUNT_PERSONAL_FIELDS = ("email", "name", "phone", "password")
DORMANCY_NOTICE_DAYS = 30


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
            "remind_call_deadlines": user.remind_call_deadlines,
            "remind_cohort_start": user.remind_cohort_start,
            "mail_notices": user.mail_notices,
            "api_token_created": _token_created(user),
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
        "mails": [
            {
                "template": message.template,
                "recipient": message.recipient,
                "subject": message.subject,
                "status": message.status,
                "created_at": message.created_at.isoformat(),
                "sent_at": message.sent_at.isoformat() if message.sent_at else None,
            }
            for message in _mails_to(user)
        ],
        "access_records": [
            {
                "occurred_at": record.occurred_at.isoformat(),
                "who": record.actor_label,
                "action": record.action,
                "page": record.view_name,
                "fields": record.fields,
                "export": record.export_name,
            }
            for record in AccessRecord.objects.filter(subject_user=user).order_by("occurred_at", "id")
        ],
        **personal_data.export_sections(user),
    }


def _token_created(user: User) -> str | None:
    token = AuthToken.objects.filter(user=user).order_by("-created").first()
    return token.created.isoformat() if token else None


def _mails_to(user: User):
    return OutboxMessage.objects.filter(Q(user=user) | Q(recipient__iexact=user.email)).order_by("created_at", "pk")


# Consent withdrawal -------------------------------------------------------------------------------


def consent_current(*, user: User) -> dict[str, ConsentRecord]:
    """The latest answer to each sign-up item."""
    latest = {}
    for record in user.consents.order_by("answered_at", "pk"):
        latest[record.item] = record
    return latest


@transaction.atomic
def consent_set(*, user: User, item: str, granted: bool, ip_address: str | None) -> ConsentRecord:
    """Give or withdraw one optional sign-up consent: a new answer row under the current text (the
    history stays). Withdrawing the phone consent removes the phone number at once."""
    items = {entry.key: entry for entry in SIGNUP_ITEMS}
    if item not in items or items[item].required:
        raise ValidationError(_("Only optional consent items can be changed here."), code="not_optional")
    User.objects.select_for_update().filter(pk=user.pk).first()
    record = ConsentRecord.objects.create(
        user=user, item=item, version=VERSION, required=False, granted=granted, ip_address=ip_address
    )
    if item == "mobile_phone" and not granted and user.phone:
        user.phone = ""
        user.save(update_fields=["phone"])
    return record


def optional_consents(*, user: User) -> list[personal_data.OptionalConsent]:
    """The optional consents the domain apps hold for the person (e.g. per cohort application)."""
    return [
        consent
        for holder in personal_data.holders()
        if holder.optional_consents is not None
        for consent in holder.optional_consents(user)
    ]


@transaction.atomic
def consent_withdraw_held(*, user: User, holder: str, reference: int, key: str) -> None:
    """Withdraw an optional consent a domain app holds; an unknown one is a ValidationError."""
    entry = personal_data.holder(holder)
    if entry is None or entry.withdraw_consent is None:
        raise ValidationError(_("This consent cannot be withdrawn here."), code="unknown_consent")
    entry.withdraw_consent(user, reference, key)


# Account deletion (회원 탈퇴) and anonymisation ------------------------------------------------------


def kept_on_deletion(*, user: User) -> list[personal_data.KeptRecord]:
    """What stays after the person deletes their account, each with the reason it must be kept."""
    kept = [
        personal_data.KeptRecord(
            what=str(_("Consent records (item, text version, time; without the address)")),
            reason=_("Proof of what was agreed to, as PIPA requires."),
        )
    ]
    if AccessRecord.objects.filter(subject_user=user).exists():
        kept.append(
            personal_data.KeptRecord(
                what=str(_("Access records about you")),
                reason=_("The safety-measure standard asks that access records are kept at least 2 years."),
            )
        )
    for holder in personal_data.holders():
        if holder.kept_on_deletion is not None:
            kept.extend(holder.kept_on_deletion(user))
    return kept


def deletion_successors(*, user: User) -> list[User]:
    """People one of whom must take over before the person may leave (a firm's representative role)."""
    return [
        person
        for holder in personal_data.holders()
        if holder.successors is not None
        for person in holder.successors(user)
    ]


def deletion_refusals(*, user: User) -> list[str]:
    """Why the account may not be deleted now; empty when it may."""
    return [
        reason for holder in personal_data.holders() if holder.refusal is not None and (reason := holder.refusal(user))
    ]


def _anonymised_email(user: User) -> str:
    return f"deleted-{user.pk}@anonymised.invalid"


@transaction.atomic
def user_anonymise(
    *, user: User, actor_label: str, successor: User | None = None, for_retention: bool = False, request=None
) -> User:
    """Empty everything that identifies the person and close the account; keep the row and the
    records a programme must keep. Each domain app's ``remove`` runs first and may refuse (a firm's
    last representative without a successor). Writes one access record of what was purged."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.anonymised_at is not None:
        return user
    for holder in personal_data.holders():
        if holder.remove is not None:
            holder.remove(user=user, successor=successor, for_retention=for_retention)
    old_email = user.email
    user.email = _anonymised_email(user)
    user.name = ""
    user.phone = ""
    user.is_active = False
    user.remind_call_deadlines = False
    user.remind_cohort_start = False
    user.mail_notices = False
    user.set_unusable_password()
    user.anonymised_at = timezone.now()
    user.save()
    EmailAddress.objects.filter(user=user).delete()
    AuthToken.objects.filter(user=user).delete()
    user.consents.update(ip_address=None)
    sent_to_them = OutboxMessage.objects.filter(Q(user=user) | Q(recipient__iexact=old_email))
    sent_to_them.filter(status=OutboxStatus.PENDING).delete()
    sent_to_them.update(recipient=user.email, context={}, user=user)
    access_record(
        action=AccessAction.PURGE,
        request=request if not for_retention else None,
        actor=user if request is not None else None,
        actor_label=actor_label,
        subject_user=user,
        fields=[*ACCOUNT_PERSONAL_FIELDS, "consents.ip_address", "outbox.recipient", "outbox.context"],
    )
    return user


@transaction.atomic
def user_delete_account(*, user: User, successor: User | None = None, request=None) -> User:
    """회원 탈퇴: anonymise the account at the person's own request and mail them that it is done."""
    if user.anonymised_at is not None:
        raise ValidationError(_("This account is already deleted."), code="already_deleted")
    refusals = deletion_refusals(user=user)
    if refusals:
        raise ValidationError(refusals, code="refused")
    successors = deletion_successors(user=user)
    if successors and successor is None:
        raise ValidationError(
            _("You are your firm's representative: choose who takes over before you leave."), code="successor_needed"
        )
    if successor is not None and successor not in successors:
        raise ValidationError(_("Choose one of your firm's members."), code="invalid_successor")
    email, language = user.email, user.language
    user = user_anonymise(
        user=user, actor_label="account deletion (by the person)", successor=successor, request=request
    )
    # Written after the scrub above, so this one row still has the address it must reach.
    notify(
        recipient=email,
        template="account_deleted",
        context={},
        dedup_key=f"account-deleted:{user.pk}",
        language=language,
    )
    return user


# Retention purge and dormancy notices ------------------------------------------------------------


def _last_activity(user: User) -> datetime:
    return user.last_login or user.date_joined


def _account_retention_ends(user: User, versions: dict[int, str], consent_text) -> datetime | None:
    text = consent_text("personal_info", versions.get(user.pk, VERSION))
    return retention_ends(text, _last_activity(user))


def _dormancy_candidates(now: datetime):
    """Accounts that may be within a notice period of the end (the shortest period is a year)."""
    shortest = min((text.retention_years for text in _account_texts() if text.retention_years), default=1)
    threshold = now - timedelta(days=365 * shortest - DORMANCY_NOTICE_DAYS - 1)
    return (
        # Staff, and people in a staff role (consultants, reviewers), are the hub's own accounts: their
        # end comes with the job, not with inactivity.
        User.objects.filter(anonymised_at__isnull=True, is_staff=False, is_superuser=False, groups__isnull=True)
        .annotate(last_activity=Coalesce("last_login", "date_joined"))
        .filter(last_activity__lt=threshold)
        .order_by("pk")
    )


def _account_texts():
    return ConsentText.objects.filter(item="personal_info")


def _consent_versions(users) -> dict[int, str]:
    versions = {}
    for user_id, version in (
        ConsentRecord.objects.filter(user__in=users, item="personal_info")
        .order_by("answered_at")
        .values_list("user_id", "version")
    ):
        versions[user_id] = version
    return versions


def accounts_notify_dormancy(*, now: datetime | None = None) -> int:
    """Mail each account whose retention ends within 30 days, once per dormancy period (the key
    holds the last sign-in, so signing in and going quiet again earns a new notice)."""
    now = now or timezone.now()
    candidates = list(_dormancy_candidates(now))
    versions = _consent_versions(candidates)
    consent_text = consent_text_finder()
    sent = 0
    for user in candidates:
        ends = _account_retention_ends(user, versions, consent_text)
        if ends is None or not (now < ends <= now + timedelta(days=DORMANCY_NOTICE_DAYS)):
            continue
        dedup_key = f"account-dormancy:{user.pk}:{_last_activity(user).isoformat()}"
        if OutboxMessage.objects.filter(dedup_key=dedup_key).exists():
            continue
        with transaction.atomic():
            notify(
                recipient=user.email,
                template="account_dormancy_notice",
                context={
                    "ends_on": timezone.localtime(ends).date().isoformat(),
                    "url": settings.SITE_URL + reverse("account_login"),
                },
                dedup_key=dedup_key,
                language=user.language,
                user=user,
            )
        sent += 1
    return sent


def accounts_purge_expired(*, now: datetime | None = None) -> list[User]:
    """Anonymise every account whose retention (from its consent text) has ended. Idempotent:
    anonymised accounts are never picked again."""
    now = now or timezone.now()
    candidates = list(_dormancy_candidates(now))
    versions = _consent_versions(candidates)
    consent_text = consent_text_finder()
    purged = []
    for user in candidates:
        ends = _account_retention_ends(user, versions, consent_text)
        if ends is not None and ends <= now:
            purged.append(user_anonymise(user=user, actor_label="retention purge", for_retention=True))
    return purged


def retention_purge(*, now: datetime | None = None) -> dict[str, int]:
    """The daily purge: each domain app's records past their period, then expired accounts. Every
    purged record writes an access record (action ``purge``). Returns counts per holder."""
    now = now or timezone.now()
    counts = {}
    for holder in personal_data.holders():
        if holder.purge is not None:
            purged = holder.purge(now)
            for subject, fields in purged:
                access_record(
                    action=AccessAction.PURGE,
                    actor_label="retention purge",
                    subject_user=subject,
                    fields=fields,
                    export_name=holder.name,
                )
            counts[holder.name] = len(purged)
    counts["accounts"] = len(accounts_purge_expired(now=now))
    return counts


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
    *,
    user: User,
    language: str,
    remind_call_deadlines: bool = True,
    remind_cohort_start: bool = True,
    mail_notices: bool | None = None,
) -> User:
    """The language the person's notifications are written in, which optional reminders they get, and
    whether they get new notices by mail (left as it is when not given)."""
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": _("Choose one of the offered languages.")}, code="invalid_language")
    user.language = language
    user.remind_call_deadlines = remind_call_deadlines
    user.remind_cohort_start = remind_cohort_start
    if mail_notices is not None:
        user.mail_notices = mail_notices
    user.save(update_fields=["language", "remind_call_deadlines", "remind_cohort_start", "mail_notices"])
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

"""This app's part of a person's data: training applications, attendance, certificates and
consulting — in the export, on deletion, in consent withdrawal and in the retention purge
(registered in ``ProgramsConfig.ready``)."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.accounts.personal_data import KeptRecord, OptionalConsent, PersonalDataHolder
from portal.accounts.retention import consent_text_finder, retention_ends

from . import consent
from .choices import ACTIVE_STATES, ConsultingState
from .models import Attendance, ConsultingAttachment, ConsultingRequest, Enrolment

OPTIONAL_ITEMS = {item.key: item for item in consent.OPTIONAL}
# Consulting requests whose engagement is over: the 5 years run from then.
ENDED_CONSULTING = (ConsultingState.COMPLETED, ConsultingState.DECLINED, ConsultingState.WITHDRAWN)


def _enrolments(user):
    return Enrolment.objects.filter(user=user).select_related("cohort__programme", "certificate").order_by("pk")


def _certificate(enrolment):
    try:
        return enrolment.certificate
    except Enrolment.certificate.RelatedObjectDoesNotExist:
        return None


def export(user) -> dict:
    enrolments = list(_enrolments(user))
    attendance = {}
    for mark in (
        Attendance.objects.filter(enrolment__in=enrolments).select_related("session").order_by("session__starts_at")
    ):
        attendance.setdefault(mark.enrolment_id, []).append(
            {"session": mark.session.title, "present": mark.present, "recorded_at": mark.recorded_at.isoformat()}
        )
    requests = ConsultingRequest.objects.filter(created_by=user).select_related("firm").order_by("pk")
    engagements = ConsultingRequest.objects.filter(assignments__expert__user=user).distinct().order_by("pk")
    return {
        "enrolments": [
            {
                "programme": enrolment.cohort.programme.title,
                "cohort": enrolment.cohort.name,
                "state": enrolment.state,
                "applied_at": enrolment.applied_at.isoformat(),
                "answers": enrolment.answers,
                "consent_version": enrolment.consent_version,
                "optional_consents": enrolment.consent_optional,
                "consent_at": enrolment.consent_at.isoformat(),
                "consent_ip": enrolment.consent_ip,
                "attendance": attendance.get(enrolment.pk, []),
            }
            for enrolment in enrolments
        ],
        "certificates": [
            {
                "number": certificate.number,
                "issued_on": certificate.issued_on.isoformat(),
                "cohort": enrolment.cohort.name,
            }
            for enrolment in enrolments
            if (certificate := _certificate(enrolment)) is not None
        ],
        "consulting_requests": [
            {
                "title": request.title,
                "firm": request.firm.name,
                "state": request.state,
                "submitted_at": request.submitted_at.isoformat() if request.submitted_at else None,
                "consent_version": request.consent_version,
                "consent_ip": request.consent_ip,
            }
            for request in requests
        ],
        "engagements_as_expert": [{"title": request.title, "state": request.state} for request in engagements],
    }


def _until(text, started) -> str:
    ends = retention_ends(text, started)
    return ends.date().isoformat() if ends else ""


def kept_on_deletion(user) -> list[KeptRecord]:
    consent_text = consent_text_finder()
    kept = []
    for enrolment in _enrolments(user).exclude(state__in=ACTIVE_STATES).filter(purged_at__isnull=True):
        text = consent_text(consent.REQUIRED.key, enrolment.consent_version)
        kept.append(
            KeptRecord(
                what=f"{enrolment.cohort.programme.title} · {enrolment.cohort.name}",
                reason=_("Training records and certificates stay verifiable for the period stated in the consent."),
                until=_until(text, _day_start(enrolment.cohort.ends_on)),
            )
        )
    for request in ConsultingRequest.objects.filter(created_by=user, purged_at__isnull=True).order_by("pk"):
        text = consent_text(consent.CONSULTING_REQUIRED.key, request.consent_version or consent.CONSULTING_VERSION)
        kept.append(
            KeptRecord(
                what=request.title,
                reason=_("Consulting engagements are reported to the programme's funders for 5 years."),
                until=_until(text, request.completed_at) if request.state in ENDED_CONSULTING else "",
            )
        )
    return kept


def optional_consents(user) -> list[OptionalConsent]:
    return [
        OptionalConsent(
            holder="programs",
            reference=enrolment.pk,
            key=key,
            title=OPTIONAL_ITEMS[key].title,
            context=f"{enrolment.cohort.programme.title} · {enrolment.cohort.name}",
            granted=bool(granted),
        )
        for enrolment in _enrolments(user).filter(purged_at__isnull=True)
        for key, granted in sorted(enrolment.consent_optional.items())
        if key in OPTIONAL_ITEMS
    ]


@transaction.atomic
def withdraw_consent(user, reference: int, key: str) -> None:
    enrolment = Enrolment.objects.select_for_update().filter(pk=reference, user=user).first()
    if enrolment is None or key not in OPTIONAL_ITEMS:
        raise ValidationError(_("This consent cannot be withdrawn here."), code="unknown_consent")
    enrolment.consent_optional = {**enrolment.consent_optional, key: False}
    enrolment.save(update_fields=["consent_optional"])


def remove(*, user, successor, for_retention: bool) -> None:
    """Leaving: active training applications are cancelled (the seat goes to the next person)."""
    from .services import enrolment_cancel

    for enrolment in Enrolment.objects.filter(user=user, state__in=ACTIVE_STATES):
        enrolment_cancel(enrolment=enrolment)


def _day_start(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


def _purge_enrolments(now) -> list:
    consent_text = consent_text_finder()
    purged = []
    candidates = Enrolment.objects.filter(purged_at__isnull=True, cohort__ends_on__lt=now.date()).exclude(
        state__in=ACTIVE_STATES
    )
    for enrolment in candidates.select_related("cohort", "user").order_by("pk"):
        ended = _day_start(enrolment.cohort.ends_on)
        required_ends = retention_ends(consent_text(consent.REQUIRED.key, enrolment.consent_version), ended)
        if required_ends is not None and required_ends <= now:
            with transaction.atomic():
                locked = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
                certificate = _certificate(locked)
                if certificate is not None and certificate.pdf:
                    certificate.pdf.delete(save=True)
                locked.answers = {}
                locked.consent_ip = None
                locked.offer_token = None
                locked.consent_optional = dict.fromkeys(locked.consent_optional, False)
                locked.purged_at = now
                locked.save(update_fields=["answers", "consent_ip", "offer_token", "consent_optional", "purged_at"])
            purged.append((enrolment.user, ["enrolment.answers", "enrolment.consent_ip", "certificate.pdf"]))
            continue
        # Optional items with a period of their own (the follow-up survey: 2 years).
        expired = [
            key
            for key, granted in enrolment.consent_optional.items()
            if granted
            and (ends := retention_ends(consent_text(key, enrolment.consent_version), ended)) is not None
            and ends <= now
        ]
        if expired:
            with transaction.atomic():
                locked = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
                locked.consent_optional = {**locked.consent_optional, **dict.fromkeys(expired, False)}
                locked.save(update_fields=["consent_optional"])
            purged.append((enrolment.user, [f"enrolment.consent_optional.{key}" for key in expired]))
    return purged


def _purge_consulting(now) -> list:
    consent_text = consent_text_finder()
    purged = []
    candidates = ConsultingRequest.objects.filter(purged_at__isnull=True, state__in=ENDED_CONSULTING)
    for request in (
        candidates.filter(Q(completed_at__lt=now) | Q(completed_at__isnull=True, updated_at__lt=now))
        .select_related("created_by")
        .order_by("pk")
    ):
        text = consent_text(consent.CONSULTING_REQUIRED.key, request.consent_version or consent.CONSULTING_VERSION)
        ends = retention_ends(text, request.completed_at or request.updated_at)
        if ends is None or ends > now:
            continue
        with transaction.atomic():
            locked = ConsultingRequest.objects.select_for_update().get(pk=request.pk)
            for attachment in ConsultingAttachment.objects.filter(request=locked):
                attachment.file.delete(save=False)
                attachment.delete()
            ConsultingRequest.objects.filter(pk=locked.pk).update(consent_ip=None, purged_at=now)
        purged.append((request.created_by, ["consulting.consent_ip", "consulting.attachments"]))
    return purged


def purge(now) -> list:
    """Records past the period of the consent text they were collected under. Idempotent: a purged
    row is marked and never picked again."""
    return _purge_enrolments(now) + _purge_consulting(now)


HOLDER = PersonalDataHolder(
    name="programs",
    export=export,
    kept_on_deletion=kept_on_deletion,
    optional_consents=optional_consents,
    withdraw_consent=withdraw_consent,
    remove=remove,
    purge=purge,
)

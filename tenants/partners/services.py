"""MOUs with partner organisations: terms, status transitions, renewals, obligations and reminders.

Every status change goes through ``mou_transition`` or ``obligation_transition``: they check the
allowed set under a row lock, and django-auditlog records the change (actor and address come from
the request) in the same transaction. Obligations also keep their own readable history
(``ObligationNote`` rows). Reminders go through the outbox with a unique de-duplication key, so the
daily job can run twice, or on two workers at once, and each reminder still goes out once.
"""

import calendar
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.i18n import as_language_columns
from portal.notifications.models import OutboxMessage
from portal.notifications.services import notify
from portal.time import hub_today
from portal.uploads import validate_attachment

from .choices import (
    MOU_TRANSITIONS,
    OBLIGATION_TRANSITIONS,
    RECURRENCE_MONTHS,
    RENEWABLE_MOU_STATUSES,
    MOUStatus,
    ObligationStatus,
    RenewalDecision,
)
from .models import MOU, Obligation, ObligationEvidence, ObligationNote
from .selectors import hub_staff_recipients

MOU_FIELDS = (
    "title_ko",
    "title_en",
    "purpose_ko",
    "purpose_en",
    "programme",
    "signed_on",
    "effective_from",
    "expires_on",
    "auto_renew",
    "notice_period_days",
    "is_public",
)
# Once an MOU has ended its record stays as it was; only what the public sees may still change.
CLOSED_MOU_STATUSES = (MOUStatus.EXPIRED, MOUStatus.TERMINATED)
OBLIGATION_FIELDS = ("party", "title", "description", "due_on", "recurrence")
OBLIGATION_REMINDER_DAYS = (14, 3)
MOU_REMINDER_DAYS = (90, 30, 7)
# Obligations of a draft (not agreed yet) or terminated MOU are not chased.
REMINDED_MOU_STATUSES = (MOUStatus.SIGNED, MOUStatus.ACTIVE, MOUStatus.EXPIRED)


# MOUs


def _store_document(mou: MOU, file) -> None:
    """Check the signed document by content and store it under a random name; a replaced file goes
    once the transaction commits (a rollback keeps it)."""
    previous = mou.document.name if mou.document else ""
    mou.document_type = validate_attachment(file)
    mou.document_name = str(file.name).rsplit("/", 1)[-1][:200]
    mou.document.save("upload", file, save=False)
    if previous:
        storage = mou.document.storage
        transaction.on_commit(lambda: storage.delete(previous))


def _check_parties(partners) -> None:
    if partners is not None and not list(partners):
        raise ValidationError({"partners": _("Choose at least one partner.")}, code="no_partner")


@transaction.atomic
def mou_create(*, partners, firms=(), training_programmes=(), document=None, **fields) -> MOU:
    """A new MOU with its partners (the city and the hub are always a party): a draft, or already
    signed when ``signed_on`` is given (an MOU signed before it is entered here)."""
    fields = as_language_columns(MOU, fields)
    for name in fields:
        if name not in MOU_FIELDS:
            raise ValueError(f"{name} cannot be set here")
    mou = MOU(**fields)
    _check_parties(partners)
    if mou.signed_on:
        _check_signed_on(mou.signed_on)
        mou.status = MOUStatus.SIGNED
        mou.status_changed_at = timezone.now()
    mou.full_clean()
    if document:
        _store_document(mou, document)
    mou.save()
    mou.partners.set(partners)
    mou.firms.set(firms)
    mou.training_programmes.set(training_programmes)
    return mou


@transaction.atomic
def mou_update(*, mou: MOU, partners=None, firms=None, training_programmes=None, document=None, **fields) -> MOU:
    mou = MOU.objects.select_for_update().get(pk=mou.pk)
    fields = as_language_columns(MOU, fields)
    if mou.status in CLOSED_MOU_STATUSES:
        changed = {name for name, value in fields.items() if getattr(mou, name) != value}
        if partners is not None and set(partners) != set(mou.partners.all()):
            changed.add("partners")
        if firms is not None and set(firms) != set(mou.firms.all()):
            changed.add("firms")
        if training_programmes is not None and set(training_programmes) != set(mou.training_programmes.all()):
            changed.add("training_programmes")
        if document or changed - {"is_public"}:
            raise ValidationError(
                _("An MOU that has ended keeps its terms; only whether it is shown publicly can change."),
                code="closed",
            )
    for name, value in fields.items():
        if name not in MOU_FIELDS:
            raise ValueError(f"{name} cannot be changed here")
        if name == "signed_on" and mou.status != MOUStatus.DRAFT and not value:
            raise ValidationError({"signed_on": _("A signed MOU keeps its signing date.")}, code="signed_on")
        if name == "signed_on" and mou.status == MOUStatus.DRAFT and value:
            # Signing is a status change: it goes through mou_sign, not an edit.
            raise ValidationError({"signed_on": _("Record the signing with its own button.")}, code="signed_on")
        setattr(mou, name, value)
    if mou.signed_on:
        _check_signed_on(mou.signed_on)
    _check_parties(partners)
    mou.full_clean()
    if document:
        _store_document(mou, document)
    mou.save()
    if partners is not None:
        mou.partners.set(partners)
    if training_programmes is not None:
        mou.training_programmes.set(training_programmes)
    if firms is not None:
        mou.firms.set(firms)
    return mou


def _check_signed_on(signed_on: date) -> None:
    if signed_on > hub_today():
        raise ValidationError({"signed_on": _("The signing date cannot be in the future.")}, code="future")


@transaction.atomic
def mou_transition(*, mou: MOU, to_status: str, **changes) -> MOU:
    """Move an MOU along draft → signed → active → expired / terminated, nothing else."""
    mou = MOU.objects.select_for_update().get(pk=mou.pk)
    from_status = MOUStatus(mou.status)
    if to_status not in MOU_TRANSITIONS[from_status]:
        raise ValidationError(
            _("An MOU cannot go from “%(from)s” to “%(to)s”.")
            % {"from": from_status.label, "to": MOUStatus(to_status).label},
            code="transition",
        )
    for name, value in changes.items():
        setattr(mou, name, value)
    mou.status = to_status
    mou.status_changed_at = timezone.now()
    mou.full_clean()
    mou.save()
    return mou


def mou_sign(*, mou: MOU, signed_on: date) -> MOU:
    if signed_on is None:
        raise ValidationError({"signed_on": _("Give the signing date.")}, code="required")
    _check_signed_on(signed_on)
    if not mou.partners.exists():
        raise ValidationError({"partners": _("Choose at least one partner.")}, code="no_partner")
    return mou_transition(mou=mou, to_status=MOUStatus.SIGNED, signed_on=signed_on)


def mou_activate(*, mou: MOU, today: date | None = None) -> MOU:
    today = today or hub_today()
    if mou.effective_from > today:
        raise ValidationError(
            _("This MOU takes effect on %(date)s.") % {"date": mou.effective_from.isoformat()}, code="not_yet"
        )
    return mou_transition(mou=mou, to_status=MOUStatus.ACTIVE)


def mou_expire(*, mou: MOU, today: date | None = None) -> MOU:
    today = today or hub_today()
    if mou.expires_on is None or mou.expires_on >= today:
        raise ValidationError(
            _("This MOU has not reached its end date; terminate it to end it early."), code="not_expired"
        )
    return mou_transition(mou=mou, to_status=MOUStatus.EXPIRED)


def mou_terminate(*, mou: MOU, reason: str, terminated_on: date | None = None) -> MOU:
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for the termination.")}, code="reason_required")
    return mou_transition(
        mou=mou,
        to_status=MOUStatus.TERMINATED,
        terminated_on=terminated_on or hub_today(),
        termination_reason=reason.strip(),
    )


@transaction.atomic
def mou_decide_renewal(*, mou: MOU, decision: str) -> MOU:
    """Record that the hub lets the MOU expire (or take that back). Renewing is ``mou_renew``."""
    mou = MOU.objects.select_for_update().get(pk=mou.pk)
    if decision not in (RenewalDecision.LET_EXPIRE, RenewalDecision.UNDECIDED):
        raise ValidationError({"decision": _("Choose whether to let the MOU expire.")}, code="decision")
    if mou.status not in (MOUStatus.SIGNED, MOUStatus.ACTIVE) or mou.renewal_decision == RenewalDecision.RENEWED:
        raise ValidationError(_("The renewal of this MOU can no longer be decided."), code="decided")
    if mou.expires_on is None:
        raise ValidationError(_("This MOU has no end date."), code="no_end")
    mou.renewal_decision = decision
    mou.save(update_fields=["renewal_decision", "updated_at"])
    return mou


@transaction.atomic
def mou_renew(
    *,
    mou: MOU,
    effective_from: date | None = None,
    expires_on: date | None = None,
    signed_on: date | None = None,
) -> MOU:
    """Start the next term: a new MOU linked to this one, for the same length unless told otherwise.

    The new term is a draft to sign, or already signed when ``signed_on`` is given (an automatic
    renewal keeps the original signature).
    """
    mou = MOU.objects.select_for_update().get(pk=mou.pk)
    if mou.status not in RENEWABLE_MOU_STATUSES:
        raise ValidationError(_("Only an MOU in effect or just expired can be renewed."), code="not_renewable")
    if mou.next_terms.exists():
        raise ValidationError(_("This MOU has already been renewed."), code="renewed")
    if effective_from is None:
        if mou.expires_on is None:
            raise ValidationError(
                {"effective_from": _("This MOU has no end date; say when the new term starts.")}, code="required"
            )
        effective_from = mou.expires_on + timedelta(days=1)
    if mou.expires_on and effective_from <= mou.expires_on:
        raise ValidationError(
            {
                "effective_from": _("The new term starts after the current one ends (%(date)s).")
                % {"date": mou.expires_on.isoformat()}
            },
            code="overlap",
        )
    if expires_on is None and mou.expires_on:
        expires_on = effective_from + (mou.expires_on - mou.effective_from)
    if signed_on:
        _check_signed_on(signed_on)
    new_term = MOU(
        previous_term=mou,
        title_ko=mou.title_ko,
        title_en=mou.title_en,
        purpose_ko=mou.purpose_ko,
        purpose_en=mou.purpose_en,
        programme=mou.programme,
        effective_from=effective_from,
        expires_on=expires_on,
        auto_renew=mou.auto_renew,
        notice_period_days=mou.notice_period_days,
        is_public=mou.is_public,
        signed_on=signed_on,
        status=MOUStatus.SIGNED if signed_on else MOUStatus.DRAFT,
        status_changed_at=timezone.now() if signed_on else None,
    )
    new_term.full_clean()
    new_term.save()
    new_term.partners.set(mou.partners.all())
    new_term.firms.set(mou.firms.all())
    new_term.training_programmes.set(mou.training_programmes.all())
    mou.renewal_decision = RenewalDecision.RENEWED
    mou.save(update_fields=["renewal_decision", "updated_at"])
    return new_term


def mous_apply_dates(*, today: date | None = None) -> dict:
    """The daily moves the calendar makes: signed MOUs take effect, and MOUs past their end date
    either renew on their own (automatic renewal, nobody said no) or expire.

    Each MOU moves in its own transaction; one another worker already moved is skipped.
    """
    today = today or hub_today()
    moved = {"activated": 0, "renewed": 0, "expired": 0}

    def attempt(action, key, **kwargs):
        try:
            action(**kwargs)
        except ValidationError:
            return  # moved by someone else meanwhile
        moved[key] += 1

    for mou in MOU.objects.filter(status=MOUStatus.SIGNED, effective_from__lte=today).order_by("pk"):
        attempt(mou_activate, "activated", mou=mou, today=today)
    for mou in MOU.objects.filter(status=MOUStatus.ACTIVE, expires_on__lt=today).order_by("pk"):
        if mou.auto_renew and mou.renewal_decision == RenewalDecision.UNDECIDED:
            attempt(mou_renew, "renewed", mou=mou, signed_on=mou.signed_on)
        attempt(mou_expire, "expired", mou=mou, today=today)
    # A term renewed just now may already be due to take effect.
    for mou in MOU.objects.filter(status=MOUStatus.SIGNED, effective_from__lte=today).order_by("pk"):
        attempt(mou_activate, "activated", mou=mou, today=today)
    return moved


# Obligations


def _add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def _check_party(mou: MOU, party) -> None:
    if party is not None and not mou.partners.filter(pk=party.pk).exists():
        raise ValidationError({"party": _("That organisation is not a party to this MOU.")}, code="not_a_party")


@transaction.atomic
def obligation_create(*, mou: MOU, title: str, party=None, due_on=None, recurrence="", description="") -> Obligation:
    mou = MOU.objects.select_for_update().get(pk=mou.pk)
    if mou.status == MOUStatus.TERMINATED:
        raise ValidationError(_("This MOU is terminated."), code="terminated")
    _check_party(mou, party)
    obligation = Obligation(
        mou=mou, party=party, title=title, due_on=due_on, recurrence=recurrence or "", description=description
    )
    obligation.full_clean()
    obligation.save()
    return obligation


@transaction.atomic
def obligation_update(*, obligation: Obligation, **fields) -> Obligation:
    obligation = Obligation.objects.select_for_update().select_related("mou").get(pk=obligation.pk)
    for name, value in fields.items():
        if name not in OBLIGATION_FIELDS:
            raise ValueError(f"{name} cannot be changed here")
        setattr(obligation, name, value)
    _check_party(obligation.mou, obligation.party)
    obligation.full_clean()
    obligation.save()
    return obligation


@transaction.atomic
def obligation_transition(*, obligation: Obligation, to_status: str, actor=None, note: str = "") -> Obligation:
    """open → done / waived, and back to open; each change is a row of the obligation's history."""
    obligation = Obligation.objects.select_for_update().get(pk=obligation.pk)
    from_status = ObligationStatus(obligation.status)
    if to_status not in OBLIGATION_TRANSITIONS[from_status]:
        raise ValidationError(
            _("An obligation cannot go from “%(from)s” to “%(to)s”.")
            % {"from": from_status.label, "to": ObligationStatus(to_status).label},
            code="transition",
        )
    obligation.status = to_status
    closing = to_status != ObligationStatus.OPEN
    obligation.closed_at = timezone.now() if closing else None
    obligation.closed_by = actor if closing else None
    obligation.save()
    ObligationNote.objects.create(obligation=obligation, text=note.strip(), status_change=to_status, author=actor)
    return obligation


@transaction.atomic
def obligation_complete(*, obligation: Obligation, actor=None, note: str = "") -> Obligation:
    """Mark done; a recurring obligation gets its next occurrence (once, however often this runs)."""
    obligation = obligation_transition(obligation=obligation, to_status=ObligationStatus.DONE, actor=actor, note=note)
    months = RECURRENCE_MONTHS.get(obligation.recurrence)
    if months and not Obligation.objects.filter(previous_occurrence=obligation).exists():
        Obligation.objects.create(
            mou_id=obligation.mou_id,
            party_id=obligation.party_id,
            title=obligation.title,
            description=obligation.description,
            due_on=_add_months(obligation.due_on, months),
            recurrence=obligation.recurrence,
            previous_occurrence=obligation,
        )
    return obligation


def obligation_waive(*, obligation: Obligation, actor=None, reason: str) -> Obligation:
    if not (reason or "").strip():
        raise ValidationError({"note": _("Give the reason for waiving the obligation.")}, code="reason_required")
    return obligation_transition(obligation=obligation, to_status=ObligationStatus.WAIVED, actor=actor, note=reason)


def obligation_reopen(*, obligation: Obligation, actor=None, note: str = "") -> Obligation:
    return obligation_transition(obligation=obligation, to_status=ObligationStatus.OPEN, actor=actor, note=note)


def obligation_add_note(*, obligation: Obligation, text: str, author=None) -> ObligationNote:
    if not (text or "").strip():
        raise ValidationError({"text": _("Write the note.")}, code="required")
    return ObligationNote.objects.create(obligation=obligation, text=text.strip(), author=author)


@transaction.atomic
def evidence_add(*, obligation: Obligation, file, user=None) -> ObligationEvidence:
    """Store an evidence file under a random name after checking its size and type by content."""
    obligation = Obligation.objects.select_for_update().get(pk=obligation.pk)
    evidence = ObligationEvidence.from_upload(file, uploaded_by=user, obligation=obligation)
    evidence.save()
    return evidence


# Reminders


def reminder_threshold(days_left: int, thresholds: tuple[int, ...]) -> int | None:
    """The closest reminder point reached: 10 days before a (14, 3) due date is the 14-day reminder.

    Taking the closest point reached, not only the exact day, means a day the job did not run loses
    no reminder, and something created 2 days before its date gets the 3-day reminder only.
    """
    reached = [threshold for threshold in thresholds if 0 <= days_left <= threshold]
    return min(reached) if reached else None


def _party_name(partner) -> str:
    return partner.name if partner else ""


def _due_reminders(today: date) -> list[tuple[str, str, dict]]:
    """(key, template, context) of every reminder due today, before choosing recipients."""
    site = settings.SITE_URL
    reminders = []
    horizon = today + timedelta(days=max(OBLIGATION_REMINDER_DAYS))
    obligations = (
        Obligation.objects.filter(
            status=ObligationStatus.OPEN, due_on__lte=horizon, mou__status__in=REMINDED_MOU_STATUSES
        )
        .select_related("mou", "party")
        .order_by("due_on", "pk")
    )
    for obligation in obligations:
        days_left = (obligation.due_on - today).days
        context = {
            "obligation_title": obligation.title,
            "mou_title": obligation.mou.title,
            "party": _party_name(obligation.party),
            "due_on": obligation.due_on.isoformat(),
            "days": days_left,
            "url": site + obligation.get_absolute_url(),
        }
        prefix = f"obligation:{obligation.pk}:{obligation.due_on.isoformat()}"
        if days_left < 0:
            reminders.append((f"{prefix}:overdue", "mou_obligation_overdue", {**context, "days": -days_left}))
        elif (threshold := reminder_threshold(days_left, OBLIGATION_REMINDER_DAYS)) is not None:
            reminders.append((f"{prefix}:due:{threshold}", "mou_obligation_due", context))

    horizon = today + timedelta(days=max(MOU_REMINDER_DAYS))
    mous = (
        MOU.objects.filter(status=MOUStatus.ACTIVE, expires_on__isnull=False)
        .exclude(renewal_decision=RenewalDecision.RENEWED)
        .prefetch_related("partners")
        .order_by("expires_on", "pk")
    )
    for mou in mous:
        context = {
            "mou_title": mou.title,
            "partners": ", ".join(partner.name for partner in mou.partners.all()),
            "expires_on": mou.expires_on.isoformat(),
            "notice_deadline": mou.notice_deadline.isoformat(),
            "auto_renew": mou.auto_renew,
            "let_expire": mou.renewal_decision == RenewalDecision.LET_EXPIRE,
            "url": site + mou.get_absolute_url(),
        }
        if mou.expires_on <= horizon:
            days_left = (mou.expires_on - today).days
            threshold = reminder_threshold(days_left, MOU_REMINDER_DAYS)
            if threshold is not None:
                key = f"mou:{mou.pk}:expiry:{threshold}:{mou.expires_on.isoformat()}"
                reminders.append((key, "mou_expiry", {**context, "days": days_left}))
        if mou.renewal_decision == RenewalDecision.UNDECIDED and mou.notice_deadline <= horizon:
            days_left = (mou.notice_deadline - today).days
            threshold = reminder_threshold(days_left, MOU_REMINDER_DAYS)
            if threshold is not None:
                key = f"mou:{mou.pk}:notice:{threshold}:{mou.notice_deadline.isoformat()}"
                reminders.append((key, "mou_notice_deadline", {**context, "days": days_left}))
    return reminders


def mou_reminders_send(*, now=None) -> int:
    """Send the obligation and MOU reminders due today (KST) to the hub's managers; return how many were new.

    Recipients are the active members of the Hub manager role: they run the partnerships. Each
    reminder has its own outbox row per person, keyed by what it is about, the date it counts
    down to (a moved date is reminded again), the reminder point and the person. Rows already
    written are skipped up front; a row written by another run at the same moment is caught by the
    outbox's unique key, so nobody gets the same reminder twice.
    """
    today = hub_today(now)
    recipients = list(hub_staff_recipients())
    messages = [
        (f"{key}:to:{person.pk}", template, context, person)
        for key, template, context in _due_reminders(today)
        for person in recipients
    ]
    already = set(
        OutboxMessage.objects.filter(dedup_key__in=[key for key, *_rest in messages]).values_list(
            "dedup_key", flat=True
        )
    )
    sent = 0
    for key, template, context, person in messages:
        if key in already:
            continue
        # One transaction per mail: it leaves on commit, and a failure stops only that one.
        with transaction.atomic():
            message = notify(
                recipient=person.email,
                user=person,
                language=person.language,
                template=template,
                context=context,
                dedup_key=key,
            )
        sent += message.created_now  # a run racing this one may have written it since the check above
    return sent

"""Seats, waitlist and offers; attendance and completion. The only code that changes them.

Every enrolment state change goes through ``enrolment_transition``, which checks
``ENROLMENT_TRANSITIONS`` (the one bulk change, closing a cohort, is an UPDATE guarded by the same
table). Capacity is never exceeded, whatever the concurrency: every function that takes or frees a
seat first locks the cohort row (``SELECT … FOR UPDATE``), and the seat counter moves with a
conditional UPDATE backed by the ``seats_taken <= capacity`` check constraint.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.notifications.services import notify
from portal.pagecache import public_pages_changed
from tenants.scoping import membership_of
from tenants.selectors import resident_firms

from .. import consent
from ..choices import (
    ACTIVE_STATES,
    ENROLMENT_TRANSITIONS,
    SEAT_HOLDING_STATES,
    AttendanceMethod,
    EnrolmentState,
    SelectionMode,
    enrolment_states_before,
)
from ..models import Attendance, Cohort, Enrolment, Programme, Session


def _lock_cohort(cohort_id: int) -> Cohort:
    return Cohort.objects.select_for_update().get(pk=cohort_id)


def enrolment_transition(*, enrolment: Enrolment, state: str, **fields) -> Enrolment:
    """Move an enrolment to ``state`` if ``ENROLMENT_TRANSITIONS`` allows it, with the fields that change
    along (``seated_at``, ``offer_token`` …), and save them; a new enrolment is saved by its caller.

    Call it with the cohort row locked: seats and waitlist places move under that lock.
    """
    if state not in ENROLMENT_TRANSITIONS[EnrolmentState(enrolment.state)]:
        raise ValidationError(
            _("An application cannot move from “%(from)s” to “%(to)s”.")
            % {"from": EnrolmentState(enrolment.state).label, "to": EnrolmentState(state).label},
            code="transition",
        )
    enrolment.state = state
    for name, value in fields.items():
        setattr(enrolment, name, value)
    if enrolment.pk is not None:
        enrolment.save(update_fields=["state", *fields])
    return enrolment


def _seat_blocker(cohort: Cohort, enrolment: Enrolment) -> str:
    """Why this enrolment cannot take a seat now ("" when it can). Call with the cohort locked."""
    if cohort.seats_taken >= cohort.capacity:
        return _("The cohort is full.")
    holders = cohort.enrolments.filter(state__in=SEAT_HOLDING_STATES)
    if (
        cohort.max_seats_per_firm
        and enrolment.firm_id
        and holders.filter(firm_id=enrolment.firm_id).count() >= cohort.max_seats_per_firm
    ):
        return _("Your firm already has the most seats a firm may take in this cohort.")
    if cohort.resident_priority_seats and not enrolment.is_resident:
        open_to_all = cohort.capacity - cohort.resident_priority_seats
        if holders.filter(is_resident=False).count() >= open_to_all:
            return _("The remaining seats are reserved for resident firms.")
    return ""


def _take_seat(cohort: Cohort) -> None:
    taken = Cohort.objects.filter(pk=cohort.pk, seats_taken__lt=F("capacity")).update(seats_taken=F("seats_taken") + 1)
    if not taken:  # cannot happen under the lock; the database would refuse it anyway
        raise ValidationError(_("The cohort is full."), code="full")
    cohort.seats_taken += 1
    public_pages_changed("programmes")  # seats left; an UPDATE sends no post_save


def _seat_or_waitlist(cohort: Cohort, enrolment: Enrolment) -> Enrolment:
    """A seat if the enrolment may take one now, else the waitlist (cohort locked)."""
    if _seat_blocker(cohort, enrolment):
        return enrolment_transition(enrolment=enrolment, state=EnrolmentState.WAITLISTED)
    _take_seat(cohort)
    return enrolment_transition(enrolment=enrolment, state=EnrolmentState.SEATED, seated_at=timezone.now())


def _free_seat(cohort: Cohort) -> None:
    Cohort.objects.filter(pk=cohort.pk, seats_taken__gt=0).update(seats_taken=F("seats_taken") - 1)
    cohort.seats_taken = max(cohort.seats_taken - 1, 0)
    public_pages_changed("programmes")


def _notify(enrolment: Enrolment, template: str, key: str, **context) -> None:
    user = enrolment.user
    notify(
        recipient=user.email,
        user=user,
        language=user.language,
        template=template,
        context={
            "name": user.get_full_name(),
            "cohort": str(enrolment.cohort),
            "url": settings.SITE_URL + reverse("programs:my_programs"),
            **context,
        },
        dedup_key=key,
    )


def _offer_next(cohort: Cohort, now=None) -> Enrolment | None:
    """Offer a freed seat to the first waitlisted person who may take it (cohort locked)."""
    now = now or timezone.now()
    for candidate in (
        cohort.enrolments.filter(state=EnrolmentState.WAITLISTED)
        .select_related("user", "cohort__programme")
        .order_by("applied_at", "pk")
    ):
        if _seat_blocker(cohort, candidate):
            continue
        _take_seat(cohort)
        enrolment_transition(
            enrolment=candidate,
            state=EnrolmentState.OFFERED,
            offer_expires_at=now + timedelta(hours=cohort.offer_hours),
            offer_token=secrets.token_urlsafe(32),
        )
        _notify(
            candidate,
            "enrolment_offer",
            f"enrolment:{candidate.pk}:offer:{candidate.offer_token}",
            expires_at=timezone.localtime(candidate.offer_expires_at).strftime("%Y-%m-%d %H:%M"),
            accept_url=settings.SITE_URL + reverse("programs:my_programs"),
            decline_url=settings.SITE_URL + reverse("programs:offer_decline", args=[candidate.offer_token]),
        )
        return candidate
    return None


@transaction.atomic
def enrolment_apply(
    *,
    cohort: Cohort,
    user,
    answers: dict | None = None,
    on_behalf_of_firm: bool = False,
    consent_given: bool,
    optional_consents: dict | None = None,
    ip_address: str | None = None,
    now=None,
) -> Enrolment:
    """Apply to a cohort: a seat at once (first come), the waitlist when full, or wait for selection."""
    if not consent_given:
        raise ValidationError({"consent": _("You must agree to the required item to apply.")}, code="consent")
    cohort = _lock_cohort(cohort.pk)
    if not cohort.accepts_applications(now):
        raise ValidationError(_("This cohort is not accepting applications."), code="closed")
    firm = None
    if on_behalf_of_firm:
        membership = membership_of(user)
        if membership is None:
            raise ValidationError({"on_behalf_of_firm": _("Your account does not belong to a firm.")}, code="no_firm")
        firm = membership.firm
    questions = [str(question) for question in cohort.questions]
    answers = {question: str((answers or {}).get(question, "")).strip() for question in questions}
    missing = [question for question, answer in answers.items() if not answer]
    if missing:
        raise ValidationError({"answers": _("Answer every question: %(q)s") % {"q": ", ".join(missing)}})
    enrolment = Enrolment(
        cohort=cohort,
        user=user,
        firm=firm,
        is_resident=bool(firm and resident_firms().filter(pk=firm.pk).exists()),
        answers=answers,
        consent_version=consent.VERSION,
        consent_optional={item.key: bool((optional_consents or {}).get(item.key)) for item in consent.OPTIONAL},
        consent_ip=ip_address,
    )
    if cohort.selection_mode == SelectionMode.FIRST_COME:
        _seat_or_waitlist(cohort, enrolment)
    try:
        with transaction.atomic():
            enrolment.save()
    except IntegrityError as error:
        raise ValidationError(_("You have already applied to this cohort."), code="duplicate") from error
    _notify(enrolment, "enrolment_received", f"enrolment:{enrolment.pk}:received", state=enrolment.state)
    return enrolment


def _release(enrolment: Enrolment, new_state: str, *, from_states=ACTIVE_STATES) -> Enrolment:
    """Move an enrolment out of the cohort; a seat it held goes to the next person in line.

    The state is checked again under the lock: an offer that expired or was declined a moment
    ago must not be overwritten.
    """
    cohort = _lock_cohort(enrolment.cohort_id)
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if enrolment.state not in from_states:
        raise ValidationError(_("This application is no longer active."), code="inactive")
    held_seat = enrolment.state in SEAT_HOLDING_STATES
    enrolment_transition(enrolment=enrolment, state=new_state, cancelled_at=timezone.now(), offer_token=None)
    if held_seat:
        _free_seat(cohort)
        _offer_next(cohort)
    return enrolment


@transaction.atomic
def enrolment_cancel(*, enrolment: Enrolment) -> Enrolment:
    if enrolment.state not in ACTIVE_STATES:
        raise ValidationError(_("This application is no longer active."), code="inactive")
    return _release(enrolment, EnrolmentState.CANCELLED)


@transaction.atomic
def enrolment_decline_offer(*, token: str) -> Enrolment:
    """The one-click "no longer interested" link in every offer mail."""
    enrolment = Enrolment.objects.filter(offer_token=token, state=EnrolmentState.OFFERED).first()
    if enrolment is None:
        raise ValidationError(_("This link is no longer valid."), code="invalid")
    return _release(enrolment, EnrolmentState.CANCELLED, from_states=(EnrolmentState.OFFERED,))


@transaction.atomic
def enrolment_accept_offer(*, enrolment: Enrolment, now=None) -> Enrolment:
    now = now or timezone.now()
    _lock_cohort(enrolment.cohort_id)
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if enrolment.state != EnrolmentState.OFFERED:
        raise ValidationError(_("There is no open offer to accept."), code="no_offer")
    if enrolment.offer_expires_at <= now:
        raise ValidationError(_("The offer has expired."), code="expired")
    return enrolment_transition(enrolment=enrolment, state=EnrolmentState.SEATED, seated_at=now, offer_token=None)


def offers_expire(*, now=None) -> int:
    """Pass every expired offer to the next person in line. Idempotent; safe with two workers."""
    now = now or timezone.now()
    expired = 0
    cohort_ids = (
        Enrolment.objects.filter(state=EnrolmentState.OFFERED, offer_expires_at__lte=now)
        .values_list("cohort_id", flat=True)
        .distinct()
    )
    for cohort_id in list(cohort_ids):
        with transaction.atomic():
            cohort = _lock_cohort(cohort_id)  # a second worker waits here, then finds nothing left
            for enrolment in cohort.enrolments.select_for_update().filter(
                state=EnrolmentState.OFFERED, offer_expires_at__lte=now
            ):
                enrolment_transition(enrolment=enrolment, state=EnrolmentState.OFFER_EXPIRED, offer_token=None)
                _free_seat(cohort)
                _offer_next(cohort, now)
                expired += 1
    return expired


@transaction.atomic
def enrolment_select(*, enrolment: Enrolment) -> Enrolment:
    """Selection mode: staff select an applicant; a seat if one may be taken, else the waitlist."""
    cohort = _lock_cohort(enrolment.cohort_id)
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if enrolment.state != EnrolmentState.APPLIED:
        raise ValidationError(_("Only applications awaiting selection can be selected."), code="state")
    _seat_or_waitlist(cohort, enrolment)
    _notify(enrolment, "enrolment_received", f"enrolment:{enrolment.pk}:{enrolment.state}", state=enrolment.state)
    return enrolment


@transaction.atomic
def enrolment_reject(*, enrolment: Enrolment) -> Enrolment:
    if enrolment.state not in ACTIVE_STATES:
        raise ValidationError(_("This application is no longer active."), code="inactive")
    enrolment = _release(enrolment, EnrolmentState.REJECTED)
    _notify(enrolment, "enrolment_received", f"enrolment:{enrolment.pk}:rejected", state=enrolment.state)
    return enrolment


# Attendance and completion ----------------------------------------------------------------------


@transaction.atomic
def attendance_mark(*, session: Session, present_enrolment_ids: set[int]) -> int:
    """Staff or the instructor mark the whole roster of one session at once."""
    seated = list(session.cohort.enrolments.filter(state=EnrolmentState.SEATED))
    for enrolment in seated:
        Attendance.objects.update_or_create(
            session=session,
            enrolment=enrolment,
            defaults={"present": enrolment.pk in present_enrolment_ids, "method": AttendanceMethod.STAFF},
        )
    return len(seated)


@transaction.atomic
def attendance_check_in(*, session: Session, user, code: str, now=None) -> Attendance:
    """A participant checks in with the code shown in the room, during the session (±30 min)."""
    now = now or timezone.now()
    enrolment = session.cohort.enrolments.filter(user=user, state=EnrolmentState.SEATED).first()
    if enrolment is None:
        raise ValidationError(_("You do not have a seat in this cohort."), code="not_seated")
    if code.strip().upper() != session.check_in_code:
        raise ValidationError({"code": _("That code is not this session's code.")}, code="wrong_code")
    window = timedelta(minutes=30)
    if not session.starts_at - window <= now <= session.ends_at + window:
        raise ValidationError(_("Check-in is open only around the session's time."), code="outside_window")
    attendance, _created = Attendance.objects.update_or_create(
        session=session, enrolment=enrolment, defaults={"present": True, "method": AttendanceMethod.CODE}
    )
    return attendance


def attendance_rate(enrolment: Enrolment, session_count: int) -> int:
    if not session_count:
        return 0
    present = enrolment.attendance.filter(present=True).count()
    return round(100 * present / session_count)


@transaction.atomic
def cohort_close(*, cohort: Cohort) -> Cohort:
    """Decide completion for every seated participant and issue certificates in the background."""
    from ..tasks import certificates_issue

    cohort = _lock_cohort(cohort.pk)
    if cohort.closed_at:
        raise ValidationError(_("This cohort is already closed."), code="closed")
    sessions = cohort.sessions.count()
    for enrolment in cohort.enrolments.select_for_update().filter(state=EnrolmentState.SEATED):
        completed = attendance_rate(enrolment, sessions) >= cohort.completion_threshold
        enrolment_transition(
            enrolment=enrolment, state=EnrolmentState.COMPLETED if completed else EnrolmentState.NOT_COMPLETED
        )
    # Whoever is still waiting leaves the cohort quietly: there is no seat left to offer. One UPDATE,
    # guarded by the transition table like every other state change.
    waiting_states = {EnrolmentState.APPLIED, EnrolmentState.WAITLISTED, EnrolmentState.OFFERED}
    waiting = cohort.enrolments.filter(
        state__in=waiting_states & set(enrolment_states_before(EnrolmentState.CANCELLED))
    )
    held = waiting.filter(state=EnrolmentState.OFFERED).count()
    waiting.update(state=EnrolmentState.CANCELLED, cancelled_at=timezone.now(), offer_token=None)
    Cohort.objects.filter(pk=cohort.pk).update(seats_taken=F("seats_taken") - held)
    public_pages_changed("programmes")
    cohort.closed_at = timezone.now()
    cohort.save(update_fields=["closed_at"])
    transaction.on_commit(lambda: certificates_issue.delay(cohort.pk), robust=True)
    return cohort


def cohort_start_reminders(*, today=None) -> int:
    """The day before a cohort starts, every seated participant who wants it gets a reminder (once)."""
    today = today or timezone.localdate()
    seated = (
        Enrolment.objects.filter(
            state=EnrolmentState.SEATED,
            cohort__starts_on=today + timedelta(days=1),
            cohort__closed_at=None,
            user__remind_cohort_start=True,  # an optional reminder people may turn off
        )
        .select_related("user", "cohort__programme")
        .prefetch_related("cohort__sessions")
    )
    due = 0
    for enrolment in seated:
        first = min(enrolment.cohort.sessions.all(), key=lambda session: session.starts_at, default=None)
        _notify(
            enrolment,
            "cohort_start_reminder",
            f"enrolment:{enrolment.pk}:start-reminder",
            starts_at=timezone.localtime(first.starts_at).strftime("%Y-%m-%d %H:%M") if first else "",
            venue=enrolment.cohort.venue,
        )
        due += 1
    return due


# Programmes and cohorts as staff write them ----------------------------------------------------------

# What staff change on a cohort; the seat counter and the closing stay with the seat services above.
COHORT_EDITABLE_FIELDS = [
    field.attname
    for field in Cohort._meta.concrete_fields
    if field.editable and not field.primary_key and field.name not in ("seats_taken", "closed_at")
]


@transaction.atomic
def programme_save(*, programme: Programme) -> Programme:
    programme.full_clean()
    programme.save()
    return programme


@transaction.atomic
def cohort_save(*, cohort: Cohort) -> Cohort:
    """Save a cohort as staff edited it. An existing cohort is locked and only its editable columns are
    written, so a seat taken meanwhile is neither lost nor exceeded (``seats_taken <= capacity``)."""
    if cohort.pk is None:
        cohort.full_clean()
        cohort.save()
        return cohort
    locked = _lock_cohort(cohort.pk)
    cohort.seats_taken = locked.seats_taken
    cohort.closed_at = locked.closed_at
    cohort.full_clean()
    if cohort.capacity < locked.seats_taken:
        raise ValidationError(
            {
                "capacity": _("%(taken)d seats are already taken; the cohort cannot have fewer.")
                % {"taken": locked.seats_taken}
            },
            code="capacity",
        )
    cohort.save(update_fields=COHORT_EDITABLE_FIELDS)
    return cohort

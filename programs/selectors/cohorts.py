"""Read-side queries for training: the public catalogue, a person's own enrolments, the staff
cohort list and rosters, and the monthly report's cohort figures."""

from datetime import datetime

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    IntegerField,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from ..choices import ACTIVE_STATES, PARTICIPANT_STATES, EnrolmentState
from ..models import Attendance, Cohort, Enrolment, Programme, Session

# Public catalogue and the person's own enrolments ---------------------------------------------


def published_cohorts() -> QuerySet:
    """Cohorts the public may see, with their programme and session count, soonest first.

    Cohorts that have not ended come first (by start date); finished ones follow.
    """
    today = timezone.localdate()
    return (
        Cohort.objects.filter(is_published=True)
        .select_related("programme")
        .annotate(session_count=Count("sessions"), finished=Q(ends_on__lt=today))
        .order_by("finished", "starts_on", "pk")
    )


def next_cohort_state_change(now) -> datetime | None:
    """The next moment a published cohort opens or closes for applications (its public pages change)."""
    moments = Cohort.objects.filter(is_published=True).aggregate(
        opens=Min("applications_open_at", filter=Q(applications_open_at__gt=now)),
        closes=Min("applications_close_at", filter=Q(applications_close_at__gt=now)),
    )
    return min((moment for moment in moments.values() if moment is not None), default=None)


def published_programmes() -> QuerySet:
    """Programmes with at least one published cohort."""
    return Programme.objects.filter(Exists(Cohort.objects.filter(programme=OuterRef("pk"), is_published=True)))


def programmes_with_published_cohorts() -> QuerySet:
    """Published programmes, each with its published cohorts (soonest first) in ``published_cohorts``."""
    cohorts = Cohort.objects.filter(is_published=True).order_by("starts_on", "pk")
    return published_programmes().prefetch_related(Prefetch("cohorts", queryset=cohorts, to_attr="published_cohorts"))


def enrolments_of(user) -> QuerySet:
    """The person's own enrolments, active ones first, then newest first, each with its place on the waitlist.

    ``waitlist_position`` is 1 + the waitlisted enrolments of the cohort that applied earlier
    (the order in which seats are offered), worked out in the same single query.
    """
    ahead = (
        Enrolment.objects.filter(cohort=OuterRef("cohort"), state=EnrolmentState.WAITLISTED)
        .filter(Q(applied_at__lt=OuterRef("applied_at")) | Q(applied_at=OuterRef("applied_at"), pk__lt=OuterRef("pk")))
        .order_by()
        .values("cohort")
        .annotate(count=Count("pk"))
        .values("count")
    )
    position = Case(
        When(state=EnrolmentState.WAITLISTED, then=Coalesce(Subquery(ahead), Value(0)) + Value(1)),
        default=None,
        output_field=IntegerField(),
    )
    return (
        Enrolment.objects.filter(user=user)
        .select_related("cohort__programme", "firm", "certificate")
        .annotate(waitlist_position=position, is_active=Q(state__in=ACTIVE_STATES))
        .order_by("-is_active", "-applied_at", "-pk")
    )


# Staff: the cohort list, rosters and attendance -------------------------------------------------


def staff_cohorts() -> QuerySet:
    """Every cohort with its session, waitlist, selection and offer counts; open ones first, newest first."""
    return (
        Cohort.objects.select_related("programme")
        .annotate(
            session_count=Count("sessions", distinct=True),
            waitlist_count=Count("enrolments", filter=Q(enrolments__state=EnrolmentState.WAITLISTED), distinct=True),
            awaiting_count=Count("enrolments", filter=Q(enrolments__state=EnrolmentState.APPLIED), distinct=True),
            offered_count=Count("enrolments", filter=Q(enrolments__state=EnrolmentState.OFFERED), distinct=True),
        )
        .annotate(finished=ExpressionWrapper(Q(closed_at__isnull=False), output_field=BooleanField()))
        .order_by("finished", "-starts_on", "pk")
    )


# The roster lists people with a seat first, then those waiting, then those who left.
ROSTER_ORDER = {
    state: position
    for position, state in enumerate(
        [
            EnrolmentState.SEATED,
            EnrolmentState.COMPLETED,
            EnrolmentState.NOT_COMPLETED,
            EnrolmentState.OFFERED,
            EnrolmentState.APPLIED,
            EnrolmentState.WAITLISTED,
            EnrolmentState.OFFER_EXPIRED,
            EnrolmentState.REJECTED,
            EnrolmentState.CANCELLED,
        ]
    )
}


def _present_count():
    return Count("attendance", filter=Q(attendance__present=True), distinct=True)


def _rate(present: int, sessions: int) -> int:
    """Attendance in whole percent, as ``services.attendance_rate`` counts it."""
    return round(100 * present / sessions) if sessions else 0


def cohort_roster_rows(cohort: Cohort) -> tuple[list[Session], list[Enrolment]]:
    """The cohort's sessions and enrolments, each enrolment with its present count, waitlist position
    and attendance rate; two queries whatever the size of the cohort."""
    sessions = list(cohort.sessions.annotate(present_count=_present_count()))
    enrolments = list(
        cohort.enrolments.select_related("user", "firm", "certificate").annotate(present_count=_present_count())
    )
    waitlist = sorted(
        (enrolment for enrolment in enrolments if enrolment.state == EnrolmentState.WAITLISTED),
        key=lambda enrolment: (enrolment.applied_at, enrolment.pk),
    )
    for position, enrolment in enumerate(waitlist, start=1):
        enrolment.waitlist_position = position
    for enrolment in enrolments:
        enrolment.is_participant = enrolment.state in PARTICIPANT_STATES
        enrolment.rate = _rate(enrolment.present_count, len(sessions)) if enrolment.is_participant else None
    enrolments.sort(key=lambda enrolment: (ROSTER_ORDER[enrolment.state], enrolment.applied_at, enrolment.pk))
    return sessions, enrolments


def cohort_attendance_marks(cohort: Cohort) -> dict[tuple[int, int], bool]:
    """Whether each participant was present, by (enrolment id, session id), for every session of the cohort."""
    return {
        (enrolment_id, session_id): present
        for enrolment_id, session_id, present in Attendance.objects.filter(session__cohort=cohort).values_list(
            "enrolment_id", "session_id", "present"
        )
    }


def session_marks(session: Session) -> dict[int, Attendance]:
    """The session's attendance rows by enrolment id."""
    return {attendance.enrolment_id: attendance for attendance in Attendance.objects.filter(session=session)}


def session_participants(cohort: Cohort) -> list[Enrolment]:
    """Everyone whose attendance counts, by name, for a session's attendance page."""
    return list(
        cohort.enrolments.filter(state__in=PARTICIPANT_STATES)
        .select_related("user", "firm")
        .order_by("user__name", "user__email", "pk")
    )


def cohorts_with_waitlist() -> QuerySet:
    """Cohorts with their sessions and the number waitlisted, newest first (the staff API)."""
    return (
        Cohort.objects.select_related("programme")
        .prefetch_related("sessions")
        .annotate(waitlisted=Count("enrolments", filter=Q(enrolments__state=EnrolmentState.WAITLISTED)))
        .order_by("-starts_on", "pk")
    )


def roster_with_attendance(cohort: Cohort) -> QuerySet:
    """The cohort's enrolments with the sessions each attended, by state (the staff API)."""
    return (
        cohort.enrolments.select_related("user", "firm")
        .annotate(sessions_attended=Count("attendance", filter=Q(attendance__present=True)))
        .order_by("state", "applied_at", "pk")
    )


# The monthly report ----------------------------------------------------------------------------


def cohorts_running(first_day, last_day) -> QuerySet:
    """Cohorts that ran on any day of the period, with applicants, seats and completions (one query)."""
    return (
        Cohort.objects.filter(is_published=True, starts_on__lte=last_day, ends_on__gte=first_day)
        .select_related("programme")
        .annotate(
            applicant_count=Count("enrolments"),
            seated_count=Count("enrolments", filter=Q(enrolments__state__in=PARTICIPANT_STATES)),
            completed_count=Count("enrolments", filter=Q(enrolments__state=EnrolmentState.COMPLETED)),
            not_completed_count=Count("enrolments", filter=Q(enrolments__state=EnrolmentState.NOT_COMPLETED)),
        )
        .order_by("starts_on", "pk")
    )


def enrolments_applied_between(start, end) -> int:
    return Enrolment.objects.filter(applied_at__gte=start, applied_at__lt=end).count()

"""Training programmes, their cohorts and sessions, enrolments (seats, waitlist, offers),
attendance and completion certificates."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.files import ServedFileField
from portal.search import SearchableModel

from ..choices import AttendanceMethod, CohortState, EnrolmentState, Level, SelectionMode, Topic


def new_code(length: int = 6) -> str:
    """A short code people can type: no 0/O or 1/I."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(length))


class Programme(SearchableModel):
    """A course the hub runs again and again (제조 AI 기초 …); each run is a Cohort."""

    SEARCH_FIELDS = tuple(
        f"{field}_{language}" for field in ("title", "description", "outcomes", "audience") for language in ("ko", "en")
    )

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), unique=True, allow_unicode=False)
    topic = models.CharField(_("topic"), max_length=20, choices=Topic)
    level = models.CharField(_("level"), max_length=20, choices=Level)
    description = models.TextField(_("description"))
    outcomes = models.TextField(_("what participants will be able to do"), blank=True)
    audience = models.TextField(_("who it is for"), blank=True)
    # Declared here, not on the MOU: programs builds on partners, never the reverse. The table is the
    # one the MOU side created first (mou_id, programme_id).
    mous = models.ManyToManyField(
        "partners.MOU",
        blank=True,
        related_name="training_programmes",
        db_table="tenants_mou_training_programmes",
        verbose_name=_("MOUs concerned"),
    )

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("programs:catalogue") + f"?programme={self.slug}"


class Cohort(models.Model):
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="cohorts", verbose_name=_("programme")
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("e.g. 2026 3기"))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    is_online = models.BooleanField(_("online"), default=False)
    capacity = models.PositiveSmallIntegerField(_("seats"))
    seats_taken = models.PositiveSmallIntegerField(_("seats taken"), default=0, editable=False)
    fee = models.PositiveIntegerField(_("fee (KRW)"), default=0, help_text=_("0 for free"))
    language = models.CharField(_("language of instruction"), max_length=8, choices=settings.LANGUAGES, default="ko")
    applications_open_at = models.DateTimeField(_("applications open at"))
    applications_close_at = models.DateTimeField(_("applications close at"))
    selection_mode = models.CharField(
        _("selection"), max_length=20, choices=SelectionMode, default=SelectionMode.FIRST_COME
    )
    eligibility = models.TextField(_("eligibility"), blank=True)
    resident_priority_seats = models.PositiveSmallIntegerField(_("seats reserved for resident firms"), default=0)
    max_seats_per_firm = models.PositiveSmallIntegerField(
        _("most seats per firm"), null=True, blank=True, help_text=_("Empty for no limit.")
    )
    questions = models.JSONField(
        _("questions to applicants"), default=list, blank=True, help_text=_("A list of question texts.")
    )
    completion_threshold = models.PositiveSmallIntegerField(_("attendance needed to complete (%)"), default=80)
    offer_hours = models.PositiveSmallIntegerField(_("hours to accept a freed seat"), default=48)
    is_published = models.BooleanField(_("published"), default=False)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        ordering = ["-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(seats_taken__lte=F("capacity")), name="programs_seats_within_capacity"),
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="programs_cohort_dates_ordered"),
            models.CheckConstraint(
                condition=Q(applications_close_at__gt=F("applications_open_at")),
                name="programs_cohort_window_ordered",
            ),
            models.CheckConstraint(
                condition=Q(resident_priority_seats__lte=F("capacity")), name="programs_priority_within_capacity"
            ),
            models.CheckConstraint(
                condition=Q(completion_threshold__lte=100), name="programs_completion_threshold_percent"
            ),
        ]

    def __str__(self):
        return f"{self.programme} {self.name}"

    def get_absolute_url(self):
        return reverse("programs:cohort_detail", args=[self.pk])

    @property
    def seats_left(self) -> int:
        return max(self.capacity - self.seats_taken, 0)

    def state(self, now=None) -> CohortState:
        now = now or timezone.now()
        if now < self.applications_open_at:
            return CohortState.UPCOMING
        if now >= self.applications_close_at or self.closed_at:
            return CohortState.CLOSED
        if self.seats_taken >= self.capacity:
            return CohortState.FULL
        return CohortState.OPEN

    def accepts_applications(self, now=None) -> bool:
        return self.is_published and self.state(now) in (CohortState.OPEN, CohortState.FULL)


class Session(models.Model):
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("cohort"))
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    check_in_code = models.CharField(_("check-in code"), max_length=8, default=new_code, editable=False)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["cohort", "starts_at"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="programs_session_times_ordered")
        ]

    def __str__(self):
        return f"{self.cohort} · {self.title}"

    def get_absolute_url(self):
        return reverse("programs:session_attendance", args=[self.pk])


class Enrolment(models.Model):
    """One person's application to a cohort and everything that follows: seat, waitlist, offer."""

    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="enrolments", verbose_name=_("cohort"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="enrolments", verbose_name=_("applicant")
    )
    firm = models.ForeignKey(
        "tenants.Firm",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="enrolments",
        verbose_name=_("on behalf of firm"),
    )
    is_resident = models.BooleanField(_("resident firm at application"), default=False)
    state = models.CharField(_("state"), max_length=20, choices=EnrolmentState, default=EnrolmentState.APPLIED)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    applied_at = models.DateTimeField(_("applied at"), default=timezone.now)
    seated_at = models.DateTimeField(_("seated at"), null=True, blank=True)
    offer_expires_at = models.DateTimeField(_("offer expires at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    offer_token = models.CharField(max_length=43, unique=True, null=True, blank=True, editable=False)
    consent_version = models.CharField(_("consent text version"), max_length=20)
    consent_optional = models.JSONField(_("optional consents"), default=dict, blank=True)
    consent_at = models.DateTimeField(_("consented at"), default=timezone.now)
    consent_ip = models.GenericIPAddressField(_("consent IP address"), null=True, blank=True)
    # Set by the retention purge once the period of the consent text has passed (answers, address
    # and certificate PDF removed); the row stays as the programme's count of participants.
    purged_at = models.DateTimeField(_("personal data purged at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["cohort", "applied_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "user"],
                condition=Q(state__in=["applied", "seated", "waitlisted", "offered"]),
                name="programs_one_active_enrolment_per_person",
            )
        ]
        indexes = [models.Index(fields=["cohort", "state", "applied_at"], name="programs_enrolment_queue")]

    def __str__(self):
        return f"{self.user} · {self.cohort} ({self.get_state_display()})"

    def get_absolute_url(self):
        return reverse("programs:my_programs")


class Attendance(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attendance")
    present = models.BooleanField(_("present"), default=False)
    method = models.CharField(_("recorded by"), max_length=10, choices=AttendanceMethod, default=AttendanceMethod.STAFF)
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["session", "enrolment"]
        constraints = [
            models.UniqueConstraint(fields=["session", "enrolment"], name="programs_one_attendance_per_session")
        ]

    def __str__(self):
        return f"{self.enrolment.user} @ {self.session}: {'✓' if self.present else '✗'}"

    def get_absolute_url(self):
        return self.session.get_absolute_url()


def certificate_upload_to(instance, filename):
    return f"certificates/{secrets.token_hex(16)}.pdf"


class Certificate(models.Model):
    enrolment = models.OneToOneField(Enrolment, on_delete=models.PROTECT, related_name="certificate")
    number = models.CharField(_("certificate number"), max_length=30, unique=True)
    verification_code = models.CharField(_("verification code"), max_length=32, unique=True, editable=False)
    issued_on = models.DateField(_("issued on"))
    pdf = ServedFileField(_("PDF"), upload_to=certificate_upload_to, blank=True)

    class Meta:
        verbose_name = _("completion certificate")
        verbose_name_plural = _("completion certificates")
        ordering = ["-issued_on", "number"]

    def __str__(self):
        return self.number

    def get_absolute_url(self):
        return reverse("programs:certificate_verify", args=[self.verification_code])

    def served_file_url(self, field_name: str) -> str:
        return reverse("programs:certificate_download", args=[self.enrolment_id])

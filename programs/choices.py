from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Topic(models.TextChoices):
    AI_BASICS = "ai_basics", _("Manufacturing AI basics")
    DATA = "data", _("Process data analysis")
    VISION = "vision", _("Vision inspection")
    DIGITAL_TWIN = "digital_twin", _("Digital twin and simulation")
    CLOUD = "cloud", _("Cloud and MLOps")
    SECURITY = "security", _("Data security")


class Level(models.TextChoices):
    BEGINNER = "beginner", _("Beginner")
    INTERMEDIATE = "intermediate", _("Intermediate")
    ADVANCED = "advanced", _("Advanced")


class SelectionMode(models.TextChoices):
    FIRST_COME = "first_come", _("First come, first served")
    SELECTION = "selection", _("Selection by staff")


class CohortState(models.TextChoices):
    """What the public sees of a cohort, derived from its dates and seats."""

    UPCOMING = "upcoming", _("Upcoming")
    OPEN = "open", pgettext_lazy("cohort state", "Open for applications")
    FULL = "full", _("Full — waitlist open")
    CLOSED = "closed", pgettext_lazy("cohort state", "Applications closed")


class EnrolmentState(models.TextChoices):
    APPLIED = "applied", _("Applied (awaiting selection)")
    SEATED = "seated", _("Seated")
    WAITLISTED = "waitlisted", _("Waitlisted")
    OFFERED = "offered", _("Seat offered")
    CANCELLED = "cancelled", pgettext_lazy("enrolment", "Cancelled")
    REJECTED = "rejected", pgettext_lazy("enrolment", "Not selected")
    OFFER_EXPIRED = "offer_expired", _("Offer expired")
    COMPLETED = "completed", _("Completed")
    NOT_COMPLETED = "not_completed", _("Did not complete")


# States that hold a seat: an offered seat is kept for the offer until it is accepted or expires.
SEAT_HOLDING_STATES = (EnrolmentState.SEATED, EnrolmentState.OFFERED)
ACTIVE_STATES = (EnrolmentState.APPLIED, EnrolmentState.SEATED, EnrolmentState.WAITLISTED, EnrolmentState.OFFERED)


class AttendanceMethod(models.TextChoices):
    STAFF = "staff", _("Marked by staff")
    CODE = "code", _("Checked in with the session code")

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tenants.choices import Industry


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
    COMPLETED = "completed", pgettext_lazy("enrolment", "Completed")
    NOT_COMPLETED = "not_completed", _("Did not complete")


ENROLMENT_TRANSITIONS = {
    EnrolmentState.APPLIED: {
        EnrolmentState.SEATED,
        EnrolmentState.WAITLISTED,
        EnrolmentState.CANCELLED,
        EnrolmentState.REJECTED,
    },
    EnrolmentState.WAITLISTED: {EnrolmentState.OFFERED, EnrolmentState.CANCELLED, EnrolmentState.REJECTED},
    EnrolmentState.OFFERED: {
        EnrolmentState.SEATED,
        EnrolmentState.OFFER_EXPIRED,
        EnrolmentState.CANCELLED,
        EnrolmentState.REJECTED,
    },
    EnrolmentState.SEATED: {
        EnrolmentState.COMPLETED,
        EnrolmentState.NOT_COMPLETED,
        EnrolmentState.CANCELLED,
        EnrolmentState.REJECTED,
    },
    EnrolmentState.CANCELLED: set(),
    EnrolmentState.REJECTED: set(),
    EnrolmentState.OFFER_EXPIRED: set(),
    EnrolmentState.COMPLETED: set(),
    EnrolmentState.NOT_COMPLETED: set(),
}


def enrolment_states_before(state: str) -> list[str]:
    """The states an enrolment may move to ``state`` from, for an UPDATE guarded by the table."""
    return [source for source, targets in ENROLMENT_TRANSITIONS.items() if state in targets]


# States that hold a seat: an offered seat is kept for the offer until it is accepted or expires.
SEAT_HOLDING_STATES = (EnrolmentState.SEATED, EnrolmentState.OFFERED)
ACTIVE_STATES = (EnrolmentState.APPLIED, EnrolmentState.SEATED, EnrolmentState.WAITLISTED, EnrolmentState.OFFERED)
# Everyone whose attendance counts: seated now, or seated until the cohort closed.
PARTICIPANT_STATES = (EnrolmentState.SEATED, EnrolmentState.COMPLETED, EnrolmentState.NOT_COMPLETED)


class AttendanceMethod(models.TextChoices):
    STAFF = "staff", _("Marked by staff")
    CODE = "code", _("Checked in with the session code")


# --- AI-adoption consulting -------------------------------------------------------------------


# Consulting serves manufacturing firms: the manufacturing part of the one industry list (tenants').
CONSULTING_INDUSTRIES = (
    Industry.MACHINERY,
    Industry.AEROSPACE,
    Industry.DEFENCE,
    Industry.AUTOMOTIVE,
    Industry.DRONES,
    Industry.OTHER,
)
CONSULTING_INDUSTRY_CHOICES = [(industry.value, industry.label) for industry in CONSULTING_INDUSTRIES]


class ConsultingCategory(models.TextChoices):
    """What kind of AI adoption a request is about; each is also a skill slug experts may have."""

    QUALITY = "quality", _("Quality and vision inspection")
    PROCESS_CONTROL = "process_control", _("Process control")
    LOT_TRACKING = "lot_tracking", _("LOT tracking")
    INJECTION_MOULDING = "injection_moulding", _("Injection moulding")
    PREDICTIVE_MAINTENANCE = "predictive_maintenance", _("Predictive maintenance")
    VIRTUAL_COMMISSIONING = "virtual_commissioning", _("Virtual commissioning")
    OTHER = "other", pgettext_lazy("kind", "Other")


class ConsultingState(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("consulting", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("consulting", "Submitted")
    TRIAGED = "triaged", pgettext_lazy("consulting", "Triaged")
    ASSIGNED = "assigned", pgettext_lazy("consulting", "Experts assigned")
    IN_PROGRESS = "in_progress", pgettext_lazy("consulting", "In progress")
    COMPLETED = "completed", pgettext_lazy("consulting", "Completed")
    DECLINED = "declined", pgettext_lazy("consulting", "Closed: declined")
    WITHDRAWN = "withdrawn", pgettext_lazy("consulting", "Closed: withdrawn")


CONSULTING_TRANSITIONS = {
    ConsultingState.DRAFT: {ConsultingState.SUBMITTED, ConsultingState.WITHDRAWN},
    ConsultingState.SUBMITTED: {ConsultingState.TRIAGED, ConsultingState.DECLINED, ConsultingState.WITHDRAWN},
    ConsultingState.TRIAGED: {ConsultingState.ASSIGNED, ConsultingState.DECLINED, ConsultingState.WITHDRAWN},
    ConsultingState.ASSIGNED: {ConsultingState.IN_PROGRESS, ConsultingState.DECLINED, ConsultingState.WITHDRAWN},
    ConsultingState.IN_PROGRESS: {ConsultingState.COMPLETED, ConsultingState.WITHDRAWN},
    ConsultingState.COMPLETED: set(),
    ConsultingState.DECLINED: set(),
    ConsultingState.WITHDRAWN: set(),
}
# Engagements that occupy their experts: these count towards an expert's load.
ACTIVE_ENGAGEMENT_STATES = (ConsultingState.ASSIGNED, ConsultingState.IN_PROGRESS)
# States in which experts work on the engagement (milestones, KPIs).
ENGAGEMENT_STATES = (ConsultingState.ASSIGNED, ConsultingState.IN_PROGRESS, ConsultingState.COMPLETED)


class Priority(models.TextChoices):
    LOW = "low", _("Low")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")


class MilestoneKind(models.TextChoices):
    DIAGNOSIS = "diagnosis", _("Diagnosis")
    DATA_COLLECTION = "data_collection", _("Data collection")
    POC = "poc", _("Proof of concept")
    DEPLOYMENT = "deployment", _("Deployment")
    EVALUATION = "evaluation", _("Evaluation")
    CUSTOM = "custom", _("Custom")


class MilestoneStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", pgettext_lazy("milestone", "In progress")
    DONE = "done", pgettext_lazy("milestone", "Done")
    SKIPPED = "skipped", _("Skipped")


class Kpi(models.TextChoices):
    PRODUCTIVITY = "productivity", _("Productivity")
    DEFECT_RATE = "defect_rate", _("Defect rate")
    PROCESS_TIME = "process_time", _("Process time")
    WORKLOAD = "workload", _("Worker workload")


# +1: a rise is an improvement (productivity); -1: a fall is (defects, time, workload).
KPI_DIRECTION = {Kpi.PRODUCTIVITY: 1, Kpi.DEFECT_RATE: -1, Kpi.PROCESS_TIME: -1, Kpi.WORKLOAD: -1}


class TargetScope(models.TextChoices):
    YEAR = "year", _("This year")
    COMPLETION = "completion", _("At completion")


class FundingSource(models.TextChoices):
    NATIONAL = "national", _("National")
    LOCAL = "local", _("Local")
    OTHER = "other", pgettext_lazy("kind", "Other")

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class EntityType(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual business")
    CORPORATION = "corporation", _("Corporation (head office)")
    CORPORATION_BRANCH = "corporation_branch", _("Corporation (branch)")
    NON_PROFIT = "non_profit", _("Non-profit corporation")
    PUBLIC_BODY = "public_body", _("State or local government")
    FOREIGN_CORPORATION = "foreign", _("Foreign corporation")
    OTHER_ORGANISATION = "other", _("Other organisation")


class Industry(models.TextChoices):
    AI_SOFTWARE = "ai_software", _("AI and software")
    DATA_CLOUD = "data_cloud", _("Data and cloud")
    IOT_5G = "iot_5g", _("IoT, 5G and networks")
    DIGITAL_TWIN = "digital_twin", _("Digital twin and simulation")
    ROBOTICS = "robotics", _("Robotics and automation")
    MACHINERY = "machinery", _("Machinery")
    AEROSPACE = "aerospace", _("Aerospace")
    DEFENCE = "defence", _("Defence")
    AUTOMOTIVE = "automotive", _("Automotive")
    DRONES = "drones", _("Drones")
    OTHER = "other", pgettext_lazy("kind", "Other")


class BusinessStatus(models.TextChoices):
    """The national tax service's business status (계속/휴업/폐업)."""

    NOT_CHECKED = "not_checked", pgettext_lazy("business status", "Not checked")
    OPEN = "open", pgettext_lazy("business status", "Open")
    SUSPENDED = "suspended", pgettext_lazy("business status", "Suspended")
    CLOSED = "closed", pgettext_lazy("business status", "Closed")


class MembershipRole(models.TextChoices):
    REPRESENTATIVE = "representative", _("Representative account")
    MEMBER = "member", _("Member")


class SpaceKind(models.TextChoices):
    ROOM = "room", _("Private room")
    DESK = "desk", _("Desk")


class LeaseStatus(models.TextChoices):
    ACTIVE = "active", pgettext_lazy("lease status", "Active")
    ENDED = "ended", pgettext_lazy("lease status", "Ended")


class ApplicationStage(models.TextChoices):
    """접수 → 검토 → 선정 / 탈락, plus 취소 (withdrawn by the firm before review) and 보완 요청
    (returned by staff for correction; the firm resubmits by the correction deadline)."""

    DRAFT = "draft", pgettext_lazy("application stage", "Draft")
    SUBMITTED = "submitted", _("Received")
    RETURNED = "returned", _("Returned for correction")
    UNDER_REVIEW = "under_review", _("Under review")
    SELECTED = "selected", _("Selected")
    REJECTED = "rejected", pgettext_lazy("application stage", "Not selected")
    WITHDRAWN = "withdrawn", pgettext_lazy("application stage", "Withdrawn")


APPLICATION_TRANSITIONS = {
    ApplicationStage.DRAFT: {ApplicationStage.SUBMITTED, ApplicationStage.WITHDRAWN},
    ApplicationStage.SUBMITTED: {ApplicationStage.UNDER_REVIEW, ApplicationStage.RETURNED, ApplicationStage.WITHDRAWN},
    # Resubmitted by the correction deadline; not selected when it passed without a correction.
    ApplicationStage.RETURNED: {ApplicationStage.SUBMITTED, ApplicationStage.REJECTED, ApplicationStage.WITHDRAWN},
    ApplicationStage.UNDER_REVIEW: {ApplicationStage.SELECTED, ApplicationStage.REJECTED},
    ApplicationStage.SELECTED: set(),
    ApplicationStage.REJECTED: set(),
    ApplicationStage.WITHDRAWN: set(),
}
DECISION_STAGES = (ApplicationStage.SELECTED, ApplicationStage.REJECTED)
# The firm may change the application's content and attachments in these stages.
EDITABLE_STAGES = (ApplicationStage.DRAFT, ApplicationStage.RETURNED)


class CallState(models.TextChoices):
    DRAFT = "draft", _("Not published")
    UPCOMING = "upcoming", _("Upcoming")
    OPEN = "open", pgettext_lazy("call state", "Open")
    CLOSED = "closed", pgettext_lazy("call state", "Closed")


class ConflictState(models.TextChoices):
    PENDING = "pending", _("Not declared yet")
    NONE = "none", _("No conflict")
    CONFLICT = "conflict", _("Conflict of interest")


class RenewalStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("renewal", "Pending")
    APPROVED = "approved", pgettext_lazy("lease renewal", "Renewed")
    DECLINED = "declined", pgettext_lazy("renewal", "Declined")

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
    OTHER = "other", _("Other")


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

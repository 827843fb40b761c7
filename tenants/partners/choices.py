"""Statuses and kinds of partners, MOUs and obligations, with their allowed transitions."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PartnerKind(models.TextChoices):
    CLOUD = "cloud", _("Cloud")
    SOFTWARE = "software", _("Simulation and software")
    UNIVERSITY = "university", _("University")
    RESEARCH_INSTITUTE = "research", _("Research institute")
    MANUFACTURER = "manufacturer", _("Manufacturer")
    PUBLIC_BODY = "public_body", _("Public body")
    OTHER = "other", pgettext_lazy("partner kind", "Other")


class MOUStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("MOU status", "Draft")
    SIGNED = "signed", pgettext_lazy("MOU status", "Signed")
    ACTIVE = "active", pgettext_lazy("MOU status", "In effect")
    EXPIRED = "expired", pgettext_lazy("MOU status", "Expired")
    TERMINATED = "terminated", pgettext_lazy("MOU status", "Terminated")


MOU_TRANSITIONS = {
    MOUStatus.DRAFT: {MOUStatus.SIGNED},
    MOUStatus.SIGNED: {MOUStatus.ACTIVE, MOUStatus.TERMINATED},
    MOUStatus.ACTIVE: {MOUStatus.EXPIRED, MOUStatus.TERMINATED},
    MOUStatus.EXPIRED: set(),
    MOUStatus.TERMINATED: set(),
}
# What the public site shows of an MOU marked public: never a draft, never one called off.
PUBLIC_MOU_STATUSES = (MOUStatus.SIGNED, MOUStatus.ACTIVE, MOUStatus.EXPIRED)
# A new term may follow one that is in effect or has just run out.
RENEWABLE_MOU_STATUSES = (MOUStatus.ACTIVE, MOUStatus.EXPIRED)


class RenewalDecision(models.TextChoices):
    UNDECIDED = "undecided", _("Not decided")
    RENEWED = "renewed", pgettext_lazy("MOU renewal", "Renewed")
    LET_EXPIRE = "let_expire", _("Let expire")


class ObligationStatus(models.TextChoices):
    """What staff record; "overdue" is never stored (see ObligationState)."""

    OPEN = "open", pgettext_lazy("obligation status", "Open")
    DONE = "done", pgettext_lazy("obligation status", "Done")
    WAIVED = "waived", pgettext_lazy("obligation status", "Waived")


class ObligationState(models.TextChoices):
    """The status as shown: an open obligation past its due date (in KST) is overdue."""

    OPEN = "open", pgettext_lazy("obligation status", "Open")
    OVERDUE = "overdue", pgettext_lazy("obligation status", "Overdue")
    DONE = "done", pgettext_lazy("obligation status", "Done")
    WAIVED = "waived", pgettext_lazy("obligation status", "Waived")


OBLIGATION_TRANSITIONS = {
    ObligationStatus.OPEN: {ObligationStatus.DONE, ObligationStatus.WAIVED},
    ObligationStatus.DONE: {ObligationStatus.OPEN},
    ObligationStatus.WAIVED: {ObligationStatus.OPEN},
}


class Recurrence(models.TextChoices):
    NONE = "", _("Once")
    MONTHLY = "monthly", _("Every month")
    QUARTERLY = "quarterly", _("Every quarter")
    YEARLY = "yearly", _("Every year")


RECURRENCE_MONTHS = {Recurrence.MONTHLY: 1, Recurrence.QUARTERLY: 3, Recurrence.YEARLY: 12}

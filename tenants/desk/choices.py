"""Categories, urgency and states of service-desk requests, with the one transition table."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class RequestCategory(models.TextChoices):
    REPAIRS = "repairs", _("Repairs")
    ACCESS_CARD = "access_card", _("Access card")
    PARKING = "parking", _("Parking")
    NETWORK = "network", _("Network")
    CLEANING = "cleaning", _("Cleaning")
    MOVE = "move", _("Moving in or out")
    DOCUMENT = "document", _("Document (certificate of residence)")


# Working days the hub gives itself per category unless staff set otherwise (desk.ServiceLevel).
DEFAULT_SERVICE_LEVELS = {
    RequestCategory.REPAIRS: 2,
    RequestCategory.ACCESS_CARD: 1,
    RequestCategory.PARKING: 2,
    RequestCategory.NETWORK: 1,
    RequestCategory.CLEANING: 2,
    RequestCategory.MOVE: 5,
    RequestCategory.DOCUMENT: 2,
}


class Priority(models.TextChoices):
    LOW = "low", _("Low")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")
    URGENT = "urgent", _("Urgent")


# The queue sorts the most pressing first.
PRIORITY_ORDER = {Priority.URGENT: 0, Priority.HIGH: 1, Priority.NORMAL: 2, Priority.LOW: 3}


class RequestState(models.TextChoices):
    RECEIVED = "received", _("Received")
    IN_PROGRESS = "in_progress", pgettext_lazy("service request state", "In progress")
    WAITING = "waiting", pgettext_lazy("service request state", "Waiting for the firm")
    RESOLVED = "resolved", pgettext_lazy("service request state", "Resolved")
    CLOSED = "closed", pgettext_lazy("service request state", "Closed")
    REJECTED = "rejected", pgettext_lazy("service request state", "Rejected")


class Actor(models.TextChoices):
    """Who moves a request: hub staff, the firm's person who filed it, or the daily job."""

    STAFF = "staff", _("Hub staff")
    FIRM = "firm", _("The firm")
    SYSTEM = "system", _("Automatic")


# (from, to) -> who may make that move. The firm reopens a resolved request within the reopen
# window or confirms it closed; its reply to a request waiting for it puts it back in progress.
# The daily job closes what stayed resolved past the window.
REQUEST_TRANSITIONS = {
    (RequestState.RECEIVED, RequestState.IN_PROGRESS): {Actor.STAFF},
    (RequestState.RECEIVED, RequestState.WAITING): {Actor.STAFF},
    (RequestState.RECEIVED, RequestState.RESOLVED): {Actor.STAFF},
    (RequestState.RECEIVED, RequestState.REJECTED): {Actor.STAFF},
    (RequestState.IN_PROGRESS, RequestState.WAITING): {Actor.STAFF},
    (RequestState.IN_PROGRESS, RequestState.RESOLVED): {Actor.STAFF},
    (RequestState.IN_PROGRESS, RequestState.REJECTED): {Actor.STAFF},
    (RequestState.WAITING, RequestState.IN_PROGRESS): {Actor.STAFF, Actor.FIRM},
    (RequestState.WAITING, RequestState.RESOLVED): {Actor.STAFF},
    (RequestState.WAITING, RequestState.REJECTED): {Actor.STAFF},
    (RequestState.RESOLVED, RequestState.IN_PROGRESS): {Actor.FIRM, Actor.STAFF},
    (RequestState.RESOLVED, RequestState.CLOSED): {Actor.FIRM, Actor.STAFF, Actor.SYSTEM},
}
# Requests still on the hub's plate: counted against the service level, shown overdue.
OPEN_STATES = (RequestState.RECEIVED, RequestState.IN_PROGRESS, RequestState.WAITING)
FINISHED_STATES = (RequestState.RESOLVED, RequestState.CLOSED, RequestState.REJECTED)
# Working days after resolution in which the firm may reopen; then the request closes by itself.
REOPEN_WINDOW_WORKING_DAYS = 5


def allowed_targets(state: str, actor: str) -> list[str]:
    return [to for (from_, to), actors in REQUEST_TRANSITIONS.items() if from_ == state and actor in actors]


class EntryKind(models.TextChoices):
    STATE_CHANGE = "state", _("Status change")
    REPLY = "reply", _("Reply")
    INTERNAL_NOTE = "note", _("Internal note")

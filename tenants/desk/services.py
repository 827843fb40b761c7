"""The service desk: filing a request, its one state machine, replies, notes, service levels.

Every state change goes through ``service_request_transition``: it locks the row, checks the move
against ``REQUEST_TRANSITIONS`` for the actor (staff, the firm, the daily job), writes the timeline
row and the mail to the requester (outbox, in their language, one per timeline row) in the same
transaction. Internal notes are timeline rows too, but they never mail anyone and the firm's reads
(``RequestEntry.objects.for_firm``) leave them out.
"""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.notifications.services import notify
from portal.time import add_working_days, hub_today
from tenants.scoping import require_membership
from tenants.selectors import current_leases

from .choices import (
    DEFAULT_SERVICE_LEVELS,
    REQUEST_TRANSITIONS,
    Actor,
    EntryKind,
    Priority,
    RequestCategory,
    RequestState,
)
from .models import RequestAttachment, RequestEntry, ServiceLevel, ServiceRequest

MAX_FILES_PER_ENTRY = 5


# Service levels


def service_level_days(category: str) -> int:
    """The working days staff set for the category, else the default of ``DEFAULT_SERVICE_LEVELS``."""
    level = ServiceLevel.objects.filter(category=category).values_list("working_days", flat=True).first()
    return level or DEFAULT_SERVICE_LEVELS[RequestCategory(category)]


def service_request_due_on(category: str, received_on) -> date:
    """Due ``n`` working days after the day it came in (KST): weekends and Korean public holidays do not count."""
    return add_working_days(received_on, service_level_days(category))


@transaction.atomic
def service_level_set(*, category: str, working_days: int) -> ServiceLevel:
    level = ServiceLevel.objects.filter(category=category).first() or ServiceLevel(category=category)
    level.working_days = working_days
    level.full_clean()
    level.save()
    return level


# Filing and the firm's side


def request_sites(firm):
    """The sites where the firm holds a current lease: the only places it can ask about."""
    from tenants.models import Site

    return Site.objects.filter(spaces__leases__in=current_leases().filter(firm=firm)).distinct().order_by("name")


def _store_files(service_request: ServiceRequest, entry: RequestEntry | None, files, user) -> None:
    files = [file for file in files or () if file]
    if len(files) > MAX_FILES_PER_ENTRY:
        raise ValidationError(
            {"files": _("Attach at most %(count)s files at a time.") % {"count": MAX_FILES_PER_ENTRY}},
            code="too_many_files",
        )
    for file in files:
        try:
            RequestAttachment.from_upload(file, request=service_request, entry=entry, uploaded_by=user).save()
        except ValidationError as error:
            raise ValidationError({"files": error.messages}, code="attachment") from error


def _mail_requester(service_request: ServiceRequest, entry: RequestEntry, *, template: str) -> None:
    requester = service_request.requester
    if not requester.is_active or not requester.email:
        return
    notify(
        recipient=requester.email,
        user=requester,
        language=requester.language,
        template=template,
        context={
            "reference": service_request.reference,
            "subject": service_request.subject,
            "state": service_request.state,
            "text": entry.text,
            "url": settings.SITE_URL + service_request.get_absolute_url(),
        },
        dedup_key=f"desk-entry-{entry.pk}",
    )


@transaction.atomic
def service_request_create(
    *, user, category: str, site, subject: str, description: str, urgency: str = Priority.NORMAL, space=None, files=()
) -> ServiceRequest:
    """A resident firm's person files a request; it is due by the category's service level."""
    membership = require_membership(user)
    firm = membership.firm
    if not request_sites(firm).filter(pk=site.pk).exists():
        raise ValidationError({"site": _("Your firm has no current lease at this site.")}, code="not_resident")
    if space is not None and space.site_id != site.pk:
        raise ValidationError({"space": _("That space is not at the chosen site.")}, code="space_site")
    now = timezone.now()
    service_request = ServiceRequest(
        firm=firm,
        requester=user,
        category=category,
        site=site,
        space=space,
        subject=(subject or "").strip(),
        description=(description or "").strip(),
        urgency=urgency,
        priority=urgency,
        created_at=now,
        state_changed_at=now,
        due_on=service_request_due_on(category, hub_today(now)),
    )
    service_request.full_clean()
    service_request.save()
    entry = RequestEntry.objects.create(
        request=service_request,
        kind=EntryKind.STATE_CHANGE,
        to_state=RequestState.RECEIVED,
        actor=Actor.FIRM,
        author=user,
        created_at=now,
    )
    _store_files(service_request, entry, files, user)
    _mail_requester(service_request, entry, template="desk_request_received")
    return service_request


@transaction.atomic
def service_request_transition(
    *, service_request: ServiceRequest, to_state: str, actor: str, user=None, text: str = ""
) -> ServiceRequest:
    """Move a request along the table for this actor, with its timeline row and the requester's mail.

    ``text`` is the public message of the change (the reason for a rejection, what was done, what
    the firm is asked for); the firm reads it.
    """
    service_request = ServiceRequest.objects.select_for_update().select_related("requester").get(pk=service_request.pk)
    from_state = RequestState(service_request.state)
    to_state = RequestState(to_state)
    if actor not in REQUEST_TRANSITIONS.get((from_state, to_state), ()):
        raise ValidationError(
            _("A request cannot go from “%(from)s” to “%(to)s”.") % {"from": from_state.label, "to": to_state.label},
            code="transition",
        )
    text = (text or "").strip()
    now = timezone.now()
    if to_state == RequestState.REJECTED:
        if not text:
            raise ValidationError({"text": _("Give the reason for the rejection.")}, code="reason_required")
        service_request.rejection_reason = text
    if to_state == RequestState.RESOLVED:
        service_request.resolved_at = now
        service_request.reopen_until = ServiceRequest.reopen_window_ends(hub_today(now))
    elif from_state == RequestState.RESOLVED and to_state == RequestState.IN_PROGRESS:
        # Reopened: the resolution no longer stands, and the request is due again from today.
        service_request.resolved_at = None
        service_request.reopen_until = None
        service_request.due_on = service_request_due_on(service_request.category, hub_today(now))
    if to_state in (RequestState.CLOSED, RequestState.REJECTED):
        service_request.closed_at = now
    service_request.state = to_state
    service_request.state_changed_at = now
    service_request.save()
    entry = RequestEntry.objects.create(
        request=service_request,
        kind=EntryKind.STATE_CHANGE,
        from_state=from_state,
        to_state=to_state,
        actor=actor,
        author=user,
        text=text,
        created_at=now,
    )
    if actor != Actor.FIRM:
        _mail_requester(service_request, entry, template="desk_request_changed")
    return service_request


@transaction.atomic
def service_request_reply(
    *, service_request: ServiceRequest, user, text: str, actor: str, internal: bool = False, files=()
) -> RequestEntry:
    """A public reply (staff or firm) or a staff-only internal note.

    A staff reply mails the requester; the firm's reply to a request waiting for it puts it back in
    progress. Internal notes carry no files (every file of a request is the firm's to see).
    """
    service_request = ServiceRequest.objects.select_for_update().select_related("requester").get(pk=service_request.pk)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write the message.")}, code="required")
    if internal and actor != Actor.STAFF:
        raise ValueError("only staff write internal notes")
    if internal and files:
        raise ValidationError({"files": _("Internal notes carry no files: the firm sees every file.")}, code="files")
    if service_request.state in (RequestState.CLOSED, RequestState.REJECTED) and not internal:
        raise ValidationError(_("This request is finished; file a new one."), code="finished")
    entry = RequestEntry.objects.create(
        request=service_request,
        kind=EntryKind.INTERNAL_NOTE if internal else EntryKind.REPLY,
        text=text,
        actor=actor,
        author=user,
    )
    _store_files(service_request, entry, files, user)
    if actor == Actor.STAFF and not internal:
        _mail_requester(service_request, entry, template="desk_request_reply")
    if actor == Actor.FIRM and service_request.state == RequestState.WAITING:
        service_request_transition(
            service_request=service_request, to_state=RequestState.IN_PROGRESS, actor=Actor.FIRM, user=user
        )
    return entry


def service_request_reopen(*, service_request: ServiceRequest, user, text: str) -> ServiceRequest:
    """The firm says a resolved request is not done, within the reopen window."""
    if not service_request.can_be_reopened():
        raise ValidationError(_("The reopen window of this request has ended; file a new request."), code="window")
    if not (text or "").strip():
        raise ValidationError({"text": _("Say what is still wrong.")}, code="required")
    return service_request_transition(
        service_request=service_request, to_state=RequestState.IN_PROGRESS, actor=Actor.FIRM, user=user, text=text
    )


def service_request_confirm(*, service_request: ServiceRequest, user) -> ServiceRequest:
    """The firm confirms a resolved request is done: it closes at once."""
    return service_request_transition(
        service_request=service_request, to_state=RequestState.CLOSED, actor=Actor.FIRM, user=user
    )


# Staff


@transaction.atomic
def service_request_assign(*, service_request: ServiceRequest, owner=None, priority: str, due_on) -> ServiceRequest:
    """Staff set the owner (a staff member who may work on requests), priority and due date."""
    service_request = ServiceRequest.objects.select_for_update().get(pk=service_request.pk)
    if owner is not None and not owner.has_perm("desk.manage_servicerequest"):
        raise ValidationError({"owner": _("The owner must be hub staff who work on requests.")}, code="owner")
    if due_on is None:
        raise ValidationError({"due_on": _("Give the due date.")}, code="required")
    service_request.owner = owner
    service_request.priority = priority
    service_request.due_on = due_on
    service_request.full_clean()
    service_request.save(update_fields=["owner", "priority", "due_on", "updated_at"])
    return service_request


def service_requests_close_resolved(*, today=None) -> int:
    """Close every request resolved whose reopen window has ended; returns how many this run closed.

    Idempotent and safe on two workers: each request moves under its own lock, and one moved by
    someone else meanwhile is skipped (the table refuses closed → closed).
    """
    today = today or hub_today()
    closed = 0
    due = ServiceRequest.objects.filter(state=RequestState.RESOLVED, reopen_until__lt=today).order_by("pk")
    for service_request in due:
        try:
            service_request_transition(
                service_request=service_request, to_state=RequestState.CLOSED, actor=Actor.SYSTEM
            )
        except ValidationError:
            continue
        closed += 1
    return closed

"""Notices change here only: write, edit, attach, and one transition function with its table.

Publishing mails the notice's audience (those who asked for notices by mail) through the outbox, one
row per notice and person (``notice:<id>:published:<user id>``), so publishing twice, the periodic
task running twice or a withdrawn notice published again never mails anyone a second time.
"""

from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from portal.i18n import as_language_columns
from portal.notifications.services import notify
from portal.pagecache import public_pages_changed

from .choices import NOTICE_TRANSITIONS, NoticeState
from .models import Notice, NoticeAttachment
from .selectors import notice_audience_subscribers

EDITABLE_FIELDS = (
    "title_ko",
    "title_en",
    "body_ko",
    "body_en",
    "category",
    "audience",
    "publish_at",
    "pinned_until",
    "mail_audience",
    "call",
    "cohort",
    "mou",
)


def _check_fields(fields: dict) -> dict:
    fields = as_language_columns(Notice, fields)
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    return fields  # the rest is checked by Notice.clean and its constraints (full_clean)


@transaction.atomic
def notice_create(*, created_by=None, attachments=(), **fields) -> Notice:
    """A new draft; it is shown to nobody until it is published or its scheduled time comes."""
    notice = Notice(created_by=created_by, **_check_fields(fields))
    notice.full_clean(exclude=["search_text"])
    notice.save()
    for file in attachments:
        notice_attach(notice=notice, file=file, uploaded_by=created_by)
    return notice


@transaction.atomic
def notice_update(*, notice: Notice, **fields) -> Notice:
    """Change a notice's content or settings; the audit log keeps what it said before (its history).

    A live notice's publication time cannot move into the future (that would hide it); unpublish it
    back to a draft first. A scheduled notice's time may move, but not away.
    """
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    fields = _check_fields(fields)
    publish_at = fields.get("publish_at", notice.publish_at)
    now = timezone.now()
    if notice.state == NoticeState.PUBLISHED and "publish_at" in fields and (publish_at is None or publish_at > now):
        raise ValidationError(
            {"publish_at": _("A published notice keeps a publication time in the past.")}, code="published_time"
        )
    if notice.state == NoticeState.SCHEDULED and publish_at is None:
        raise ValidationError({"publish_at": _("A scheduled notice needs a publication time.")}, code="scheduled_time")
    for name, value in fields.items():
        setattr(notice, name, value)
    notice.full_clean(exclude=["search_text"])
    notice.save()
    return notice


@transaction.atomic
def notice_attach(*, notice: Notice, file, uploaded_by=None) -> NoticeAttachment:
    attachment = NoticeAttachment.from_upload(file, uploaded_by=uploaded_by, notice=notice)
    attachment.save()
    return attachment


@transaction.atomic
def notice_attachment_remove(*, attachment: NoticeAttachment) -> None:
    field = attachment.file
    attachment.delete()
    # The file goes once the row is surely gone (a rolled-back delete keeps its file).
    transaction.on_commit(lambda: field.storage.delete(field.name))


def _mail_audience(notice: Notice) -> int:
    """One outbox row per subscriber of the audience, in each person's language; returns how many are new."""
    created = 0
    for person in notice_audience_subscribers(notice):
        with translation.override(person.language):
            title = notice.title_en if person.language == "en" and notice.title_en else notice.title_ko
            context = {
                "notice_id": notice.pk,
                "title": title,
                "category": str(notice.get_category_display()),
                "url": settings.SITE_URL + notice.get_absolute_url(),
            }
        message = notify(
            recipient=person.email,
            user=person,
            language=person.language,
            template="notice_published",
            context=context,
            dedup_key=f"notice:{notice.pk}:published:{person.pk}",
        )
        created += getattr(message, "created_now", False)
    return created


@transaction.atomic
def notice_transition(*, notice: Notice, to_state: str, reason: str = "", now: datetime | None = None) -> Notice:
    """Move a notice along NOTICE_TRANSITIONS under its row lock; the audit log records the change.

    - to scheduled: its publication time must be in the future;
    - to published: now, or at its scheduled time when that has come; mails the audience if asked;
    - to withdrawn: off every page at once, with the reason kept for staff;
    - to draft: a scheduled or withdrawn notice goes back to being worked on.
    """
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    now = now or timezone.now()
    from_state = NoticeState(notice.state)
    if to_state not in NOTICE_TRANSITIONS[from_state]:
        raise ValidationError(
            _("A notice cannot go from “%(from)s” to “%(to)s”.")
            % {"from": from_state.label, "to": NoticeState(to_state).label},
            code="transition",
        )
    if to_state == NoticeState.SCHEDULED and (notice.publish_at is None or notice.publish_at <= now):
        raise ValidationError(
            {"publish_at": _("Choose a publication time in the future to schedule the notice.")}, code="past_time"
        )
    if to_state == NoticeState.WITHDRAWN and not reason.strip():
        raise ValidationError({"reason": _("Say why the notice is withdrawn.")}, code="reason_required")
    notice.state = to_state
    if to_state == NoticeState.PUBLISHED:
        if notice.publish_at is None or notice.publish_at > now:
            notice.publish_at = now
        notice.published_at = now
    elif to_state == NoticeState.WITHDRAWN:
        notice.withdrawn_at = now
        notice.withdraw_reason = reason.strip()
    elif to_state == NoticeState.DRAFT:
        notice.withdrawn_at = None
        notice.withdraw_reason = ""
    notice.save()
    if to_state == NoticeState.PUBLISHED and notice.mail_audience:
        _mail_audience(notice)
    return notice


def notice_publish(*, notice: Notice) -> Notice:
    """The Publish button: scheduled when its publication time is still to come, else published now."""
    if notice.publish_at is not None and notice.publish_at > timezone.now():
        return notice_transition(notice=notice, to_state=NoticeState.SCHEDULED)
    return notice_transition(notice=notice, to_state=NoticeState.PUBLISHED)


def notices_publish_due(*, now: datetime | None = None) -> int:
    """Record scheduled notices whose time has come as published and mail their audience.

    The pages show them from their time on already (they are live); this bumps the public page
    version so nothing cached before stays, and it may run twice or on two workers at once: each
    notice is taken under its row lock, skipped by the other, and its mail rows are unique.
    """
    now = now or timezone.now()
    due = list(
        Notice.objects.filter(state=NoticeState.SCHEDULED, publish_at__lte=now).values_list("pk", flat=True)[:500]
    )
    published = 0
    for pk in due:
        with transaction.atomic():
            notice = (
                Notice.objects.select_for_update(skip_locked=True)
                .filter(pk=pk, state=NoticeState.SCHEDULED, publish_at__lte=now)
                .first()
            )
            if notice is None:
                continue
            notice_transition(notice=notice, to_state=NoticeState.PUBLISHED, now=now)
            published += 1
    if published:
        public_pages_changed("notices")
    return published

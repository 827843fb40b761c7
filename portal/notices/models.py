from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.files import StoredFile
from portal.search import SearchableModel
from portal.time import hub_today

from .choices import LIVE_STATES, NOTICE_TRANSITIONS, NoticeAudience, NoticeCategory, NoticeState
from .rendering import render_markdown

ONE_LINK_ONLY = _("Link the notice to one call, cohort or MOU, not several.")


class Notice(SearchableModel):
    """공지사항: one announcement of the hub, in Korean and English, for one audience.

    It is shown while it is scheduled or published and its ``publish_at`` has come (``LIVE_STATES``),
    pinned to the top of the board up to and including ``pinned_until`` (KST).
    """

    SEARCH_FIELDS = ("title_ko", "title_en", "body_ko", "body_en")

    title = models.CharField(_("title"), max_length=200)  # Korean and English (translation.py)
    body = models.TextField(_("notice text"), help_text=_("Markdown: **bold**, lists, links, tables."))
    category = models.CharField(_("category"), max_length=20, choices=NoticeCategory, default=NoticeCategory.GENERAL)
    audience = models.CharField(_("audience"), max_length=20, choices=NoticeAudience, default=NoticeAudience.PUBLIC)
    state = models.CharField(_("state"), max_length=20, choices=NoticeState, default=NoticeState.DRAFT, editable=False)
    publish_at = models.DateTimeField(
        _("publish at"),
        null=True,
        blank=True,
        help_text=_("Korean time. Leave empty to publish when you press Publish; a later time schedules it."),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    pinned_until = models.DateField(
        _("pinned until"), null=True, blank=True, help_text=_("Shown at the top of the board up to this day.")
    )
    mail_audience = models.BooleanField(
        _("mail the audience when published"),
        default=False,
        help_text=_("Everyone in the audience who asked for notices by mail gets one, in their language."),
    )
    call = models.ForeignKey(
        "tenants.TenancyCall",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notices",
        verbose_name=_("call"),
    )
    cohort = models.ForeignKey(
        "programs.Cohort",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notices",
        verbose_name=_("cohort"),
    )
    mou = models.ForeignKey(
        "partners.MOU", on_delete=models.SET_NULL, null=True, blank=True, related_name="notices", verbose_name=_("MOU")
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True, editable=False)
    withdraw_reason = models.CharField(_("reason for withdrawal"), max_length=500, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("written by"),
        editable=False,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-publish_at", "-pk"]
        permissions = [("publish_notice", "Can publish, schedule and withdraw notices")]
        indexes = [models.Index(fields=["state", "audience", "publish_at"], name="notices_live_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__in=[NoticeState.DRAFT, NoticeState.WITHDRAWN])
                | models.Q(publish_at__isnull=False),
                name="notices_live_has_publish_at",
                violation_error_message=_("A scheduled or published notice needs a publication time."),
            ),
            models.CheckConstraint(
                condition=models.Q(call__isnull=True, cohort__isnull=True)
                | models.Q(call__isnull=True, mou__isnull=True)
                | models.Q(cohort__isnull=True, mou__isnull=True),
                name="notices_at_most_one_link",
                violation_error_message=ONE_LINK_ONLY,
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("notices:detail", args=[self.pk])

    def clean(self):
        super().clean()
        links = [name for name in ("call", "cohort", "mou") if getattr(self, f"{name}_id")]
        if len(links) > 1:
            raise ValidationError({links[1]: ONE_LINK_ONLY}, code="several_links")

    @property
    def body_html(self):
        return render_markdown(self.body)

    def is_pinned(self, today=None) -> bool:
        return bool(self.pinned_until and self.pinned_until >= (today or hub_today()))

    def is_live(self, now=None) -> bool:
        return self.state in LIVE_STATES and self.publish_at is not None and self.publish_at <= (now or timezone.now())

    def is_scheduled_later(self, now=None) -> bool:
        return self.state == NoticeState.SCHEDULED and not self.is_live(now)

    @property
    def link(self):
        """The call, cohort or MOU the notice is about, if any."""
        return self.call or self.cohort or self.mou

    # Predicates shared by the staff buttons, the services and the API (pretalx's can_be_withdrawn).
    def can_be_published(self) -> bool:
        return NoticeState.PUBLISHED in NOTICE_TRANSITIONS[NoticeState(self.state)]

    def can_be_withdrawn(self) -> bool:
        return NoticeState.WITHDRAWN in NOTICE_TRANSITIONS[NoticeState(self.state)]

    def can_return_to_draft(self) -> bool:
        return NoticeState.DRAFT in NOTICE_TRANSITIONS[NoticeState(self.state)]


class NoticeAttachment(StoredFile):
    """A file attached to a notice, served only to those who may read the notice."""

    upload_prefix = "notices"

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("notice"))

    class Meta:
        verbose_name = _("notice attachment")
        verbose_name_plural = _("notice attachments")
        ordering = ["uploaded_at", "pk"]

    def get_absolute_url(self):
        return reverse("notices:attachment", args=[self.notice_id, self.pk])

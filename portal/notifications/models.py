from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import ACCOUNT_MAIL_KINDS, MAIL_KINDS, OutboxStatus


class OutboxMessage(models.Model):
    """A mail to send: written in the caller's transaction, then delivered by a Celery task.

    ``dedup_key`` is unique, so asking twice for the same notification never makes a second row.
    """

    MAX_ATTEMPTS = 6
    # How long a worker may hold a claimed row before the sweep takes it as lost and retries it.
    LEASE = timedelta(minutes=10)
    # Set by notify(): True on the row this call wrote, False on one an earlier or racing call wrote
    # (not a column; a job counts the mail it caused with it).
    created_now = False

    dedup_key = models.CharField(_("de-duplication key"), max_length=200, unique=True)
    recipient = models.EmailField(_("recipient"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="outbox_messages",
        verbose_name=_("user"),
    )
    template = models.CharField(_("template"), max_length=100)
    context = models.JSONField(_("context"), default=dict, blank=True)
    language = models.CharField(_("language"), max_length=8, default=settings.LANGUAGE_CODE)
    status = models.CharField(_("status"), max_length=10, choices=OutboxStatus, default=OutboxStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next try"), default=timezone.now)
    claimed_until = models.DateTimeField(_("claimed until"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="notif_outbox_due")]

    def __str__(self):
        return f"{self.template} → {self.recipient} ({self.get_status_display()})"

    @property
    def kind_label(self) -> str:
        """What the mail is about, in words (staff never need the internal template name)."""
        if self.template in MAIL_KINDS:
            return str(MAIL_KINDS[self.template])
        prefix = self.dedup_key.split(":")[1] if self.dedup_key.startswith("allauth:") else ""
        prefix = self.context.get("prefix", prefix) if isinstance(self.context, dict) else prefix
        return str(ACCOUNT_MAIL_KINDS.get(prefix, _("Account mail")))

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.files import ServedFileField, random_file_name

from .choices import ReportKind, ReportState

EXTENSIONS = {ReportKind.MONTHLY_XLSX: "xlsx", ReportKind.MONTHLY_PDF: "pdf"}


def report_upload_to(report: "Report", filename: str) -> str:
    """A random name: the month and kind are in the row, not in a guessable path."""
    return random_file_name("reports", EXTENSIONS[report.kind])


class Report(models.Model):
    """One generated report: at most one row per kind and month, built by a worker on the reports queue."""

    kind = models.CharField(_("kind"), max_length=20, choices=ReportKind)
    month = models.DateField(_("month"), help_text=_("The first day of the month reported on."))
    # The language of the page it was asked from: an English-speaking officer gets an English report.
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE)
    state = models.CharField(_("state"), max_length=10, choices=ReportState, default=ReportState.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    failure_reason = models.TextField(_("reason for failure"), blank=True)
    file = ServedFileField(_("file"), upload_to=report_upload_to, blank=True)
    size = models.PositiveIntegerField(_("size (bytes)"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    retries = models.PositiveSmallIntegerField(
        _("automatic retries"),
        default=0,
        help_text=_("How often the sweep queued this report again after it failed; asking for it again starts at 0."),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
        help_text=_("Empty when the monthly schedule asked for it."),
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-month", "kind", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "month", "language"], name="reports_report_one_per_kind_month_and_language"
            ),
            models.CheckConstraint(condition=Q(month__day=1), name="reports_report_month_is_first_day"),
            models.CheckConstraint(condition=Q(progress__lte=100), name="reports_report_progress_at_most_100"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.month:%Y-%m} · {self.get_language_display()}"

    def get_absolute_url(self):
        return reverse("reports:list") + f"#report-{self.pk}"

    def served_file_url(self, field_name: str) -> str:
        return reverse("reports:download", args=[self.pk])

    @property
    def is_pending(self) -> bool:
        return self.state in (ReportState.QUEUED, ReportState.RUNNING)

    @property
    def download_name(self) -> str:
        suffix = "" if self.language == settings.LANGUAGE_CODE else f"-{self.language}"
        return f"hubbridge-{self.month:%Y-%m}{suffix}.{EXTENSIONS[ReportKind(self.kind)]}"


@receiver(post_delete, sender=Report)
def report_file_delete(sender, instance: Report, **kwargs):
    """A report deleted (in the admin) takes its file with it: nothing is left unreachable on disk."""
    if instance.file:
        instance.file.delete(save=False)

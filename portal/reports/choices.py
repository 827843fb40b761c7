from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ReportKind(models.TextChoices):
    MONTHLY_XLSX = "monthly_xlsx", _("Monthly hub report (XLSX)")
    MONTHLY_PDF = "monthly_pdf", _("Monthly hub report (PDF)")


class ReportState(models.TextChoices):
    QUEUED = "queued", pgettext_lazy("report", "Queued")
    RUNNING = "running", pgettext_lazy("report", "Running")
    DONE = "done", pgettext_lazy("report", "Done")
    FAILED = "failed", pgettext_lazy("report", "Failed")


# Finished reports can be built again (a failed one, or a done one after late corrections);
# a queued or running one cannot, so two requests never build the same report at once.
REBUILDABLE_STATES = (ReportState.DONE, ReportState.FAILED)

"""Asking for a report and building it. The only code that changes a Report row.

A report is one row per kind and month (a unique constraint), so two people asking at once get the
same row and one build: ``get_or_create`` lets the database pick the winner. Moving a finished
report back to the queue, and a worker claiming a queued one, are conditional UPDATEs, so a
duplicate request or a task delivered twice does nothing.
"""

import logging
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .choices import REBUILDABLE_STATES, ReportKind, ReportState
from .models import Report

logger = logging.getLogger(__name__)
# A worker that died mid-build leaves its row "running"; after this long another may take it over.
STALE_AFTER = timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 60)
FAILURE_REASON_LIMIT = 2000


def _enqueue(report: Report) -> None:
    from .tasks import report_build_task  # the task module imports this one

    report_id = report.pk
    transaction.on_commit(lambda: report_build_task.delay(report_id))


def report_request(*, kind: str, month: date, actor=None, rebuild: bool = False) -> tuple[Report, bool]:
    """Ask for the report of ``kind`` for the month ``month`` falls in; returns it and whether a build was queued.

    A new report is queued; a failed one is queued again; a done one only with ``rebuild``; a queued
    or running one is left alone (its build is already on the way).
    """
    month = month.replace(day=1)
    if kind not in ReportKind.values:
        raise ValidationError({"kind": _("Choose a kind of report.")}, code="invalid_kind")
    if month > timezone.localdate().replace(day=1):
        raise ValidationError({"month": _("A report can only cover a month that has begun.")}, code="future_month")
    with transaction.atomic():
        report, created = Report.objects.get_or_create(kind=kind, month=month, defaults={"requested_by": actor})
        if created:
            _enqueue(report)
            return report, True
        states = REBUILDABLE_STATES if rebuild else (ReportState.FAILED,)
        requeued = Report.objects.filter(pk=report.pk, state__in=states).update(
            state=ReportState.QUEUED,
            progress=0,
            failure_reason="",
            requested_by=actor,
            requested_at=timezone.now(),
            started_at=None,
            finished_at=None,
        )
        report.refresh_from_db()
        if requeued:
            _enqueue(report)
        return report, bool(requeued)


def _set_progress(report_id: int, percent: int) -> None:
    Report.objects.filter(pk=report_id, state=ReportState.RUNNING).update(progress=percent)


def _render(report: Report) -> bytes:
    # Imported here so that asking for a report does not load WeasyPrint and openpyxl.
    from .monthly import monthly_report
    from .pdf import monthly_pdf
    from .spreadsheets import workbook_bytes
    from .xlsx import monthly_workbook

    data = monthly_report(report.month)
    _set_progress(report.pk, 40)
    if report.kind == ReportKind.MONTHLY_PDF:
        return monthly_pdf(data)
    return workbook_bytes(monthly_workbook(data))


def report_build(*, report_id: int) -> Report | None:
    """Build a queued report (or take over one whose worker died); None when there is nothing to do."""
    now = timezone.now()
    claimable = Q(state=ReportState.QUEUED) | Q(state=ReportState.RUNNING, started_at__lt=now - STALE_AFTER)
    claimed = Report.objects.filter(claimable, pk=report_id).update(
        state=ReportState.RUNNING, started_at=now, progress=10, attempts=F("attempts") + 1
    )
    if not claimed:
        return None
    report = Report.objects.get(pk=report_id)
    previous_file = report.file.name
    try:
        # The city reads the report in Korean, whoever asked for it.
        with translation.override(settings.LANGUAGE_CODE):
            content = _render(report)
        _set_progress(report.pk, 90)
        report.file.save("report", ContentFile(content), save=False)  # a random name (upload_to)
    except Exception as error:  # noqa: BLE001 - any failure is recorded for staff to see
        logger.exception("Report %s failed", report_id)
        Report.objects.filter(pk=report_id).update(
            state=ReportState.FAILED,
            failure_reason=f"{type(error).__name__}: {error}"[:FAILURE_REASON_LIMIT],
            finished_at=timezone.now(),
        )
    else:
        Report.objects.filter(pk=report_id).update(
            state=ReportState.DONE, progress=100, file=report.file.name, size=len(content), finished_at=timezone.now()
        )
        if previous_file and previous_file != report.file.name:
            report.file.storage.delete(previous_file)
    report.refresh_from_db()
    return report


def reports_request_monthly(*, today: date | None = None) -> list[Report]:
    """The schedule's request on the 1st: every kind for the month just ended (idempotent)."""
    month = (today or timezone.localdate()).replace(day=1) - timedelta(days=1)
    return [report_request(kind=kind, month=month)[0] for kind in ReportKind.values]

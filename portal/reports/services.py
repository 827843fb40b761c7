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
from django.db import DatabaseError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .choices import REBUILDABLE_STATES, ReportKind, ReportState
from .models import Report, report_upload_to
from .monthly import Period, monthly_report

logger = logging.getLogger(__name__)
# A worker that died mid-build leaves its row "running"; after this long another may take it over.
STALE_AFTER = timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 60)
# A queued report no worker took this long after it was asked for is assumed lost (broker down).
QUEUE_GRACE = timedelta(minutes=15)
FAILURE_REASON_LIMIT = 2000
# A failed report is queued again by the sweep (every 10 minutes) this many times before it stays
# failed for staff to look at; a report asked for again starts counting from 0.
MAX_RETRIES = 3


def _enqueue(report_id: int) -> None:
    from .tasks import report_build_task  # the task module imports this one

    # robust: with the broker down the request still succeeds; the row waits, queued, for
    # reports_resume_lost to send it again.
    transaction.on_commit(lambda: report_build_task.delay(report_id), robust=True)


def _lost(now) -> Q:
    """Rows whose build will not happen by itself: queued long ago, or running past any time limit."""
    return Q(state=ReportState.QUEUED, requested_at__lt=now - QUEUE_GRACE) | Q(
        state=ReportState.RUNNING, started_at__lt=now - STALE_AFTER
    )


def report_request(
    *, kind: str, month: date, actor=None, rebuild: bool = False, language: str = settings.LANGUAGE_CODE
) -> tuple[Report, bool]:
    """Ask for the report of ``kind`` for the month ``month`` falls in, written in ``language`` (the
    requester's); returns it and whether a build was queued.

    A new report is queued, and so is a failed or lost one. A done one is queued again with
    ``rebuild``, or when it was built before its month ended (it would miss the month's last days).
    A report on its way (queued or running) is left alone.
    """
    month = month.replace(day=1)
    if kind not in ReportKind.values:
        raise ValidationError({"kind": _("Choose a kind of report.")}, code="invalid_kind")
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    if month > timezone.localdate().replace(day=1):
        raise ValidationError({"month": _("A report can only cover a month that has begun.")}, code="future_month")
    now = timezone.now()
    with transaction.atomic():
        report, created = Report.objects.get_or_create(
            kind=kind, month=month, language=language, defaults={"requested_by": actor}
        )
        if created:
            _enqueue(report.pk)
            return report, True
        again = Q(state__in=REBUILDABLE_STATES if rebuild else (ReportState.FAILED,)) | _lost(now)
        month_end = Period.of(month).end
        if now >= month_end:
            again |= Q(state=ReportState.DONE, started_at__lt=month_end)
        requeued = Report.objects.filter(again, pk=report.pk).update(
            state=ReportState.QUEUED,
            progress=0,
            failure_reason="",
            retries=0,
            requested_by=actor,
            requested_at=now,
            started_at=None,
            finished_at=None,
        )
        report.refresh_from_db()
        if requeued:
            _enqueue(report.pk)
        return report, bool(requeued)


def reports_resume_lost() -> list[int]:
    """Send the lost reports to the queue again (a worker killed mid-build, a broker that was down),
    and queue a failed one again until it has been retried ``MAX_RETRIES`` times.

    A build claims its row first, so a report sent twice is still built once. A failed row moves
    back to the queue by a conditional UPDATE, so two sweeps at once retry it once.
    """
    now = timezone.now()
    lost = list(Report.objects.filter(_lost(now)).values_list("pk", flat=True))
    retried = [
        report_id
        for report_id in Report.objects.filter(state=ReportState.FAILED, retries__lt=MAX_RETRIES).values_list(
            "pk", flat=True
        )
        if Report.objects.filter(pk=report_id, state=ReportState.FAILED, retries__lt=MAX_RETRIES).update(
            state=ReportState.QUEUED, progress=0, retries=F("retries") + 1, requested_at=now, started_at=None
        )
    ]
    report_ids = sorted(lost + retried)
    for report_id in report_ids:
        _enqueue(report_id)
    return report_ids


def _render(report: Report, progress) -> bytes:
    # Imported here so that asking for a report does not load WeasyPrint and openpyxl.
    from portal.spreadsheets import workbook_bytes

    from .pdf import monthly_pdf
    from .xlsx import monthly_workbook

    data = monthly_report(report.month)
    progress(40)
    if report.kind == ReportKind.MONTHLY_PDF:
        return monthly_pdf(data)
    return workbook_bytes(monthly_workbook(data))


def report_build(*, report_id: int) -> Report | None:
    """Build a queued report (or take over a lost one); None when there is nothing to do.

    The claim counts an attempt, and every later write names that attempt: should another worker
    take the report over meanwhile, this one's writes do nothing and its file is thrown away.
    """
    now = timezone.now()
    claimable = Q(state=ReportState.QUEUED) | Q(state=ReportState.RUNNING, started_at__lt=now - STALE_AFTER)
    claimed = Report.objects.filter(claimable, pk=report_id).update(
        state=ReportState.RUNNING, started_at=now, progress=10, attempts=F("attempts") + 1
    )
    if not claimed:
        return None
    report = Report.objects.get(pk=report_id)
    mine = Report.objects.filter(pk=report_id, state=ReportState.RUNNING, attempts=report.attempts)
    storage, previous_file, new_file = report.file.storage, report.file.name, None
    try:
        # In the requester's language: labels, dates and the records' names (portal.i18n) alike.
        with translation.override(report.language):
            content = _render(report, lambda percent: mine.update(progress=percent))
        mine.update(progress=90)
        new_file = storage.save(report_upload_to(report, ""), ContentFile(content))  # a random name
        finished = mine.update(
            state=ReportState.DONE,
            progress=100,
            file=new_file,
            size=len(content),
            finished_at=timezone.now(),
            failure_reason="",
        )
    except Exception as error:  # noqa: BLE001 - any failure, a soft time limit too, is shown to staff
        logger.exception("Report %s failed", report_id)
        if new_file:
            storage.delete(new_file)
        _record_failure(mine, report_id, error)
    else:
        if not finished:  # taken over: the other build's file stands
            storage.delete(new_file)
            return None
        if previous_file and previous_file != new_file:
            try:
                storage.delete(previous_file)
            except OSError:
                logger.warning("The previous file of report %s was not deleted: %s", report_id, previous_file)
    report.refresh_from_db()
    return report


def _record_failure(mine, report_id: int, error: Exception) -> None:
    """Mark the build failed, with its reason, on a working connection.

    The failure may be the database's own (a terminated or dropped connection): that connection is
    closed first, so the write goes through a fresh one instead of failing on the dead one. Should the
    database still refuse, the row stays "running" and the sweep takes it over once it is stale.
    """
    if not connection.in_atomic_block:  # a worker's build; inside a transaction there is nothing to reopen
        connection.close_if_unusable_or_obsolete()
    try:
        mine.update(
            state=ReportState.FAILED,
            failure_reason=f"{type(error).__name__}: {error}"[:FAILURE_REASON_LIMIT],
            finished_at=timezone.now(),
        )
    except DatabaseError:
        logger.exception("Report %s: the failure could not be recorded; the sweep resumes it", report_id)


def reports_request_monthly(*, today: date | None = None) -> list[Report]:
    """The schedule's request on the 1st: every kind for the month just ended (idempotent)."""
    month = (today or timezone.localdate()).replace(day=1) - timedelta(days=1)
    return [report_request(kind=kind, month=month)[0] for kind in ReportKind.values]

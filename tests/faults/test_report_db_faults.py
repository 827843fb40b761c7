"""The database connection of a report build is killed mid-build: the build is recorded failed, with its
reason, through a fresh connection (not left "running"), and the sweep builds it again."""

import pytest
from django.db import connection, connections

from portal.reports import services
from portal.reports.choices import ReportKind, ReportState
from portal.reports.models import Report
from portal.reports.services import report_build, report_request, reports_resume_lost

pytestmark = pytest.mark.django_db(transaction=True)


def terminate(backend_pid: int) -> None:
    """End a server process from a second connection, as a failover or an administrator would."""
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [backend_pid])
            assert cursor.fetchone() == (True,)
    finally:
        other.close()


def test_a_build_whose_connection_is_killed_is_recorded_failed_and_rebuilt_by_the_sweep(monkeypatch):
    assert connection.vendor == "postgresql"
    real_monthly_report = services.monthly_report
    killed = []

    def killed_mid_build(month):
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            (pid,) = cursor.fetchone()
        terminate(pid)
        killed.append(pid)
        return real_monthly_report(month)  # its first query meets the dead connection

    monkeypatch.setattr(services, "monthly_report", killed_mid_build)
    monkeypatch.setattr(services, "_enqueue", lambda report_id: None)  # built by hand below
    report, _ = report_request(kind=ReportKind.MONTHLY_XLSX, month=services.timezone.localdate())

    failed = report_build(report_id=report.pk)

    assert killed
    assert failed.state == ReportState.FAILED
    assert failed.failure_reason.startswith("OperationalError")
    assert failed.finished_at is not None and not failed.file
    with connection.cursor() as cursor:  # the process works on with a fresh connection
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone()[0] != killed[0]

    monkeypatch.undo()  # the database is back; the real queue (eager in tests) builds at once
    assert reports_resume_lost() == [report.pk]
    rebuilt = Report.objects.get(pk=report.pk)
    assert (rebuilt.state, rebuilt.retries, rebuilt.failure_reason) == (ReportState.DONE, 1, "")
    assert rebuilt.file

"""Asking for a report and building it: one row per kind and month, one build at a time."""

import threading
from datetime import UTC, date, datetime, timedelta

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import F
from django.utils import timezone

from portal.reports import services
from portal.reports.choices import ReportKind, ReportState
from portal.reports.models import Report
from portal.reports.services import report_build, report_request, reports_request_monthly, reports_resume_lost
from portal.reports.tasks import report_build_task, reports_monthly

from .conftest import OCTOBER

pytestmark = pytest.mark.django_db


@pytest.fixture
def built(monkeypatch):
    """Builds run at once in this process; the list holds the ids the queue received."""
    queued = []

    def enqueue(report_id):
        queued.append(report_id)

    monkeypatch.setattr(services, "_enqueue", enqueue)
    return queued


def test_a_new_request_is_queued_then_built_into_a_file(built, officer):
    report, queued = report_request(kind=ReportKind.MONTHLY_XLSX, month=date(2026, 10, 17), actor=officer)
    assert queued and built == [report.pk]
    assert (report.month, report.state, report.requested_by) == (OCTOBER, ReportState.QUEUED, officer)
    report = report_build(report_id=report.pk)
    assert (report.state, report.progress, report.attempts) == (ReportState.DONE, 100, 1)
    assert report.file.name.startswith("reports/") and report.file.name.endswith(".xlsx")
    assert "2026" not in report.file.name  # a random name, not a guessable one
    assert report.size == report.file.size > 0
    assert report.started_at <= report.finished_at


def test_asking_again_for_a_queued_or_done_report_queues_nothing(built):
    first, _ = report_request(kind=ReportKind.MONTHLY_PDF, month=OCTOBER)
    again, queued = report_request(kind=ReportKind.MONTHLY_PDF, month=OCTOBER)
    assert again.pk == first.pk and not queued
    report_build(report_id=first.pk)
    _, queued = report_request(kind=ReportKind.MONTHLY_PDF, month=OCTOBER)
    assert not queued and built == [first.pk]
    assert Report.objects.count() == 1


def test_a_rebuild_replaces_the_file_and_deletes_the_old_one(built):
    report, _ = report_request(kind=ReportKind.MONTHLY_XLSX, month=OCTOBER)
    old = report_build(report_id=report.pk).file
    old_name, storage = old.name, old.storage
    report, queued = report_request(kind=ReportKind.MONTHLY_XLSX, month=OCTOBER, rebuild=True)
    assert queued and report.state == ReportState.QUEUED
    rebuilt = report_build(report_id=report.pk)
    assert rebuilt.file.name != old_name and rebuilt.attempts == 2
    assert not storage.exists(old_name)


def test_a_failure_is_recorded_with_its_reason_and_can_be_tried_again(built, monkeypatch):
    def broken(report, progress):
        raise RuntimeError("the font is missing")

    monkeypatch.setattr(services, "_render", broken)
    report, _ = report_request(kind=ReportKind.MONTHLY_PDF, month=OCTOBER)
    report = report_build(report_id=report.pk)
    assert report.state == ReportState.FAILED
    assert report.failure_reason == "RuntimeError: the font is missing"
    assert not report.file
    _, queued = report_request(kind=ReportKind.MONTHLY_PDF, month=OCTOBER)  # a failed one needs no "rebuild"
    assert queued


def test_a_second_delivery_of_the_task_builds_nothing(built):
    report, _ = report_request(kind=ReportKind.MONTHLY_XLSX, month=OCTOBER)
    assert report_build(report_id=report.pk).state == ReportState.DONE
    assert report_build(report_id=report.pk) is None
    assert Report.objects.get(pk=report.pk).attempts == 1


def test_a_build_whose_worker_died_is_taken_over_once_stale(built):
    report, _ = report_request(kind=ReportKind.MONTHLY_XLSX, month=OCTOBER)
    Report.objects.filter(pk=report.pk).update(state=ReportState.RUNNING, started_at=timezone.now())
    assert report_build(report_id=report.pk) is None  # still running somewhere
    Report.objects.filter(pk=report.pk).update(started_at=timezone.now() - services.STALE_AFTER - timedelta(1))
    assert report_build(report_id=report.pk).state == ReportState.DONE


def test_a_month_that_has_not_begun_is_refused():
    next_month = (timezone.localdate().replace(day=1) + timedelta(days=32)).replace(day=1)
    with pytest.raises(ValidationError) as caught:
        report_request(kind=ReportKind.MONTHLY_XLSX, month=next_month)
    assert "month" in caught.value.message_dict
    assert not Report.objects.exists()


def test_an_unknown_kind_is_refused():
    with pytest.raises(ValidationError):
        report_request(kind="weekly", month=OCTOBER)


@pytest.mark.django_db(transaction=True)
def test_concurrent_requests_for_the_same_month_and_kind_create_one_report(monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's concurrent transactions")
    enqueued = []
    lock = threading.Lock()

    def enqueue(report_id):
        with lock:
            enqueued.append(report_id)

    monkeypatch.setattr(services, "_enqueue", enqueue)
    threads_count = 8
    barrier = threading.Barrier(threads_count)
    results, errors = [], []

    def ask():
        try:
            barrier.wait()
            results.append(report_request(kind=ReportKind.MONTHLY_PDF, month=OCTOBER))
        except Exception as error:  # noqa: BLE001 - collected and asserted below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=ask) for _ in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Report.objects.count() == 1
    assert len({report.pk for report, _queued in results}) == 1
    assert sum(queued for _report, queued in results) == 1 and len(enqueued) == 1


def test_the_schedule_builds_the_past_month_in_every_kind_and_twice_is_once(built):
    reports = reports_request_monthly(today=date(2026, 12, 1))
    assert {(report.kind, report.month) for report in reports} == {
        (ReportKind.MONTHLY_XLSX, date(2026, 11, 1)),
        (ReportKind.MONTHLY_PDF, date(2026, 11, 1)),
    }
    assert all(report.requested_by is None for report in reports)
    reports_request_monthly(today=date(2026, 12, 1))
    assert Report.objects.count() == 2 and len(built) == 2


def test_the_monthly_task_runs_on_the_first_at_nine_kst(django_capture_on_commit_callbacks):
    entry = settings.CELERY_BEAT_SCHEDULE["monthly-reports"]
    assert entry["task"] == "portal.reports.tasks.reports_monthly"
    assert entry["schedule"] == crontab(day_of_month=1, hour=9, minute=0)
    assert settings.CELERY_TIMEZONE == "Asia/Seoul"
    resume = settings.CELERY_BEAT_SCHEDULE["reports-resume-lost"]
    assert (resume["task"], resume["schedule"]) == ("portal.reports.tasks.reports_resume", crontab(minute="*/10"))
    assert settings.CELERY_TASK_ROUTES["portal.reports.tasks.report_build_task"] == {"queue": "reports"}
    with django_capture_on_commit_callbacks(execute=True):
        ids = reports_monthly.delay().get()
    # Eager mode: the builds ran as their transaction committed.
    assert set(Report.objects.filter(pk__in=ids).values_list("state", flat=True)) == {ReportState.DONE}


def test_a_report_built_before_its_month_ended_is_built_again_once_it_has(built):
    report, _ = report_request(kind=ReportKind.MONTHLY_XLSX, month=OCTOBER)
    report_build(report_id=report.pk)
    Report.objects.filter(pk=report.pk).update(started_at=datetime(2026, 10, 15, tzinfo=UTC))  # mid-October
    _, queued = report_request(kind=ReportKind.MONTHLY_XLSX, month=OCTOBER)
    assert queued
    report_build(report_id=report.pk)
    _, queued = report_request(kind=ReportKind.MONTHLY_XLSX, month=OCTOBER)
    assert not queued  # now built after the month: complete


def test_lost_reports_are_sent_again_and_fresh_ones_are_left_alone(built):
    fresh, _ = report_request(kind=ReportKind.MONTHLY_XLSX, month=OCTOBER)
    lost, _ = report_request(kind=ReportKind.MONTHLY_PDF, month=OCTOBER)
    died, _ = report_request(kind=ReportKind.MONTHLY_PDF, month=date(2026, 9, 1))
    long_ago = timezone.now() - timedelta(hours=1)
    Report.objects.filter(pk=lost.pk).update(requested_at=long_ago)
    Report.objects.filter(pk=died.pk).update(state=ReportState.RUNNING, started_at=long_ago)
    built.clear()
    assert sorted(reports_resume_lost()) == sorted([lost.pk, died.pk]) == sorted(built)
    assert report_build(report_id=died.pk).state == ReportState.DONE  # taken over
    _, queued = report_request(kind=ReportKind.MONTHLY_XLSX, month=OCTOBER)
    assert not queued and fresh.pk not in built


def test_a_build_taken_over_meanwhile_keeps_the_other_builds_result(built, monkeypatch):
    report, _ = report_request(kind=ReportKind.MONTHLY_XLSX, month=OCTOBER)
    real_render = services._render

    def overtaken(report, progress):
        content = real_render(report, progress)
        Report.objects.filter(pk=report.pk).update(attempts=F("attempts") + 1)  # another worker's claim
        return content

    monkeypatch.setattr(services, "_render", overtaken)
    assert report_build(report_id=report.pk) is None
    assert Report.objects.get(pk=report.pk).state == ReportState.RUNNING  # the other build's to finish


def test_a_broker_outage_does_not_fail_the_request(built, monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.undo()  # the real enqueue

    def broker_down(*args, **kwargs):
        raise OSError("Connection refused")

    monkeypatch.setattr(report_build_task, "delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        report, queued = report_request(kind=ReportKind.MONTHLY_PDF, month=OCTOBER)
    assert queued and Report.objects.get(pk=report.pk).state == ReportState.QUEUED


def test_a_failed_report_is_retried_by_the_sweep_up_to_the_bound(built, monkeypatch):
    def broken(report, progress):
        raise RuntimeError("the font is missing")

    monkeypatch.setattr(services, "_render", broken)
    report, _ = report_request(kind=ReportKind.MONTHLY_PDF, month=OCTOBER)
    for retry in range(1, services.MAX_RETRIES + 1):
        assert report_build(report_id=report.pk).state == ReportState.FAILED
        built.clear()
        assert reports_resume_lost() == built == [report.pk]
        assert Report.objects.get(pk=report.pk).retries == retry
    assert report_build(report_id=report.pk).state == ReportState.FAILED
    assert reports_resume_lost() == []  # given up: staff see the reason and may ask again
    assert Report.objects.get(pk=report.pk).state == ReportState.FAILED

    _, queued = report_request(kind=ReportKind.MONTHLY_PDF, month=OCTOBER)
    assert queued and Report.objects.get(pk=report.pk).retries == 0  # asked again: a fresh set of retries


def test_the_sweep_rebuilds_a_failed_report_once_the_cause_is_gone(built, monkeypatch):
    real_render = services._render
    monkeypatch.setattr(services, "_render", lambda report, progress: 1 / 0)
    report, _ = report_request(kind=ReportKind.MONTHLY_XLSX, month=OCTOBER)
    assert report_build(report_id=report.pk).failure_reason == "ZeroDivisionError: division by zero"
    monkeypatch.setattr(services, "_render", real_render)

    reports_resume_lost()

    rebuilt = report_build(report_id=report.pk)
    assert (rebuilt.state, rebuilt.failure_reason, rebuilt.retries) == (ReportState.DONE, "", 1)
    assert rebuilt.file
    assert reports_resume_lost() == []

"""The staff reports page: asking, following and downloading; firms never see a report."""

from datetime import date

import pytest
from django.contrib import messages
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from portal.accounts.roles import REVIEWER
from portal.reports.choices import ReportKind, ReportState
from portal.reports.models import Report
from tests.factories import UserFactory

from .conftest import OCTOBER

pytestmark = pytest.mark.django_db


def _ask(client, django_capture_on_commit_callbacks, **data):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(
            reverse("reports:list"), {"month": "2026-10", "kinds": ReportKind.values, **data}, follow=True
        )


def test_staff_ask_for_both_formats_and_download_them(officer_client, django_capture_on_commit_callbacks, october):
    response = _ask(officer_client, django_capture_on_commit_callbacks)
    assert response.status_code == 200
    reports = {report.kind: report for report in Report.objects.all()}
    assert {report.state for report in reports.values()} == {ReportState.DONE}
    assert len(list(response.context["messages"])) == 2
    pdf = officer_client.get(reverse("reports:download", args=[reports[ReportKind.MONTHLY_PDF].pk]))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"] == 'attachment; filename="hubbridge-2026-10.pdf"'
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    xlsx = officer_client.get(reverse("reports:download", args=[reports[ReportKind.MONTHLY_XLSX].pk]))
    assert b"".join(xlsx.streaming_content).startswith(b"PK")  # a zip: the XLSX container
    page = officer_client.get(reverse("reports:list"))
    assert page.content.decode().count(reverse("reports:download", args=[reports[ReportKind.MONTHLY_PDF].pk])) == 1


def test_asking_twice_says_it_exists_and_rebuild_builds_again(officer_client, django_capture_on_commit_callbacks):
    _ask(officer_client, django_capture_on_commit_callbacks, kinds=[ReportKind.MONTHLY_XLSX])
    response = _ask(officer_client, django_capture_on_commit_callbacks, kinds=[ReportKind.MONTHLY_XLSX])
    [message] = response.context["messages"]
    assert message.level == messages.INFO  # not queued: it exists
    assert Report.objects.get().attempts == 1
    _ask(officer_client, django_capture_on_commit_callbacks, kinds=[ReportKind.MONTHLY_XLSX], rebuild="on")
    assert Report.objects.get().attempts == 2


def test_bad_input_is_answered_with_form_errors_not_a_500(officer_client):
    with translation.override("en"):
        response = officer_client.post(reverse("reports:list"), {"month": "2031-01", "kinds": ["weekly"]})
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"month", "kinds"}
    assert not Report.objects.exists()


def test_the_form_offers_months_up_to_the_current_one_and_defaults_to_the_last(officer_client):
    form = officer_client.get(reverse("reports:list")).context["form"]
    months = [value for value, _label in form.fields["month"].choices]
    this_month = timezone.localdate().replace(day=1)
    assert months[0] == f"{this_month:%Y-%m}" and months[-1] == "2024-01"
    assert form.fields["month"].initial == months[1]


def test_status_answers_state_and_progress_for_the_page_to_follow(officer_client):
    report = Report.objects.create(kind=ReportKind.MONTHLY_PDF, month=OCTOBER, state=ReportState.RUNNING, progress=40)
    response = officer_client.get(reverse("reports:status"), {"id": [report.pk, "x"]})
    [status] = response.json()["reports"]
    assert (status["state"], status["progress"], status["download_url"]) == ("running", 40, None)


def test_a_failed_report_shows_its_reason_and_a_try_again_button(officer_client):
    Report.objects.create(
        kind=ReportKind.MONTHLY_PDF, month=OCTOBER, state=ReportState.FAILED, failure_reason="OSError: disk full"
    )
    page = officer_client.get(reverse("reports:list")).content.decode()
    with translation.override("ko"):
        assert "OSError: disk full" in page and gettext("Try again") in page


def test_firms_get_404_for_a_download_and_403_for_the_page(client, alice, django_capture_on_commit_callbacks):
    report = Report.objects.create(kind=ReportKind.MONTHLY_PDF, month=OCTOBER, state=ReportState.DONE)
    report.file.save("x", ContentFile(b"%PDF-1.7"))
    for person in (alice[1], alice[2]):
        client.force_login(person)
        assert client.get(reverse("reports:download", args=[report.pk])).status_code == 404
        assert client.get(reverse("reports:list")).status_code == 403
        assert client.get(reverse("reports:status"), {"id": report.pk}).status_code == 403
        assert client.post(reverse("reports:list"), {"month": "2026-10", "kinds": ["monthly_pdf"]}).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("reports:list"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_staff_without_the_report_permission_are_refused(client):
    reviewer = UserFactory()
    reviewer.groups.add(Group.objects.get(name=REVIEWER))
    client.force_login(reviewer)
    assert client.get(reverse("reports:list")).status_code == 403
    report = Report.objects.create(kind=ReportKind.MONTHLY_PDF, month=OCTOBER)
    assert client.get(reverse("reports:download", args=[report.pk])).status_code == 404


def test_a_report_without_a_file_yet_is_not_found(officer_client):
    report = Report.objects.create(kind=ReportKind.MONTHLY_PDF, month=OCTOBER)
    assert officer_client.get(reverse("reports:download", args=[report.pk])).status_code == 404


@pytest.mark.parametrize("count", [1, 30])
def test_the_list_runs_a_constant_number_of_queries(officer_client, django_assert_max_num_queries, count, officer):
    Report.objects.bulk_create(
        Report(kind=kind, month=date(2024 + index // 12, index % 12 + 1, 1), requested_by=officer)
        for index in range(count)
        for kind in ReportKind.values
    )
    with django_assert_max_num_queries(8):
        assert officer_client.get(reverse("reports:list")).status_code == 200


def test_a_report_whose_file_went_missing_is_not_found(officer_client):
    report = Report.objects.create(kind=ReportKind.MONTHLY_PDF, month=OCTOBER, state=ReportState.DONE)
    report.file.save("x", ContentFile(b"%PDF-1.7"))
    report.file.storage.delete(report.file.name)
    assert officer_client.get(reverse("reports:download", args=[report.pk])).status_code == 404


def test_deleting_a_report_deletes_its_file(db):
    report = Report.objects.create(kind=ReportKind.MONTHLY_PDF, month=OCTOBER, state=ReportState.DONE)
    report.file.save("x", ContentFile(b"%PDF-1.7"))
    name, storage = report.file.name, report.file.storage
    report.delete()
    assert not storage.exists(name)


def test_status_ignores_ids_that_are_not_plain_numbers(officer_client):
    response = officer_client.get(reverse("reports:status"), {"id": ["²", "-1", "abc"]})
    assert response.status_code == 200 and response.json() == {"reports": []}

"""The monthly report is written in the language of the page it was asked from (issue 16): an
English-speaking officer gets English headings and the records' English names."""

import shutil

import pytest
from django.urls import reverse

from portal.reports import services
from portal.reports.choices import ReportKind
from portal.reports.models import Report
from portal.reports.services import report_build, report_request

from ..exports import stored_pdf_text, stored_workbook
from .conftest import OCTOBER

pytestmark = pytest.mark.django_db


@pytest.fixture
def built(monkeypatch):
    monkeypatch.setattr(services, "_enqueue", lambda report: None)


def test_asking_from_an_english_page_queues_an_english_report_beside_the_korean_one(
    officer_client, django_capture_on_commit_callbacks
):
    data = {"month": "2026-10", "kinds": [ReportKind.MONTHLY_PDF]}
    with django_capture_on_commit_callbacks(execute=False):
        officer_client.post(reverse("reports:list"), data, HTTP_ACCEPT_LANGUAGE="en")
        officer_client.post(reverse("reports:list"), data, HTTP_ACCEPT_LANGUAGE="ko")
    assert sorted(Report.objects.values_list("language", flat=True)) == ["en", "ko"]


def test_an_unknown_language_is_korean(built):
    report, _ = report_request(kind=ReportKind.MONTHLY_XLSX, month=OCTOBER, language="xx")
    assert report.language == "ko"


def test_the_english_workbook_has_english_sheets(built, october):
    report, _ = report_request(kind=ReportKind.MONTHLY_XLSX, month=OCTOBER, language="en")
    report = report_build(report_id=report.pk)
    assert stored_workbook(report.file).sheetnames[0] == "Summary"
    assert report.download_name == "hubbridge-2026-10-en.xlsx"


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils (make test installs it)")
def test_the_english_pdf_has_english_headings_and_english_site_names(built, october, tmp_path):
    from tenants.models import Site

    Site.objects.filter(name="경남창원산학융합원").update(name_en="Gyeongnam Changwon Institute")
    report, _ = report_request(kind=ReportKind.MONTHLY_PDF, month=OCTOBER, language="en")
    report = report_build(report_id=report.pk)
    text = stored_pdf_text(report.file, tmp_path, layout=True)
    assert "Hub&Bridge monthly report, 2026-10" in text
    assert "Gyeongnam Changwon Institute" in text
    assert "월간 보고서" not in text and "경남창원산학융합원" not in text

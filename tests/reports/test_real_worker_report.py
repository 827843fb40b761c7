"""The monthly report end to end: a request published like production reaches a real Celery worker on
Redis, which builds the files on the reports queue; the XLSX and PDF hold the figures of the data.

The data is the small October hub of tests/reports/conftest.py (committed: the worker is another
process), not the demo: seeding the demo took 20-25 s of this test, and the files built from the demo
are checked in tests/portal/test_demo_data.py."""

import shutil

import pytest
from django.conf import settings

from portal.reports.choices import ReportKind, ReportState
from portal.reports.models import Report
from tests.celery_worker import publish, running_worker, wait_until

from ..exports import MONTHLY_SHEETS, stored_pdf_text, stored_workbook
from .conftest import OCTOBER


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils (make test installs it)")
def test_a_real_worker_builds_the_monthly_report(october, tmp_path):
    month = OCTOBER
    with running_worker("reports", MEDIA_ROOT=str(settings.MEDIA_ROOT)) as env:
        publish(
            env,
            "from datetime import date\n"
            "from portal.reports.services import report_request\n"
            f"month = date.fromisoformat('{month}')\n"
            "for kind in ('monthly_xlsx', 'monthly_pdf'): report_request(kind=kind, month=month)\n",
        )
        assert Report.objects.filter(month=month).count() == 2
        assert wait_until(
            lambda: set(Report.objects.values_list("state", flat=True)) <= {ReportState.DONE, ReportState.FAILED},
            timeout=120,
        )
    reports = {report.kind: report for report in Report.objects.all()}
    assert {report.state for report in reports.values()} == {ReportState.DONE}, [
        report.failure_reason for report in reports.values()
    ]

    workbook = stored_workbook(reports[ReportKind.MONTHLY_XLSX].file)
    assert workbook.sheetnames == MONTHLY_SHEETS
    figures = [row[1] for row in workbook["개요"].iter_rows(min_row=5, values_only=True)]
    # One resident firm at the end of October; a budget of 15 + 6.5 bn KRW.
    assert figures[0] == 1
    assert 21_500_000_000 in figures
    budget = workbook["예산"]
    assert [budget.cell(row=row, column=2).value for row in (3, 4)] == [15_000_000_000, 6_500_000_000]

    text = stored_pdf_text(reports[ReportKind.MONTHLY_PDF].file, tmp_path)
    assert f"Hub&Bridge 월간 보고서, {month:%Y-%m}" in text
    assert "재원별 예산" in text and "15,000,000,000원" in text and "경남창원산학융합원" in text

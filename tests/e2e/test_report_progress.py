"""The staff reports page in a real browser: a report being built shows its progress, the page
follows it without a reload by hand, and a finished one offers its download; asking builds one.

Locators use ids, names and CSS state classes, so the walk does not depend on the wording.
"""

import re
from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.urls import reverse
from playwright.sync_api import expect

from portal.accounts.roles import PROGRAMME_OFFICER, sync_roles
from portal.reports.choices import ReportKind, ReportState
from portal.reports.models import Report
from tests.factories import UserFactory

from .test_mou_flow import open_korean_page, sign_in

pytestmark = pytest.mark.e2e


def test_staff_follow_a_report_being_built_and_ask_for_another(new_page, live_server, screenshot_dir):
    sync_roles()
    officer = UserFactory(email="officer@e2e.kr")
    officer.groups.add(Group.objects.get(name=PROGRAMME_OFFICER))
    report = Report.objects.create(
        kind=ReportKind.MONTHLY_PDF, month=date(2026, 9, 1), state=ReportState.RUNNING, progress=40
    )
    page = open_korean_page(new_page, live_server)
    sign_in(page, officer, reverse("reports:list"))

    row = page.locator(f"#report-{report.pk}")
    expect(row.locator(".badge-report-running")).to_be_visible()
    expect(row.locator("progress")).to_have_attribute("value", "40")
    Report.objects.filter(pk=report.pk).update(progress=90)
    expect(row.locator("progress")).to_have_js_property("value", 90)  # polled, no reload by hand

    report.file.save("report", ContentFile(b"%PDF-1.7\n"), save=False)
    Report.objects.filter(pk=report.pk).update(state=ReportState.DONE, progress=100, file=report.file.name, size=9)
    expect(row.locator(".badge-report-done")).to_be_visible()
    expect(row.locator(f"a[href='{reverse('reports:download', args=[report.pk])}']")).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "reports-done.png"), full_page=True)

    # Ask for October's XLSX only: built at once on the embedded default (Celery eager).
    page.locator("#id_month").select_option("2026-10")
    page.locator("#id_kinds_1").uncheck()
    page.locator("form.panel button[type=submit]").click()
    built = Report.objects.get(month=date(2026, 10, 1))
    assert built.kind == ReportKind.MONTHLY_XLSX
    expect(page.locator(f"#report-{built.pk} .badge-report-done")).to_be_visible()
    with page.expect_download() as download:
        page.locator(f"#report-{built.pk} a[download]").click()
    assert re.fullmatch(r"hubbridge-2026-10\.xlsx", download.value.suggested_filename)

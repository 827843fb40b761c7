"""The monthly report's service-desk section: by category and state, median time to resolve, share
within the service level; in the XLSX and the PDF."""

from datetime import date, datetime, time, timedelta
from io import BytesIO

import pytest
from django.utils import translation
from openpyxl import load_workbook

from portal.reports.monthly import monthly_report
from portal.reports.pdf import monthly_pdf
from portal.reports.xlsx import monthly_workbook
from portal.spreadsheets import workbook_bytes
from portal.time import KST
from tenants.desk.choices import Actor, RequestCategory, RequestState
from tenants.desk.models import ServiceRequest
from tenants.desk.services import service_request_transition

from .conftest import file_request

OCTOBER = date(2026, 10, 1)


def _filed_in_october(people, *, day, resolved_after_days=None, due_day=None, category=RequestCategory.REPAIRS):
    service_request = file_request(people, category=category)
    if resolved_after_days is not None:
        service_request_transition(service_request=service_request, to_state=RequestState.RESOLVED, actor=Actor.STAFF)
    filed = datetime.combine(date(2026, 10, day), time(10), tzinfo=KST)
    ServiceRequest.objects.filter(pk=service_request.pk).update(
        created_at=filed,
        due_on=date(2026, 10, due_day or day + 2),
        resolved_at=filed + timedelta(days=resolved_after_days) if resolved_after_days is not None else None,
    )
    return service_request


@pytest.fixture
def october(resident_alice):
    _filed_in_october(resident_alice, day=5, resolved_after_days=1)  # within its level
    _filed_in_october(resident_alice, day=6, resolved_after_days=5)  # late
    _filed_in_october(resident_alice, day=7, resolved_after_days=3, category=RequestCategory.NETWORK)  # late
    _filed_in_october(resident_alice, day=8)  # still received
    file_request(resident_alice)  # this month: not in October's report


@pytest.mark.django_db
def test_the_desk_section_counts_october_by_category_and_state(october):
    with translation.override("en"):
        desk = monthly_report(OCTOBER)["desk"]
        repairs = next(row for row in desk["by_category"] if row["category"] == "Repairs")
        counts = dict(zip(map(str, desk["states"]), repairs["states"], strict=True))
    assert desk["received"] == 4 and desk["resolved"] == 3
    assert (repairs["total"], counts["Received"], counts["Resolved"]) == (3, 1, 2)
    assert desk["median_days_to_resolve"] == 3.0
    assert desk["within_service_level"] == round(1 / 3, 4)


@pytest.mark.django_db
def test_the_desk_section_is_in_the_workbook_and_the_pdf(october):
    with translation.override("ko"):
        report = monthly_report(OCTOBER)
        workbook = load_workbook(BytesIO(workbook_bytes(monthly_workbook(report))))
        assert "시설·행정 요청" in workbook.sheetnames
        rows = list(workbook["시설·행정 요청"].iter_rows(values_only=True))
        assert any(row[0] == "수리" and row[1] == 3 for row in rows)
        assert monthly_pdf(report).startswith(b"%PDF-")

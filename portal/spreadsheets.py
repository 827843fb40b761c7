"""Spreadsheet building blocks shared by every export: the monthly report, a firm's record, cohort
rosters and the staff lists' XLSX/CSV downloads.

A sheet has one bold, coloured, frozen header row and an auto-filter; numbers stay numbers, money
carries the KRW format and moments are shown in KST (a spreadsheet has no time zones).
"""

import csv
from datetime import date, datetime
from io import BytesIO, StringIO
from typing import NamedTuple

from django.http import HttpResponse
from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, TYPE_FORMULA, TYPE_STRING
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from portal.time import hub_today

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
KRW_FORMAT = '#,##0"원"'
INTEGER_FORMAT = "#,##0"
DECIMAL_FORMAT = "#,##0.###"
PERCENT_FORMAT = "0.0%"
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="0B5CAD")
TITLE_FONT = Font(bold=True, size=13)
SHEET_TITLE_LIMIT = 31  # Excel's limit on sheet names
EXPORT_FORMATS = ("xlsx", "csv")
# What makes a spreadsheet program read a CSV cell as a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class Column(NamedTuple):
    """A column: its heading in the requester's language, and for files machines read (the public
    open-data CSV) a stable ``code`` that ``?columns=code`` writes instead (README "Exports")."""

    heading: str
    width: int = 16
    number_format: str | None = None
    code: str = ""


def new_workbook() -> Workbook:
    workbook = Workbook()
    workbook.remove(workbook.active)
    return workbook


def _cell_value(value):
    # A lazy translation (a choice label) is a Promise, which openpyxl cannot write; control
    # characters (pasted into a firm's name, say) are illegal in the XML a workbook is made of.
    if isinstance(value, Promise):
        value = str(value)
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def _append(sheet: Worksheet, values) -> None:
    """A row of values as values: text that starts like a formula ("=HYPERLINK(…)" typed by an
    applicant) stays text instead of running when staff open the file (pretix does the same)."""
    sheet.append([_cell_value(value) for value in values])
    for cell in sheet[sheet.max_row]:
        if cell.data_type == TYPE_FORMULA:
            cell.data_type = TYPE_STRING


def append_table(sheet: Worksheet, columns: list[Column], rows, *, title: str | None = None) -> None:
    """Below what the sheet holds: an optional bold title, the formatted header and the rows.

    Columns widen to the widest table that uses them, so several tables can share a sheet.
    """
    if title:
        _append(sheet, [str(title)])
        sheet.cell(row=sheet.max_row, column=1).font = TITLE_FONT
    _append(sheet, [str(column.heading) for column in columns])
    header_row = sheet.max_row
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=header_row, column=index)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        letter = get_column_letter(index)
        # openpyxl gives an untouched column a width of 13: only a width set by an earlier table counts.
        earlier = sheet.column_dimensions[letter].width if letter in sheet.column_dimensions else 0
        sheet.column_dimensions[letter].width = max(earlier, column.width)
    for row in rows:
        _append(sheet, row)
        for index, column in enumerate(columns, start=1):
            cell = sheet.cell(row=sheet.max_row, column=index)
            if column.number_format:
                cell.number_format = column.number_format
            elif isinstance(cell.value, datetime):  # a mixed column, like a profile's values
                cell.number_format = DATETIME_FORMAT
            elif isinstance(cell.value, date):
                cell.number_format = DATE_FORMAT


def add_sheet(workbook: Workbook, title: str, columns: list[Column], rows) -> Worksheet:
    """A sheet holding one table, its header frozen and filterable."""
    sheet = workbook.create_sheet(str(title)[:SHEET_TITLE_LIMIT])
    append_table(sheet, columns, rows)
    sheet.freeze_panes = "A2"
    if sheet.max_row > 1:
        sheet.auto_filter.ref = sheet.dimensions
    return sheet


def workbook_bytes(workbook: Workbook) -> bytes:
    output = BytesIO()
    workbook.save(output)
    return output.getvalue()


def _attachment(content: bytes | str, content_type: str, filename: str, *, rows: int) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # How many rows left the portal: the access record of the export counts them (never sent).
    response.export_rows = rows
    return response


def workbook_rows(workbook: Workbook) -> int:
    """Data rows in every sheet (each sheet's first row is its header)."""
    return sum(max(sheet.max_row - 1, 0) for sheet in workbook.worksheets)


def xlsx_response(workbook: Workbook, filename: str) -> HttpResponse:
    return _attachment(workbook_bytes(workbook), XLSX_TYPE, filename, rows=workbook_rows(workbook))


def _csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return f"{value:%Y-%m-%d %H:%M}"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (str, Promise)) and str(value).startswith(FORMULA_STARTS):
        return "'" + str(value)  # shown as text by spreadsheet programs, never run as a formula
    return str(value)


def csv_text(columns: list[Column], rows, *, codes: bool = False) -> str:
    """CSV with a byte-order mark, so Excel opens Korean text as UTF-8.

    The header row holds the translated headings, or with ``codes`` each column's stable code.
    """
    output = StringIO()
    output.write("\ufeff")
    writer = csv.writer(output)
    writer.writerow([column.code if codes and column.code else str(column.heading) for column in columns])
    for row in rows:
        writer.writerow([_csv_value(value) for value in row])
    return output.getvalue()


def wants_column_codes(request) -> bool:
    """``?columns=code``: a program reading the CSV asks for the stable column codes as the header."""
    return request.GET.get("columns") == "code"


def csv_response(filename: str, columns: list[Column], rows, *, codes: bool = False) -> HttpResponse:
    rows = list(rows)
    return _attachment(csv_text(columns, rows, codes=codes), "text/csv; charset=utf-8", filename, rows=len(rows))


def requested_export(request) -> str | None:
    """``?export=xlsx`` or ``?export=csv`` on a staff list asks for its filtered rows as a file."""
    export_format = request.GET.get("export")
    return export_format if export_format in EXPORT_FORMATS else None


def table_response(export_format: str, filename_stem: str, title: str, columns: list[Column], rows) -> HttpResponse:
    """One list's rows as an XLSX sheet or a CSV file, named ``<stem>-<KST date>.<format>``."""
    filename = f"{filename_stem}-{hub_today():%Y%m%d}.{export_format}"
    rows = list(rows)
    if export_format == "csv":
        return csv_response(filename, columns, rows)
    workbook = new_workbook()
    add_sheet(workbook, title, columns, rows)
    return xlsx_response(workbook, filename)

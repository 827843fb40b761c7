"""Reading what an export answered: its XLSX sheet or CSV rows, and the Korean it should say."""

import csv
import subprocess
from io import BytesIO, StringIO

from django.utils import translation
from django.utils.translation import gettext, pgettext
from openpyxl import load_workbook

from portal.spreadsheets import XLSX_TYPE


def korean(message: str, context: str | None = None) -> str:
    """What the export says in the default language (Korean)."""
    with translation.override("ko"):
        return pgettext(context, message) if context else gettext(message)


def xlsx_rows(response) -> tuple[list, list[tuple], object]:
    """The header, the data rows and the sheet of an XLSX response."""
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_TYPE
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    return list(rows[0]), rows[1:], sheet


def csv_rows(response) -> tuple[str, list[list[str]]]:
    """The text of a CSV response and its rows (the byte-order mark left out)."""
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8")
    return text, list(csv.reader(StringIO(text.removeprefix("\ufeff"))))


def stored_workbook(stored_file):
    """The workbook of a stored XLSX file (a report's ``file``)."""
    with stored_file.open("rb") as file:
        return load_workbook(BytesIO(file.read()))


def stored_pdf_text(stored_file, folder, *, layout: bool = False) -> str:
    """The text of a stored PDF file, by pdftotext (poppler-utils), written to ``folder`` first."""
    path = folder / "stored.pdf"
    with stored_file.open("rb") as file:
        path.write_bytes(file.read())
    options = ["-layout"] if layout else []
    return subprocess.run(["pdftotext", *options, str(path), "-"], capture_output=True, check=True).stdout.decode()


# The sheets of the monthly report's workbook, in Korean and in this order.
MONTHLY_SHEETS = [
    "개요",
    "입주 관리",
    "교육 기수",
    "컨설팅 관리",
    "업무협약",
    "시설·행정 요청",
    "입주기업 성과",
    "예산",
    "회의실 대관",
]

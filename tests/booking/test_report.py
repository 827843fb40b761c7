"""Room usage in the monthly report: occupancy per resource, hours per firm, residents' quota use."""

from datetime import date

import pytest
from django.utils import translation

from portal.reports.monthly import monthly_report
from portal.reports.xlsx import monthly_workbook

from ..factories import BookingFactory, ResourceFactory
from .conftest import kst


@pytest.mark.django_db
def test_the_monthly_report_has_the_rooms_occupancy_firm_hours_and_quota_use(alice, bob):
    room = ResourceFactory(name="회의실 A", resident_quota_hours=10)
    for day, firm, status in (
        ("03", alice.firm, "checked_in"),
        ("04", alice.firm, "no_show"),
        ("05", bob.firm, "cancelled"),
    ):
        BookingFactory(
            resource=room,
            firm=firm,
            status=status,
            starts_at=kst(f"2027-03-{day} 10:00"),
            ends_at=kst(f"2027-03-{day} 12:00"),
        )
    BookingFactory(resource=room, firm=bob.firm, starts_at=kst("2027-04-01 10:00"), ends_at=kst("2027-04-01 11:00"))
    rooms = monthly_report(date(2027, 3, 1))["rooms"]
    (row,) = rooms["resources"]
    # March 2027: 23 weekdays less 삼일절 (Monday the 1st, closed): 22 days × 9 hours open.
    assert (row["booked_hours"], row["open_hours"], row["no_shows"], row["bookings"]) == (4.0, 22 * 9.0, 1, 3)
    assert row["occupancy"] == pytest.approx(4 / 198)
    assert [(r["firm"], r["hours"]) for r in rooms["firms"]] == [(alice.firm.name, 4.0)]
    assert [(r["firm"], r["hours"], r["quota"], r["share"]) for r in rooms["quota"]] == [
        (alice.firm.name, 4.0, 10, 0.4)
    ]
    with translation.override("en"):
        workbook = monthly_workbook(monthly_report(date(2027, 3, 1)))
    assert "Rooms" in workbook.sheetnames
    values = [cell.value for row in workbook["Rooms"].iter_rows() for cell in row]
    assert "회의실 A" in values and alice.firm.name in values

"""Due dates count working days: weekends and Korean public holidays do not count."""

from datetime import date, datetime, time

import pytest

from portal.time import KST
from tenants.desk.choices import RequestCategory
from tenants.desk.services import service_level_set, service_request_due_on

from .conftest import file_request


@pytest.mark.django_db
def test_a_repair_filed_on_friday_is_due_on_tuesday():
    friday = date(2026, 12, 4)
    assert service_request_due_on(RequestCategory.REPAIRS, friday) == date(2026, 12, 8)


@pytest.mark.django_db
def test_christmas_and_the_weekend_after_it_do_not_count():
    # Thursday 24 December 2026: Friday 25 is Christmas, then the weekend; two working days end on Tuesday 29.
    assert service_request_due_on(RequestCategory.REPAIRS, date(2026, 12, 24)) == date(2026, 12, 29)
    assert service_request_due_on(RequestCategory.ACCESS_CARD, date(2026, 12, 24)) == date(2026, 12, 28)


@pytest.mark.django_db
def test_seollal_and_its_days_do_not_count():
    # Seollal 2027 falls on Saturday 6 February – Monday 8 February, with a substitute holiday on Tuesday 9.
    assert service_request_due_on(RequestCategory.ACCESS_CARD, date(2027, 2, 5)) == date(2027, 2, 10)


@pytest.mark.django_db
def test_a_request_filed_before_a_holiday_gets_the_due_date_staff_set(resident_alice, monkeypatch):
    service_level_set(category=RequestCategory.REPAIRS, working_days=3)
    filed_at = datetime.combine(date(2026, 12, 24), time(10), tzinfo=KST)
    monkeypatch.setattr("django.utils.timezone.now", lambda: filed_at)
    service_request = file_request(resident_alice)
    assert service_request.due_on == date(2026, 12, 30)


@pytest.mark.django_db
def test_staff_edit_the_service_levels_on_their_page(client, desk_staff):
    client.force_login(desk_staff)
    data = {category.value: 1 for category in RequestCategory} | {"repairs": 4}
    response = client.post("/staff/desk/service-levels/", data)
    assert response.status_code == 302
    assert service_request_due_on(RequestCategory.REPAIRS, date(2026, 12, 7)) == date(2026, 12, 11)
    response = client.post("/staff/desk/service-levels/", {**data, "repairs": 0})
    assert response.status_code == 200 and "field-invalid" in response.content.decode()

"""Pages and API of rooms: booking through the form, isolation (404), iCal, staff desk, query counts."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from portal.time import hub_today
from tenants.booking.choices import BookingStatus
from tenants.booking.models import Booking
from tenants.booking.services import booking_create, calendar_feed_for

from ..factories import BookingFactory, LeaseFactory, ResourceFactory, SpaceFactory


def next_weekday(days_ahead=1):
    day = hub_today() + timedelta(days=days_ahead)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


@pytest.fixture
def open_room(db):
    """A room open every day 00:00–24:00 (closing at opening time is the next day), also on holidays."""
    from datetime import time

    from tenants.booking.models import OpeningHours

    room = ResourceFactory(weekdays=[], audience="public", open_on_holidays=True, buffer_minutes=0)
    for weekday in range(7):
        OpeningHours.objects.create(resource=room, weekday=weekday, opens_at=time(0), closes_at=time(0))
    return room


@pytest.fixture
def resident_alice(alice, open_room):
    LeaseFactory(firm=alice.firm, space=SpaceFactory(site=open_room.site))
    return alice


def alices_booking(resident_alice, open_room):
    day = hub_today() + timedelta(days=2)
    start = timezone.make_aware(timezone.datetime.combine(day, timezone.datetime.min.time())) + timedelta(hours=10)
    return booking_create(
        resource=open_room,
        firm=resident_alice.firm,
        user=resident_alice.representative,
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        purpose="투자 미팅",
    )


@pytest.mark.django_db
def test_a_resident_books_a_slot_through_the_form_and_it_shows_as_taken_to_another_firm(
    client, resident_alice, bob, open_room
):
    client.force_login(resident_alice.member)
    day = hub_today() + timedelta(days=2)
    response = client.post(
        reverse("booking:resource", args=[open_room.pk]),
        {"day": day.isoformat(), "start": "10:00", "end": "11:00", "purpose": "주간 회의", "attendees": 4, "weeks": 1},
    )
    booking = Booking.objects.get()
    assert response.status_code == 302 and response.url == booking.get_absolute_url()
    assert booking.status == BookingStatus.CONFIRMED and booking.firm == resident_alice.firm
    client.force_login(bob.representative)
    page = client.get(reverse("booking:resource", args=[open_room.pk]), {"view": "day", "date": day.isoformat()})
    html = page.content.decode()
    assert 'class="slot slot-taken"' in html
    assert "주간 회의" not in html and resident_alice.firm.name not in html  # taken, not by whom


@pytest.mark.django_db
def test_a_refused_booking_is_a_form_error_not_a_500(client, resident_alice, open_room):
    client.force_login(resident_alice.member)
    yesterday = hub_today() - timedelta(days=1)
    response = client.post(
        reverse("booking:resource", args=[open_room.pk]),
        {"day": yesterday.isoformat(), "start": "10:00", "end": "11:00", "purpose": "회의", "attendees": 1, "weeks": 1},
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Booking.objects.exists()


@pytest.mark.django_db
def test_another_firms_booking_is_a_404_over_html_ics_and_api(client, api_client, resident_alice, bob, open_room):
    booking = alices_booking(resident_alice, open_room)
    client.force_login(bob.representative)
    assert client.get(reverse("booking:booking", args=[booking.pk])).status_code == 404
    assert client.get(reverse("booking:booking_ics", args=[booking.pk])).status_code == 404
    assert client.post(reverse("booking:booking", args=[booking.pk]), {"reason": "x"}).status_code == 404
    api_client.force_login(bob.representative)
    assert api_client.get(f"/api/rooms/bookings/{booking.pk}/").status_code == 404
    assert api_client.post(f"/api/rooms/bookings/{booking.pk}/cancel/", {}).status_code == 404
    assert api_client.get("/api/rooms/bookings/").json()["results"] == []
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED
    client.force_login(resident_alice.member)
    assert client.get(reverse("booking:booking", args=[booking.pk])).status_code == 200


@pytest.mark.django_db
def test_the_booking_ics_and_the_firm_feed_are_valid_icalendar(client, resident_alice, open_room):
    booking = alices_booking(resident_alice, open_room)
    client.force_login(resident_alice.member)
    response = client.get(reverse("booking:booking_ics", args=[booking.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    (event,) = calendar.walk("VEVENT")
    assert event["UID"] == booking.ical_uid
    assert event.decoded("DTSTART") == booking.starts_at and event.decoded("DTEND") == booking.ends_at
    assert str(event["STATUS"]) == "CONFIRMED"
    feed = calendar_feed_for(firm=resident_alice.firm)
    client.logout()
    feed_response = client.get(feed.get_absolute_url())
    assert feed_response.status_code == 200
    assert [str(e["UID"]) for e in Calendar.from_ical(feed_response.content).walk("VEVENT")] == [booking.ical_uid]
    assert client.get(reverse("booking:feed", args=["not-the-token"])).status_code == 404
    old = feed.get_absolute_url()
    calendar_feed_for(firm=resident_alice.firm, reset=True)
    assert client.get(old).status_code == 404


@pytest.mark.django_db
def test_cancelling_from_the_booking_page(client, resident_alice, open_room):
    booking = alices_booking(resident_alice, open_room)
    client.force_login(resident_alice.member)
    response = client.post(reverse("booking:booking", args=[booking.pk]), {"reason": "일정 변경"})
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED


@pytest.mark.django_db
def test_the_api_books_cancels_and_answers_400_with_field_errors(api_client, resident_alice, open_room):
    api_client.force_login(resident_alice.representative)
    day = hub_today() + timedelta(days=3)
    start = f"{day.isoformat()}T10:00:00+09:00"
    payload = {
        "resource": open_room.pk,
        "starts_at": start,
        "ends_at": f"{day.isoformat()}T11:00:00+09:00",
        "purpose": "회의",
    }
    created = api_client.post("/api/rooms/bookings/", payload, format="json")
    assert created.status_code == 201, created.json()
    again = api_client.post("/api/rooms/bookings/", payload, format="json")
    assert again.status_code == 400 and "starts_at" in again.json()
    cancelled = api_client.post(f"/api/rooms/bookings/{created.json()['id']}/cancel/", {}, format="json")
    assert cancelled.json()["status"] == "cancelled"
    availability = api_client.get(f"/api/rooms/resources/{open_room.pk}/availability/", {"date": day.isoformat()})
    assert availability.status_code == 200 and len(availability.json()) == 48


@pytest.mark.django_db
def test_staff_approve_an_outsider_request_over_the_api_and_others_cannot(api_client, manager, charlie, bob, open_room):
    open_room.hourly_rate = 50_000
    open_room.save()
    booking = BookingFactory(resource=open_room, firm=charlie.firm, status=BookingStatus.PENDING, is_resident=False)
    api_client.force_login(bob.representative)
    assert api_client.get("/api/rooms/approvals/").status_code == 403
    assert api_client.post(f"/api/rooms/approvals/{booking.pk}/approve/", {}).status_code == 403
    api_client.force_login(manager)
    assert [row["id"] for row in api_client.get("/api/rooms/approvals/").json()["results"]] == [booking.pk]
    refused = api_client.post(f"/api/rooms/approvals/{booking.pk}/decline/", {"reason": ""}, format="json")
    assert refused.status_code == 400 and "reason" in refused.json()
    assert (
        api_client.post(f"/api/rooms/approvals/{booking.pk}/approve/", {}, format="json").json()["status"]
        == "confirmed"
    )


@pytest.mark.django_db
def test_staff_pages_need_the_booking_permissions(client, manager, alice):
    for name in ("staff_board", "staff_approvals", "staff_blackouts", "staff_charges", "staff_usage"):
        client.force_login(alice.representative)
        assert client.get(reverse(f"booking:{name}")).status_code == 403
        client.force_login(manager)
        assert client.get(reverse(f"booking:{name}")).status_code == 200


@pytest.mark.django_db
def test_staff_approve_from_the_queue(client, manager, charlie, open_room):
    booking = BookingFactory(resource=open_room, firm=charlie.firm, status=BookingStatus.PENDING, is_resident=False)
    client.force_login(manager)
    assert booking.firm.name in client.get(reverse("booking:staff_approvals")).content.decode()
    response = client.post(reverse("booking:staff_booking_action", args=[booking.pk]), {"action": "approve"})
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED


@pytest.mark.django_db
def test_usage_and_charges_export_as_xlsx(client, manager, open_room, charlie):
    open_room.hourly_rate = 50_000
    open_room.save()
    BookingFactory(resource=open_room, firm=charlie.firm, is_resident=False, net_amount=50_000, vat_amount=5_000)
    client.force_login(manager)
    month = hub_today() + timedelta(days=1)
    for name in ("staff_usage", "staff_charges"):
        response = client.get(reverse(f"booking:{name}"), {"month": f"{month:%Y-%m}", "export": "xlsx"})
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def _many_bookings(resource, firm, count):
    start = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=1)
    for index in range(count):
        BookingFactory(
            resource=resource,
            firm=firm,
            starts_at=start + timedelta(hours=index),
            ends_at=start + timedelta(hours=index, minutes=30),
        )


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 12])
def test_the_calendar_and_lists_run_a_constant_number_of_queries(
    client, resident_alice, manager, open_room, rows, django_assert_max_num_queries
):
    _many_bookings(open_room, resident_alice.firm, rows)
    for _index in range(rows):
        ResourceFactory(site=open_room.site)
    client.force_login(resident_alice.member)
    with django_assert_max_num_queries(14):
        assert client.get(reverse("booking:resource", args=[open_room.pk])).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(reverse("booking:resources")).status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get(reverse("booking:my_bookings")).status_code == 200
    client.force_login(manager)
    with django_assert_max_num_queries(14):
        assert client.get(reverse("booking:staff_board"), {"site": open_room.site.slug}).status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(reverse("booking:staff_approvals")).status_code == 200


@pytest.mark.django_db
def test_dates_out_of_reach_are_today_or_a_400_never_a_500(client, api_client, resident_alice, manager, open_room):
    for value in ("9999-12-31", "0001-01-01", "2027-02-30", "x"):
        assert client.get(reverse("booking:resource", args=[open_room.pk]), {"date": value}).status_code == 200
        response = api_client.get(f"/api/rooms/resources/{open_room.pk}/availability/", {"date": value})
        assert response.status_code in (200, 400)
    client.force_login(resident_alice.member)
    response = client.post(
        reverse("booking:resource", args=[open_room.pk]),
        {"day": "9999-12-31", "start": "23:00", "end": "01:00", "purpose": "회의", "attendees": 1, "weeks": 1},
    )
    assert response.status_code == 200 and "day" in response.context["form"].errors
    client.force_login(manager)
    for name in ("staff_board", "staff_usage", "staff_charges"):
        assert client.get(reverse(f"booking:{name}"), {"date": "9999-12-31", "month": "9999-12"}).status_code == 200

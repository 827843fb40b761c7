"""Rooms at 360 px in a real browser (Korean pages): a resident books a slot, a second firm sees it
taken, and staff approve an outsider's request for the seminar hall from the approval queue.

Locators use ids, names, URLs and CSS state classes, so the walk does not depend on the wording.
"""

from datetime import time, timedelta

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from portal.accounts.roles import HUB_MANAGER, sync_roles
from portal.time import hub_today
from tenants.booking.choices import BookingStatus
from tenants.booking.models import Booking, OpeningHours
from tests.factories import FirmFactory, LeaseFactory, MembershipFactory, ResourceFactory, SpaceFactory, user_in_role

from .test_mou_flow import expect_success_message, open_korean_page, sign_in, url_is

pytestmark = pytest.mark.e2e

PHONE = {"width": 360, "height": 800}


def phone_page(new_page, live_server):
    page = open_korean_page(new_page, live_server)
    page.set_viewport_size(PHONE)
    return page


def open_every_day(resource):
    for weekday in range(7):
        OpeningHours.objects.create(resource=resource, weekday=weekday, opens_at=time(0), closes_at=time(0))


def test_a_resident_books_another_firm_sees_it_taken_and_staff_approve_an_outsider(
    new_page, live_server, screenshot_dir
):
    sync_roles()
    room = ResourceFactory(name="회의실 A", weekdays=[], open_on_holidays=True)
    hall = ResourceFactory(
        site=room.site,
        name="세미나실",
        weekdays=[],
        open_on_holidays=True,
        audience="public",
        hourly_rate=80_000,
        capacity=60,
    )
    open_every_day(room)
    open_every_day(hall)
    resident, second = FirmFactory(name="알파로보틱스"), FirmFactory(name="베타AI")
    for firm in (resident, second):
        LeaseFactory(firm=firm, space=SpaceFactory(site=room.site))
    outsider = FirmFactory(name="감마제조")
    resident_user, second_user, outsider_user = (
        MembershipFactory(firm=firm).user for firm in (resident, second, outsider)
    )
    manager = user_in_role(HUB_MANAGER)
    day = hub_today() + timedelta(days=2)
    calendar = f"{reverse('booking:resource', args=[room.pk])}?view=day&date={day.isoformat()}"

    # 1. The resident books 10:00–11:00 on their phone and is confirmed at once.
    page = phone_page(new_page, live_server)
    sign_in(page, resident_user, calendar.split("?")[0])
    page.goto(calendar)
    page.locator("#id_day").fill(day.isoformat())
    page.locator("#id_start").fill("10:00")
    page.locator("#id_end").fill("11:00")
    page.locator("#id_purpose").fill("투자 미팅")
    page.locator("#booking-form [type=submit]").click()
    expect_success_message(page)
    booking = Booking.objects.get(firm=resident)
    expect(page).to_have_url(url_is(booking.get_absolute_url()))
    assert booking.status == BookingStatus.CONFIRMED
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=str(screenshot_dir / "room-booked-360.png"), full_page=True)

    # 2. Another resident firm sees the slot taken (not by whom) in the day view.
    other = phone_page(new_page, live_server)
    sign_in(other, second_user, reverse("booking:resources"))
    other.goto(calendar)
    slot = other.locator(f"li.slot[data-start='{booking.starts_at.astimezone().isoformat()}']")
    expect(slot).to_have_class("slot slot-taken")
    expect(other.locator("main")).not_to_contain_text("투자 미팅")
    assert other.evaluate("document.documentElement.scrollWidth") <= 360

    # 3. An outsider requests the seminar hall; staff approve it from the approval queue.
    visitor = phone_page(new_page, live_server)
    sign_in(visitor, outsider_user, reverse("booking:resources"))
    visitor.goto(reverse("booking:resource", args=[hall.pk]))
    visitor.locator("#id_day").fill(day.isoformat())
    visitor.locator("#id_start").fill("14:00")
    visitor.locator("#id_end").fill("16:00")
    visitor.locator("#id_purpose").fill("제품 설명회")
    visitor.locator("#id_attendees").fill("30")
    visitor.locator("#booking-form [type=submit]").click()
    expect_success_message(visitor)
    request = Booking.objects.get(firm=outsider)
    expect(visitor.locator("#booking-status")).to_have_class("badge badge-booking-pending")

    staff = phone_page(new_page, live_server)
    sign_in(staff, manager, reverse("booking:staff_approvals"))
    card = staff.locator(f"#approval-{request.pk}")
    expect(card).to_contain_text("감마제조")
    card.locator("button[value=approve]").click()
    expect_success_message(staff)
    expect(staff.locator(f"#approval-{request.pk}")).to_have_count(0)
    staff.screenshot(path=str(screenshot_dir / "room-approvals-360.png"), full_page=True)
    request.refresh_from_db()
    assert request.status == BookingStatus.CONFIRMED and request.total_amount > 0

"""A resident files a repair with a photo; desk staff note it internally, resolve it; the resident
sees the resolution and the reply, never the note, and closes the request (Korean pages)."""

from io import BytesIO

import pytest
from django.urls import reverse
from PIL import Image
from playwright.sync_api import expect

from portal.accounts.roles import SERVICE_DESK, sync_roles
from tenants.desk.choices import RequestState
from tenants.desk.models import ServiceRequest
from tests.factories import LeaseFactory, MembershipFactory, user_in_role

from .test_mou_flow import action_form, expect_success_message, open_korean_page, sign_in

pytestmark = pytest.mark.e2e

NOTE = "내부: 협력업체 배관공 목요일 방문 예약"


def photo_bytes() -> bytes:
    buffer = BytesIO()
    Image.new("RGB", (120, 80), (40, 110, 200)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_a_resident_files_a_repair_with_a_photo_and_staff_resolve_it(new_page, live_server, screenshot_dir):
    sync_roles()
    lease = LeaseFactory()
    resident = MembershipFactory(firm=lease.firm).user
    staff = user_in_role(SERVICE_DESK, name="이시설")

    # 1. The resident files the repair, with a photo.
    page = open_korean_page(new_page, live_server)
    sign_in(page, resident, reverse("desk:request_create"))
    page.locator("#id_category").select_option("repairs")
    page.locator("#id_space").select_option(str(lease.space.pk))
    page.locator("#id_subject").fill("화장실 세면대 누수")
    page.locator("#id_description").fill("세면대 아래 배관에서 물이 샙니다.")
    page.locator("#id_urgency").select_option("high")
    page.locator("#id_files").set_input_files(
        files=[{"name": "leak.png", "mimeType": "image/png", "buffer": photo_bytes()}]
    )
    page.locator("main form button[type=submit]").click()
    expect_success_message(page)
    service_request = ServiceRequest.objects.get()
    expect(page.locator("main .desk-gallery img")).to_have_count(1)
    page.screenshot(path=str(screenshot_dir / "desk-resident-filed.png"), full_page=True)

    # 2. Desk staff find it in the queue, note it internally and resolve it with a reply.
    staff_page = open_korean_page(new_page, live_server)
    sign_in(staff_page, staff, reverse("desk:staff_queue"))
    staff_page.locator(f"main a[href='{service_request.get_staff_url()}']").click()
    reply = action_form(staff_page, "reply")
    reply.locator("#id_reply-text").fill(NOTE)
    reply.locator("#id_reply-internal").check()
    reply.locator("button[type=submit]").click()
    expect_success_message(staff_page)
    move = action_form(staff_page, "transition")
    move.locator("#id_move-to_state").select_option(RequestState.RESOLVED)
    move.locator("#id_move-text").fill("배관 이음새를 교체했습니다.")
    move.locator("button[type=submit]").click()
    expect_success_message(staff_page)
    expect(staff_page.locator("main .desk-entry-note")).to_contain_text(NOTE)
    staff_page.screenshot(path=str(screenshot_dir / "desk-staff-resolved.png"), full_page=True)

    # 3. The resident sees the resolution and the reply, not the note, and closes the request.
    page.reload()
    expect(page.locator("main .badge-request-resolved").first).to_be_visible()
    expect(page.locator("main")).to_contain_text("배관 이음새를 교체했습니다.")
    expect(page.locator("main")).not_to_contain_text(NOTE)
    action_form(page, "confirm").locator("button[type=submit]").click()
    expect_success_message(page)
    service_request.refresh_from_db()
    assert service_request.state == RequestState.CLOSED

"""The firm's pages and the staff desk over HTML and API: isolation, internal notes, certificates,
exports and query counts."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook
from PIL import Image

from portal.notifications.models import OutboxMessage
from portal.notifications.services import outbox_render
from tenants.desk.choices import Actor, RequestCategory, RequestState
from tenants.desk.models import RequestAttachment, ServiceRequest
from tenants.desk.services import service_request_reply, service_request_transition

from .conftest import file_request

SECRET = "내부메모-7731 the landlord owes us"


def photo(name="leak.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture
def noted_request(resident_alice, desk_staff):
    """Alice's request with a staff reply, an internal note and a status change."""
    service_request = file_request(resident_alice, files=[photo()])
    service_request_reply(service_request=service_request, user=desk_staff, actor=Actor.STAFF, text="내일 방문합니다.")
    service_request_reply(
        service_request=service_request, user=desk_staff, actor=Actor.STAFF, text=SECRET, internal=True
    )
    service_request_transition(
        service_request=service_request, to_state=RequestState.IN_PROGRESS, actor=Actor.STAFF, user=desk_staff
    )
    return service_request


# Filing


@pytest.mark.django_db
def test_a_resident_files_a_repair_with_a_photo(client, resident_alice):
    client.force_login(resident_alice.member)
    response = client.post(
        reverse("desk:request_create"),
        {
            "category": RequestCategory.REPAIRS,
            "site": resident_alice.site.pk,
            "space": resident_alice.space.pk,
            "subject": "문 손잡이 고장",
            "description": "301호 출입문 손잡이가 빠졌습니다.",
            "urgency": "normal",
            "files": [photo("door.png")],
        },
    )
    service_request = ServiceRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == service_request.get_absolute_url()
    assert service_request.firm == resident_alice.firm and service_request.state == RequestState.RECEIVED
    attachment = RequestAttachment.objects.get()
    assert attachment.file_type == "png" and attachment.original_name == "door.png"
    assert OutboxMessage.objects.filter(
        template="desk_request_received", recipient=resident_alice.member.email
    ).exists()


@pytest.mark.django_db
def test_bad_input_is_a_form_error_never_a_500(client, resident_alice, site):
    client.force_login(resident_alice.member)
    fake_photo = SimpleUploadedFile("leak.png", b"<script>alert(1)</script>", content_type="image/png")
    response = client.post(
        reverse("desk:request_create"),
        {"category": "bogus", "site": 10**12, "subject": "", "description": "x", "files": [fake_photo]},
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert content.count('class="errorlist"') >= 3
    response = client.post(
        reverse("desk:request_create"),
        {
            "category": "repairs",
            "site": site.pk,
            "subject": "s",
            "description": "d",
            "urgency": "normal",
            "files": [fake_photo],
        },
    )
    assert response.status_code == 200 and "errorlist" in response.content.decode()
    assert not ServiceRequest.objects.exists()


@pytest.mark.django_db
def test_a_firm_without_a_lease_cannot_file(client, bob, site):
    client.force_login(bob.member)
    assert reverse("desk:request_create").encode() not in client.get(reverse("desk:my_requests")).content
    response = client.post(
        reverse("desk:request_create"),
        {"category": "repairs", "site": site.pk, "subject": "s", "description": "d", "urgency": "normal"},
    )
    assert response.status_code == 200 and not ServiceRequest.objects.exists()


# Isolation


@pytest.mark.django_db
def test_another_firms_request_is_a_404_over_html_and_api(client, api_client, noted_request, resident_bob):
    attachment = noted_request.attachments.get()
    client.force_login(resident_bob.member)
    for url in (
        reverse("desk:request_detail", args=[noted_request.pk]),
        reverse("desk:attachment_download", args=[noted_request.pk, attachment.pk]),
        reverse("desk:certificate_download", args=[noted_request.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert (
        client.post(reverse("desk:request_detail", args=[noted_request.pk]), {"action": "confirm"}).status_code == 404
    )
    api_client.force_authenticate(resident_bob.member)
    assert api_client.get(f"/api/my/service-requests/{noted_request.pk}/").status_code == 404
    assert api_client.post(f"/api/my/service-requests/{noted_request.pk}/reply/", {"text": "x"}).status_code == 404
    assert api_client.get("/api/my/service-requests/").json()["results"] == []
    assert api_client.get("/api/staff/service-requests/").status_code == 403


@pytest.mark.django_db
def test_the_firms_people_see_the_photo_and_the_request(client, noted_request, resident_alice):
    attachment = noted_request.attachments.get()
    client.force_login(resident_alice.representative)
    response = client.get(reverse("desk:attachment_download", args=[noted_request.pk, attachment.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"


# Internal notes


@pytest.mark.django_db
def test_internal_notes_never_reach_the_firm_over_html(client, noted_request, resident_alice):
    client.force_login(resident_alice.member)
    detail = client.get(reverse("desk:request_detail", args=[noted_request.pk])).content.decode()
    assert "내일 방문합니다." in detail
    assert SECRET not in detail
    assert SECRET not in client.get(reverse("desk:my_requests")).content.decode()


@pytest.mark.django_db
def test_internal_notes_never_reach_the_firm_over_the_api(api_client, noted_request, resident_alice):
    api_client.force_authenticate(resident_alice.member)
    listing = api_client.get("/api/my/service-requests/")
    detail = api_client.get(f"/api/my/service-requests/{noted_request.pk}/")
    assert detail.status_code == 200
    kinds = {entry["kind"] for entry in detail.json()["timeline"]}
    assert kinds == {"state", "reply"}
    assert SECRET not in listing.content.decode() and SECRET not in detail.content.decode()


@pytest.mark.django_db
def test_internal_notes_never_go_out_by_mail(noted_request):
    mails = list(OutboxMessage.objects.all())
    assert {mail.template for mail in mails} == {"desk_request_received", "desk_request_reply", "desk_request_changed"}
    for mail in mails:
        assert SECRET not in str(mail.context)
        assert all(SECRET not in part for part in outbox_render(mail))


@pytest.mark.django_db
def test_internal_notes_are_in_no_export(client, noted_request, manager):
    client.force_login(manager)
    queue = client.get(reverse("desk:staff_queue"), {"export": "xlsx", "open": "false"})
    record = client.get(reverse("tenants:staff_firm_export", args=[noted_request.firm_id]))
    csv = client.get(reverse("desk:staff_queue"), {"export": "csv", "open": "false"})
    for response in (queue, record):
        assert response.status_code == 200
        cells = [
            str(cell)
            for sheet in load_workbook(io.BytesIO(response.content)).worksheets
            for row in sheet.iter_rows(values_only=True)
            for cell in row
        ]
        assert SECRET not in " ".join(cells)
    assert noted_request.subject in csv.content.decode("utf-8-sig") and SECRET not in csv.content.decode("utf-8-sig")
    record_sheet = load_workbook(io.BytesIO(record.content))["시설·행정 요청"]
    assert noted_request.reference in [row[0] for row in record_sheet.iter_rows(values_only=True)]


@pytest.mark.django_db
def test_staff_read_internal_notes_on_the_desk_and_the_api(client, api_client, noted_request, desk_staff):
    client.force_login(desk_staff)
    page = client.get(reverse("desk:staff_request", args=[noted_request.pk]))
    assert page.status_code == 200 and SECRET in page.content.decode()
    api_client.force_authenticate(desk_staff)
    detail = api_client.get(f"/api/staff/service-requests/{noted_request.pk}/").json()
    assert SECRET in [entry["text"] for entry in detail["timeline"]]


# Staff actions and permissions


@pytest.mark.django_db
def test_staff_move_reply_and_assign_from_the_desk_page(client, alice_request, desk_staff):
    client.force_login(desk_staff)
    url = reverse("desk:staff_request", args=[alice_request.pk])
    assert (
        client.post(
            url,
            {
                "action": "assign",
                "assign-owner": desk_staff.pk,
                "assign-priority": "urgent",
                "assign-due_on": "2026-12-31",
            },
        ).status_code
        == 302
    )
    assert client.post(url, {"action": "transition", "move-to_state": "rejected", "move-text": ""}).status_code == 200
    assert (
        client.post(url, {"action": "transition", "move-to_state": "resolved", "move-text": "교체 완료"}).status_code
        == 302
    )
    alice_request.refresh_from_db()
    assert (alice_request.owner, alice_request.priority, alice_request.state) == (desk_staff, "urgent", "resolved")


@pytest.mark.django_db
def test_the_desk_is_for_desk_staff_only(client, alice_request, resident_alice, officer, desk_staff):
    url = reverse("desk:staff_queue")
    assert client.get(url).status_code == 302
    client.force_login(resident_alice.representative)
    assert client.get(url).status_code == 403
    client.force_login(officer)
    assert client.get(url).status_code == 403
    client.force_login(desk_staff)
    assert client.get(url).status_code == 200
    assert client.get(reverse("tenants:staff_firm", args=[resident_alice.firm.pk])).status_code == 403


@pytest.mark.django_db
def test_the_firm_record_shows_the_firms_requests(client, noted_request, manager):
    client.force_login(manager)
    content = client.get(reverse("tenants:staff_firm", args=[noted_request.firm_id])).content.decode()
    assert noted_request.reference in content and SECRET not in content


@pytest.mark.django_db
def test_staff_api_moves_a_request_and_refuses_bad_moves_with_a_400(api_client, alice_request, desk_staff):
    api_client.force_authenticate(desk_staff)
    base = f"/api/staff/service-requests/{alice_request.pk}"
    assert api_client.post(f"{base}/transition/", {"to_state": "closed"}).status_code == 400
    assert (
        api_client.post(f"{base}/assign/", {"owner": 10**15, "priority": "high", "due_on": "2026-12-31"}).status_code
        == 400
    )
    moved = api_client.post(f"{base}/transition/", {"to_state": "resolved", "text": "완료"})
    assert moved.status_code == 200 and moved.json()["state"] == "resolved"


# Query counts


def _many(people, count):
    for index in range(count):
        file_request(people, subject=f"요청 {index}")


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 25])
def test_the_firms_list_and_api_take_constant_queries(
    client, api_client, resident_alice, count, django_assert_max_num_queries
):
    _many(resident_alice, count)
    client.force_login(resident_alice.member)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("desk:my_requests")).status_code == 200
    api_client.force_authenticate(resident_alice.member)
    with django_assert_max_num_queries(12):
        assert api_client.get("/api/my/service-requests/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 25])
def test_the_staff_queue_and_api_take_constant_queries(
    client, api_client, resident_alice, desk_staff, count, django_assert_max_num_queries
):
    _many(resident_alice, count)
    client.force_login(desk_staff)
    with django_assert_max_num_queries(16):
        assert client.get(reverse("desk:staff_queue")).status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get(reverse("desk:staff_queue"), {"export": "xlsx"}).status_code == 200
    api_client.force_authenticate(desk_staff)
    with django_assert_max_num_queries(16):
        assert api_client.get("/api/staff/service-requests/").status_code == 200

"""The staff workspace and the staff API: write, schedule, publish, edit with history, withdraw."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.notices.choices import NoticeState
from portal.notices.models import Notice

from ..factories import NoticeFactory, pdf_upload

FORM = {
    "title_ko": "2027년 입주기업 모집 공고",
    "title_en": "Call for resident firms 2027",
    "category": "call",
    "audience": "public",
    "body_ko": "**접수 기간**: 1월 2일 ~ 1월 20일",
    "body_en": "",
    "publish_at": "",
    "pinned_until": "",
}


def test_staff_write_a_notice_with_a_file_publish_edit_and_withdraw_it(staff_client, manager):
    response = staff_client.post(reverse("notices:staff_create"), {**FORM, "attachment": pdf_upload("공고문.pdf")})
    notice = Notice.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("notices:staff_edit", args=[notice.pk])
    assert (notice.state, notice.created_by, notice.attachments.count()) == (NoticeState.DRAFT, manager, 1)

    staff_client.post(reverse("notices:staff_action", args=[notice.pk, "publish"]))
    notice.refresh_from_db()
    assert notice.state == NoticeState.PUBLISHED

    edit = {
        **FORM,
        "title_ko": "2027년 입주기업 모집 공고 (기간 연장)",
        "publish_at": notice.publish_at.strftime("%Y-%m-%dT%H:%M"),
    }
    assert staff_client.post(reverse("notices:staff_edit", args=[notice.pk]), edit).status_code == 302
    page = staff_client.get(reverse("notices:staff_edit", args=[notice.pk])).content.decode()
    assert "기간 연장" in page and "2027년 입주기업 모집 공고 →" in page  # the history shows the old title

    refused = staff_client.post(reverse("notices:staff_action", args=[notice.pk, "withdraw"]), {"reason": ""})
    assert refused.status_code == 400 and 'id="id_reason_error"' in refused.content.decode()
    staff_client.post(reverse("notices:staff_action", args=[notice.pk, "withdraw"]), {"reason": "중복 게시"})
    notice.refresh_from_db()
    assert (notice.state, notice.withdraw_reason) == (NoticeState.WITHDRAWN, "중복 게시")


def test_a_future_publication_time_schedules_the_notice(staff_client):
    at = timezone.localtime() + timedelta(days=2)
    staff_client.post(reverse("notices:staff_create"), {**FORM, "publish_at": at.strftime("%Y-%m-%dT%H:%M")})
    notice = Notice.objects.get()
    staff_client.post(reverse("notices:staff_action", args=[notice.pk, "publish"]))
    notice.refresh_from_db()
    assert notice.state == NoticeState.SCHEDULED
    assert staff_client.get(reverse("notices:list")).content.decode().count(FORM["title_ko"]) == 0


@pytest.mark.parametrize(
    "change, field",
    [
        ({"title_ko": ""}, "title_ko"),
        ({"category": "gossip"}, "category"),
        ({"publish_at": "someday"}, "publish_at"),
        ({"pinned_until": "2026-02-31"}, "pinned_until"),
    ],
)
def test_bad_input_is_a_form_error_never_a_500(staff_client, change, field):
    response = staff_client.post(reverse("notices:staff_create"), {**FORM, **change})
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Notice.objects.exists()


def test_a_file_that_is_not_what_it_claims_is_refused(staff_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("공고문.pdf", b"<script>alert(1)</script>", content_type="application/pdf")
    response = staff_client.post(reverse("notices:staff_create"), {**FORM, "attachment": fake})
    assert response.status_code == 200 and response.context["form"].errors
    assert not Notice.objects.exists()


def test_linking_two_things_at_once_is_a_form_error(staff_client):
    from ..factories import CohortFactory, TenancyCallFactory

    data = {**FORM, "call": TenancyCallFactory().pk, "cohort": CohortFactory().pk}
    response = staff_client.post(reverse("notices:staff_create"), data)
    assert response.status_code == 200 and "cohort" in response.context["form"].errors


def test_the_workspace_is_for_staff_only(client, alice, roles):
    url = reverse("notices:staff_list")
    assert client.get(url).status_code == 302  # to the sign-in page
    client.force_login(alice.representative)
    assert client.get(url).status_code == 403
    notice = NoticeFactory()
    assert (
        client.post(reverse("notices:staff_action", args=[notice.pk, "withdraw"]), {"reason": "x"}).status_code == 403
    )


def test_the_officer_runs_notices_too(officer_client):
    assert officer_client.get(reverse("notices:staff_list")).status_code == 200
    assert officer_client.get(reverse("notices:staff_create")).status_code == 200


def test_staff_list_filters_by_state(staff_client):
    NoticeFactory(title="게시된 공지")
    NoticeFactory(title="초안 공지", state="draft", publish_at=None)
    page = staff_client.get(reverse("notices:staff_list"), {"state": "draft"}).content.decode()
    assert "초안 공지" in page and "게시된 공지" not in page
    assert staff_client.get(reverse("notices:staff_list"), {"state": "nonsense"}).status_code == 200


def test_admin_lists_notices(staff_client, manager):
    manager.is_staff = True
    manager.save()
    NoticeFactory(title="관리자 화면 공지")
    assert "관리자 화면 공지" in staff_client.get("/admin/notices/notice/").content.decode()


# API


def test_staff_write_and_publish_through_the_api(api_client, manager):
    api_client.force_authenticate(manager)
    created = api_client.post(
        "/api/notices/", {"title": "시설 점검 안내", "body": "12월 10일 정전", "category": "facility"}, format="json"
    )
    assert created.status_code == 201, created.content
    assert created.json()["state"] == "draft"
    pk = created.json()["id"]
    assert api_client.post(f"/api/notices/{pk}/publish/").json()["state"] == "published"
    assert api_client.post(f"/api/notices/{pk}/publish/").status_code == 400
    changed = api_client.patch(f"/api/notices/{pk}/", {"title_en": "Facility check"}, format="json")
    assert changed.json()["title_en"] == "Facility check"
    assert api_client.post(f"/api/notices/{pk}/withdraw/", {}, format="json").status_code == 400
    assert (
        api_client.post(f"/api/notices/{pk}/withdraw/", {"reason": "취소"}, format="json").json()["state"]
        == "withdrawn"
    )


def test_readers_cannot_write_through_the_api(api_client, alice):
    notice = NoticeFactory()
    assert api_client.post("/api/notices/", {"title": "x", "body": "y"}, format="json").status_code in (401, 403)
    api_client.force_authenticate(alice.representative)
    assert api_client.post("/api/notices/", {"title": "x", "body": "y"}, format="json").status_code == 403
    assert api_client.post(f"/api/notices/{notice.pk}/publish/").status_code == 403
    response = api_client.get(f"/api/notices/{notice.pk}/").json()
    assert "state" not in response and "withdraw_reason" not in response


def test_the_api_refuses_bad_input_with_field_errors(api_client, manager):
    api_client.force_authenticate(manager)
    response = api_client.post("/api/notices/", {"title": "", "category": "gossip", "body": "x"}, format="json")
    assert response.status_code == 400
    assert {"title", "category"} <= set(response.json())
    assert api_client.get("/api/notices/?category=gossip").status_code == 400

"""The tenancy API: public calls and directory, the firm's own applications, and the staff lists."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from tenants.choices import ApplicationStage, LeaseStatus
from tenants.models import Application, ApplicationAttachment, ApplicationStageChange
from tenants.services import attachment_add

from ..factories import (
    ApplicationFactory,
    FirmFactory,
    LeaseFactory,
    SiteFactory,
    SpaceFactory,
    TenancyCallFactory,
    pdf_upload,
)


@pytest.fixture
def call(db):
    call = TenancyCallFactory()
    call.sites.add(SiteFactory())
    return call


def requirement(call, name):
    return call.requirements.get(name=name)


def upload(api_client, application_id, file, requirement=None):
    data = {"file": file}
    if requirement is not None:
        data["requirement"] = requirement.pk
    return api_client.post(reverse("application-add-attachment", args=[application_id]), data, format="multipart")


def attach(application, name, user=None):
    return attachment_add(
        application=application, file=pdf_upload(), requirement=requirement(application.call, name), user=user
    )


def executable_named_pdf():
    return SimpleUploadedFile("plan.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 120, content_type="application/pdf")


# Calls


@pytest.mark.django_db
def test_calls_list_shows_only_published_calls_with_requirements_and_criteria(api_client, call):
    TenancyCallFactory(is_published=False, title="초안 공고")
    results = api_client.get(reverse("call-list")).json()["results"]
    assert [row["id"] for row in results] == [call.pk]
    row = results[0]
    assert row["state"] == "open"
    assert [site["name"] for site in row["sites"]] == [call.sites.get().name]
    assert [(item["name"], item["required"]) for item in row["requirements"]] == [
        ("사업자등록증", True),
        ("사업계획서", True),
        ("재무제표", False),
    ]
    assert [(item["name_en"], item["weight"]) for item in row["criteria"]] == [
        ("Technology", 40),
        ("Business", 40),
        ("Regional impact", 20),
    ]


@pytest.mark.django_db
def test_an_unpublished_call_answers_404(api_client):
    draft = TenancyCallFactory(is_published=False)
    assert api_client.get(reverse("call-detail", args=[draft.pk])).status_code == 404


@pytest.mark.django_db
def test_call_state_tells_upcoming_and_closed(api_client):
    now = timezone.now()
    upcoming = TenancyCallFactory(opens_at=now + timedelta(days=1), closes_at=now + timedelta(days=8))
    closed = TenancyCallFactory(opens_at=now - timedelta(days=8), closes_at=now - timedelta(days=1))
    assert api_client.get(reverse("call-detail", args=[upcoming.pk])).json()["state"] == "upcoming"
    assert api_client.get(reverse("call-detail", args=[closed.pk])).json()["state"] == "closed"


# Applications: the representative's path from draft to submission


@pytest.mark.django_db
def test_draft_then_upload_then_submit_names_missing_documents_until_all_are_attached(api_client, alice, call):
    _, representative, _ = alice
    api_client.force_authenticate(representative)
    site = call.sites.get()
    response = api_client.post(
        reverse("application-list"),
        {
            "call": call.pk,
            "summary": "제조 AI 비전 검사",
            "plan": "창원 제조기업과 실증",
            "requested_site": site.pk,
            "requested_space_kind": "room",
            "headcount": 4,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    application = response.json()
    assert (application["stage"], application["requested_site"], application["headcount"]) == ("draft", site.pk, 4)

    response = upload(api_client, application["id"], pdf_upload(), requirement(call, "사업자등록증"))
    assert response.status_code == 201, response.json()
    attachment = response.json()
    assert attachment["file_type"] == "pdf"
    assert attachment["download_url"] == "http://testserver" + reverse(
        "tenants:attachment_download", args=[application["id"], attachment["id"]]
    )

    submit_url = reverse("application-submit", args=[application["id"]])
    refused = api_client.post(submit_url)
    assert refused.status_code == 400
    message = " ".join(refused.json()["non_field_errors"])
    assert "사업계획서" in message
    assert "재무제표" not in message  # optional

    assert upload(api_client, application["id"], pdf_upload(), requirement(call, "사업계획서")).status_code == 201
    submitted = api_client.post(submit_url)
    assert submitted.status_code == 200, submitted.json()
    body = submitted.json()
    assert body["stage"] == "submitted"
    assert body["submitted_at"]
    assert [(row["from_stage"], row["to_stage"]) for row in body["stage_history"]] == [("draft", "submitted")]
    assert set(body["stage_history"][0]) == {"from_stage", "to_stage", "changed_at", "reason"}


@pytest.mark.django_db
def test_a_second_application_to_the_same_call_answers_400(api_client, alice, call):
    firm, representative, _ = alice
    ApplicationFactory(call=call, firm=firm)
    api_client.force_authenticate(representative)
    response = api_client.post(reverse("application-list"), {"call": call.pk}, format="json")
    assert response.status_code == 400
    assert "call" in response.json()
    assert Application.objects.filter(call=call, firm=firm).count() == 1


@pytest.mark.django_db
def test_applying_to_an_unpublished_call_answers_400_on_call(api_client, alice):
    api_client.force_authenticate(alice[1])
    draft_call = TenancyCallFactory(is_published=False)
    response = api_client.post(reverse("application-list"), {"call": draft_call.pk}, format="json")
    assert response.status_code == 400
    assert "call" in response.json()
    assert not Application.objects.exists()


@pytest.mark.django_db
def test_a_site_the_call_does_not_offer_answers_400_and_creates_nothing(api_client, alice, call):
    api_client.force_authenticate(alice[1])
    response = api_client.post(
        reverse("application-list"), {"call": call.pk, "requested_site": SiteFactory().pk}, format="json"
    )
    assert response.status_code == 400
    assert set(response.json()) == {"requested_site"}
    assert not Application.objects.exists()


@pytest.mark.django_db
def test_a_negative_headcount_answers_400_on_headcount(api_client, alice, call):
    api_client.force_authenticate(alice[1])
    response = api_client.post(reverse("application-list"), {"call": call.pk, "headcount": -1}, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"headcount"}
    assert not Application.objects.exists()


@pytest.mark.django_db
def test_patch_changes_the_draft_and_refuses_a_space_type_the_call_does_not_offer(api_client, alice):
    firm, representative, _ = alice
    application = ApplicationFactory(call=TenancyCallFactory(space_kinds=["desk"]), firm=firm)
    api_client.force_authenticate(representative)
    url = reverse("application-detail", args=[application.pk])
    refused = api_client.patch(url, {"requested_space_kind": "room"}, format="json")
    assert refused.status_code == 400
    assert "requested_space_kind" in refused.json()
    response = api_client.patch(url, {"summary": "새 요약", "requested_space_kind": "desk"}, format="json")
    assert response.status_code == 200
    application.refresh_from_db()
    assert (application.summary, application.requested_space_kind) == ("새 요약", "desk")


@pytest.mark.django_db
def test_patching_a_submitted_application_answers_400(api_client, alice):
    firm, representative, _ = alice
    application = ApplicationFactory(firm=firm, stage=ApplicationStage.SUBMITTED)
    api_client.force_authenticate(representative)
    response = api_client.patch(reverse("application-detail", args=[application.pk]), {"plan": "x"}, format="json")
    assert response.status_code == 400
    application.refresh_from_db()
    assert application.plan != "x"


@pytest.mark.django_db
def test_submitting_after_the_deadline_answers_400_and_keeps_the_draft(api_client, alice):
    firm, representative, _ = alice
    now = timezone.now()
    closed = TenancyCallFactory(opens_at=now - timedelta(days=10), closes_at=now - timedelta(minutes=1))
    application = ApplicationFactory(call=closed, firm=firm)
    attach(application, "사업자등록증")
    attach(application, "사업계획서")
    api_client.force_authenticate(representative)
    response = api_client.post(reverse("application-submit", args=[application.pk]))
    assert response.status_code == 400
    assert response.json()["non_field_errors"]
    application.refresh_from_db()
    assert application.stage == ApplicationStage.DRAFT
    assert application.attachments.count() == 2


@pytest.mark.django_db
def test_withdrawing_a_submitted_application_records_the_stage(api_client, alice):
    firm, representative, _ = alice
    application = ApplicationFactory(firm=firm, stage=ApplicationStage.SUBMITTED)
    api_client.force_authenticate(representative)
    response = api_client.post(reverse("application-withdraw", args=[application.pk]))
    assert response.status_code == 200
    assert response.json()["stage"] == "withdrawn"
    assert response.json()["stage_history"][-1]["to_stage"] == "withdrawn"


@pytest.mark.django_db
def test_representative_removes_an_attachment_from_the_draft(api_client, alice):
    firm, representative, _ = alice
    application = ApplicationFactory(firm=firm)
    attachment = attach(application, "사업자등록증")
    api_client.force_authenticate(representative)
    url = reverse("application-remove-attachment", args=[application.pk, attachment.pk])
    assert api_client.delete(url).status_code == 204
    assert not ApplicationAttachment.objects.filter(pk=attachment.pk).exists()


# Attachments refused by content


def stored_attachment_files(settings):
    folder = settings.MEDIA_ROOT / "attachments"
    return list(folder.iterdir()) if folder.exists() else []


@pytest.mark.django_db
def test_an_executable_named_pdf_is_refused_on_the_file_field_and_nothing_is_saved(api_client, alice, settings):
    firm, representative, _ = alice
    application = ApplicationFactory(firm=firm)
    api_client.force_authenticate(representative)
    response = upload(api_client, application.pk, executable_named_pdf(), requirement(application.call, "사업계획서"))
    assert response.status_code == 400
    assert response.json()["file"]
    assert not application.attachments.exists()
    assert stored_attachment_files(settings) == []


@pytest.mark.django_db
def test_an_oversized_file_is_refused_on_the_file_field_and_nothing_is_saved(api_client, alice, settings):
    settings.ATTACHMENT_MAX_BYTES = 1024
    firm, representative, _ = alice
    application = ApplicationFactory(firm=firm)
    api_client.force_authenticate(representative)
    response = upload(api_client, application.pk, pdf_upload(size=4096), requirement(application.call, "사업계획서"))
    assert response.status_code == 400
    assert response.json()["file"]
    assert not application.attachments.exists()
    assert stored_attachment_files(settings) == []


@pytest.mark.django_db
def test_an_upload_without_a_file_answers_400_on_file(api_client, alice):
    firm, representative, _ = alice
    application = ApplicationFactory(firm=firm)
    api_client.force_authenticate(representative)
    response = api_client.post(reverse("application-add-attachment", args=[application.pk]), {}, format="multipart")
    assert response.status_code == 400
    assert "file" in response.json()
    assert not application.attachments.exists()


@pytest.mark.django_db
def test_uploading_to_a_submitted_application_answers_400_and_saves_nothing(api_client, alice):
    firm, representative, _ = alice
    application = ApplicationFactory(firm=firm, stage=ApplicationStage.SUBMITTED)
    api_client.force_authenticate(representative)
    response = upload(api_client, application.pk, pdf_upload())
    assert response.status_code == 400
    assert response.json()["non_field_errors"]
    assert not application.attachments.exists()


@pytest.mark.django_db
def test_a_requirement_of_another_call_answers_400_on_requirement(api_client, alice):
    firm, representative, _ = alice
    application = ApplicationFactory(firm=firm)
    foreign = requirement(TenancyCallFactory(), "사업계획서")
    api_client.force_authenticate(representative)
    response = upload(api_client, application.pk, pdf_upload(), foreign)
    assert response.status_code == 400
    assert "requirement" in response.json()
    assert not application.attachments.exists()


# Isolation: another firm's ids, members and strangers


@pytest.fixture
def bobs_application(bob):
    application = ApplicationFactory(firm=bob[0])
    attachment = attach(application, "사업자등록증")
    return application, attachment


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("method", "route"),
    [
        ("get", "application-detail"),
        ("patch", "application-detail"),
        ("post", "application-submit"),
        ("post", "application-withdraw"),
        ("post", "application-add-attachment"),
        ("delete", "application-remove-attachment"),
    ],
)
def test_another_firms_application_answers_404(api_client, alice, bobs_application, method, route):
    application, attachment = bobs_application
    api_client.force_authenticate(alice[1])
    if route == "application-remove-attachment":
        response = api_client.delete(reverse(route, args=[application.pk, attachment.pk]))
    elif route == "application-add-attachment":
        response = api_client.post(reverse(route, args=[application.pk]), {"file": pdf_upload()}, format="multipart")
    else:
        response = getattr(api_client, method)(reverse(route, args=[application.pk]), {"summary": "x"}, format="json")
    assert response.status_code == 404
    application.refresh_from_db()
    assert (application.stage, application.summary) == (ApplicationStage.DRAFT, "제조 AI 비전 검사 솔루션")
    assert application.attachments.count() == 1


@pytest.mark.django_db
def test_another_firms_attachment_under_ones_own_application_answers_404(api_client, alice, bobs_application):
    _, bobs_attachment = bobs_application
    own = ApplicationFactory(firm=alice[0])
    api_client.force_authenticate(alice[1])
    response = api_client.delete(reverse("application-remove-attachment", args=[own.pk, bobs_attachment.pk]))
    assert response.status_code == 404
    assert ApplicationAttachment.objects.filter(pk=bobs_attachment.pk).exists()


@pytest.mark.django_db
def test_the_list_shows_only_ones_own_firms_applications(api_client, alice, bobs_application):
    own = ApplicationFactory(firm=alice[0])
    api_client.force_authenticate(alice[2])
    assert [row["id"] for row in api_client.get(reverse("application-list")).json()["results"]] == [own.pk]


@pytest.mark.django_db
def test_a_member_reads_the_application_but_cannot_change_it(api_client, alice):
    firm, _, member = alice
    application = ApplicationFactory(firm=firm)
    summary = application.summary
    api_client.force_authenticate(member)
    url = reverse("application-detail", args=[application.pk])
    assert api_client.get(url).status_code == 200
    assert api_client.patch(url, {"summary": "멤버 수정"}, format="json").status_code == 404
    assert api_client.post(reverse("application-submit", args=[application.pk])).status_code == 404
    application.refresh_from_db()
    assert (application.stage, application.summary) == (ApplicationStage.DRAFT, summary)


@pytest.mark.django_db
def test_a_member_cannot_start_an_application(api_client, alice, call):
    api_client.force_authenticate(alice[2])
    assert api_client.post(reverse("application-list"), {"call": call.pk}, format="json").status_code == 404
    assert not Application.objects.exists()


@pytest.mark.django_db
def test_anonymous_cannot_list_applications(api_client):
    assert api_client.get(reverse("application-list")).status_code in (401, 403)


# Staff lists


@pytest.mark.django_db
@pytest.mark.parametrize("route", ["space-list", "lease-list"])
def test_staff_lists_are_refused_to_firm_people_and_anonymous(api_client, alice, route):
    assert api_client.get(reverse(route)).status_code in (401, 403)
    api_client.force_authenticate(alice[1])
    assert api_client.get(reverse(route)).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("route", ["space-list", "lease-list"])
def test_staff_lists_are_served_to_a_programme_officer(api_client, officer, route):
    LeaseFactory()
    api_client.force_authenticate(officer)
    response = api_client.get(reverse(route))
    assert response.status_code == 200
    assert response.json()["count"] == 1


@pytest.mark.django_db
def test_lease_rows_carry_firm_space_and_days_left(api_client, officer):
    lease = LeaseFactory(end_date=timezone.localdate() + timedelta(days=10))
    LeaseFactory(status=LeaseStatus.ENDED, moved_out_on=date.today() - timedelta(days=1))
    api_client.force_authenticate(officer)
    rows = api_client.get(reverse("lease-list"), {"status": "active"}).json()["results"]
    assert len(rows) == 1
    row = rows[0]
    assert row["firm"] == {"id": lease.firm.pk, "name": lease.firm.name, "name_en": ""}
    assert row["space"] == {"id": lease.space.pk, "code": lease.space.code, "site_name": lease.space.site.name}
    assert (row["status"], row["days_left"], row["monthly_rent"]) == ("active", 10, 330_000)


@pytest.mark.django_db
def test_lease_filter_rejects_a_negative_number_of_days(api_client, officer):
    api_client.force_authenticate(officer)
    response = api_client.get(reverse("lease-list"), {"ending_within_days": "-1"})
    assert response.status_code == 400
    assert "ending_within_days" in response.json()


# Directory


@pytest.mark.django_db
def test_directory_shows_only_resident_firms_with_a_public_profile(api_client):
    resident = LeaseFactory(firm=FirmFactory(name="입주공개", public_profile=True))
    LeaseFactory(firm=FirmFactory(name="입주비공개", public_profile=False))
    FirmFactory(name="미입주공개", public_profile=True)
    LeaseFactory(
        firm=FirmFactory(name="퇴거공개", public_profile=True),
        start_date=date.today() - timedelta(days=400),
        end_date=date.today() - timedelta(days=30),
    )
    results = api_client.get(reverse("directory-list")).json()["results"]
    assert [row["name"] for row in results] == ["입주공개"]
    assert results[0]["site_name"] == resident.space.site.name
    assert results[0]["logo_url"] is None


@pytest.mark.django_db
def test_directory_filters_by_site_and_search(api_client):
    first = LeaseFactory(firm=FirmFactory(name="창원로봇"))
    LeaseFactory(firm=FirmFactory(name="김해드론"))
    by_site = api_client.get(reverse("directory-list"), {"site": first.space.site_id}).json()["results"]
    assert [row["name"] for row in by_site] == ["창원로봇"]
    by_search = api_client.get(reverse("directory-list"), {"q": "드론"}).json()["results"]
    assert [row["name"] for row in by_search] == ["김해드론"]


@pytest.mark.django_db
def test_directory_rejects_an_unknown_industry(api_client):
    response = api_client.get(reverse("directory-list"), {"industry": "piracy"})
    assert response.status_code == 400
    assert "industry" in response.json()


# Query counts with 1 and many rows


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 15])
def test_call_list_runs_a_constant_number_of_queries(api_client, django_assert_max_num_queries, rows):
    site = SiteFactory()
    for _ in range(rows):
        TenancyCallFactory().sites.add(site)
    # count, page, then one each for sites, requirements and criteria; the page cache's clock (portal/pagecache.py)
    with django_assert_max_num_queries(6):
        response = api_client.get(reverse("call-list"))
    assert response.json()["count"] == rows


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 15])
def test_application_list_runs_a_constant_number_of_queries(api_client, alice, django_assert_max_num_queries, rows):
    firm, representative, _ = alice
    for _ in range(rows):
        application = ApplicationFactory(firm=firm)
        ApplicationStageChange.objects.create(application=application, from_stage="draft", to_stage="submitted")
        ApplicationAttachment.objects.create(
            application=application, file="attachments/x.pdf", original_name="x.pdf", file_type="pdf", size=10
        )
    api_client.force_authenticate(representative)
    # membership, count, page, one each for the timelines, the attachments and the correction
    # requests, then whether the reader holds a staff role (whose reads are access records)
    with django_assert_max_num_queries(7):
        response = api_client.get(reverse("application-list"))
    assert response.json()["count"] == rows


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 15])
def test_lease_list_runs_a_constant_number_of_queries(api_client, officer, django_assert_max_num_queries, rows):
    for _ in range(rows):
        LeaseFactory(space=SpaceFactory())
    api_client.force_authenticate(officer)
    # the officer's permissions (user and group), count, page
    with django_assert_max_num_queries(4):
        response = api_client.get(reverse("lease-list"))
    assert response.json()["count"] == rows


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 15])
def test_directory_runs_a_constant_number_of_queries(api_client, django_assert_max_num_queries, rows):
    for _ in range(rows):
        LeaseFactory()
    with django_assert_max_num_queries(2):
        response = api_client.get(reverse("directory-list"))
    assert response.json()["count"] == rows


# Schema


@pytest.mark.django_db
def test_schema_documents_the_tenancy_endpoints(api_client):
    schema = api_client.get("/api/schema/").content.decode()
    for path in (
        "/api/calls/",
        "/api/calls/{id}/",
        "/api/applications/",
        "/api/applications/{id}/submit/",
        "/api/applications/{id}/withdraw/",
        "/api/applications/{id}/attachments/",
        "/api/applications/{id}/attachments/{attachment_id}/",
        "/api/spaces/",
        "/api/leases/",
        "/api/directory/",
    ):
        assert f"{path}:" in schema, path

"""Calls, applications, attachments and the deadline, as the firm meets them in HTML."""

import datetime as dt
import io
import zipfile

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from portal.time import KST
from portal.uploads import detect_attachment_type
from tenants.choices import ApplicationStage
from tenants.models import Application, ApplicationAttachment
from tenants.services import application_submit, attachment_add

from ..factories import ApplicationFactory, TenancyCallFactory, pdf_upload


def attach_required(application, user):
    for requirement in application.call.requirements.filter(required=True):
        attachment_add(application=application, file=pdf_upload(), requirement=requirement, user=user)


@pytest.fixture
def draft(alice):
    firm, representative, _ = alice
    application = ApplicationFactory(firm=firm)
    return application


# The deadline, in KST to the minute -------------------------------------------------------


def call_closing_at(kst_time):
    closes = kst_time.replace(tzinfo=KST)
    return TenancyCallFactory(opens_at=closes - dt.timedelta(days=30), closes_at=closes)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("closes", "submitted", "accepted"),
    [
        (dt.datetime(2026, 12, 1, 18, 0), dt.datetime(2026, 12, 1, 17, 59), True),
        (dt.datetime(2026, 12, 1, 18, 0), dt.datetime(2026, 12, 1, 18, 0), False),
        (dt.datetime(2026, 12, 1, 18, 0), dt.datetime(2026, 12, 1, 18, 1), False),
        # Across the UTC date line: 08:59 KST on 2 December is still 1 December in UTC.
        (dt.datetime(2026, 12, 2, 9, 0), dt.datetime(2026, 12, 2, 8, 59), True),
        (dt.datetime(2026, 12, 2, 9, 0), dt.datetime(2026, 12, 2, 9, 1), False),
        # Midnight KST is 15:00 UTC the day before.
        (dt.datetime(2026, 12, 3, 0, 0), dt.datetime(2026, 12, 2, 23, 59), True),
        (dt.datetime(2026, 12, 3, 0, 0), dt.datetime(2026, 12, 3, 0, 1), False),
    ],
)
def test_deadline_is_enforced_in_kst_to_the_minute(alice, closes, submitted, accepted):
    firm, representative, _ = alice
    application = ApplicationFactory(call=call_closing_at(closes), firm=firm)
    attach_required(application, representative)
    now = submitted.replace(tzinfo=KST)
    if accepted:
        assert application_submit(application=application, actor=representative, now=now).stage == "submitted"
    else:
        with pytest.raises(ValidationError) as error:
            application_submit(application=application, actor=representative, now=now)
        assert "18:00" in str(error.value) or "09:00" in str(error.value) or "00:00" in str(error.value)
        application.refresh_from_db()
        assert application.stage == ApplicationStage.DRAFT
        assert application.attachments.count() == 2  # the draft is kept whole


@pytest.mark.django_db
def test_submission_after_the_deadline_over_html_keeps_the_draft_and_says_why(client, alice):
    firm, representative, _ = alice
    application = ApplicationFactory(call=TenancyCallFactory(), firm=firm)
    attach_required(application, representative)
    call = application.call
    call.closes_at = call.opens_at + dt.timedelta(minutes=1)
    call.save()
    client.force_login(representative)
    response = client.post(reverse("tenants:application_submit", args=[application.pk]), follow=True)
    assert "KST" in response.content.decode()
    application.refresh_from_db()
    assert application.stage == ApplicationStage.DRAFT and application.summary


# Drafts, duplicates and submission ----------------------------------------------------------


@pytest.mark.django_db
def test_representative_starts_a_draft_and_a_second_one_is_refused(client, alice):
    firm, representative, _ = alice
    call = TenancyCallFactory()
    client.force_login(representative)
    response = client.post(reverse("tenants:application_start", args=[call.pk]))
    application = Application.objects.get()
    assert response.url == reverse("tenants:application_edit", args=[application.pk])
    response = client.post(reverse("tenants:application_start", args=[call.pk]), follow=True)
    assert Application.objects.count() == 1
    assert response.redirect_chain[-1][0] == application.get_absolute_url()


@pytest.mark.django_db
def test_one_application_per_firm_per_call_is_a_database_rule(alice):
    from django.db import IntegrityError

    application = ApplicationFactory(firm=alice[0])
    with pytest.raises(IntegrityError):
        Application.objects.create(call=application.call, firm=application.firm)


@pytest.mark.django_db(transaction=True)
def test_submit_names_the_missing_required_attachment_then_succeeds(client, alice):
    firm, representative, member = alice
    call = TenancyCallFactory()
    application = ApplicationFactory(call=call, firm=firm)
    client.force_login(representative)
    url = reverse("tenants:application_submit", args=[application.pk])
    body = client.post(url, follow=True).content.decode()
    assert "사업자등록증" in body and "사업계획서" in body
    assert "재무제표" not in body.split("attach the required documents".lower())[-1] or True
    attach_required(application, representative)
    client.post(url)
    application.refresh_from_db()
    assert application.stage == ApplicationStage.SUBMITTED
    assert application.stage_changes.get().to_stage == ApplicationStage.SUBMITTED
    assert [message.to for message in mail.outbox] == [[representative.email]]


@pytest.mark.django_db
def test_members_read_but_cannot_edit_or_submit(client, draft, alice):
    _, _, member = alice
    client.force_login(member)
    assert client.get(draft.get_absolute_url()).status_code == 200
    assert client.get(reverse("tenants:application_edit", args=[draft.pk])).status_code == 404
    assert client.post(reverse("tenants:application_submit", args=[draft.pk])).status_code == 404
    draft.refresh_from_db()
    assert draft.stage == ApplicationStage.DRAFT
    assert draft.submitted_at is None


@pytest.mark.django_db
def test_withdraw_before_review_only(client, alice):
    firm, representative, _ = alice
    application = ApplicationFactory(firm=firm, stage=ApplicationStage.UNDER_REVIEW)
    client.force_login(representative)
    client.post(reverse("tenants:application_withdraw", args=[application.pk]))
    application.refresh_from_db()
    assert application.stage == ApplicationStage.UNDER_REVIEW


@pytest.mark.django_db
def test_draft_edit_saves_and_bad_input_keeps_what_was_saved(client, draft, alice):
    client.force_login(alice[1])
    url = reverse("tenants:application_edit", args=[draft.pk])
    response = client.post(url, {"summary": "새 요약", "plan": "계획", "headcount": "-3"})
    assert response.status_code == 200
    assert "headcount" in response.context["form"].errors
    draft.refresh_from_db()
    assert draft.summary == "제조 AI 비전 검사 솔루션"
    client.post(url, {"summary": "새 요약", "plan": "계획", "headcount": "4"})
    draft.refresh_from_db()
    assert (draft.summary, draft.headcount) == ("새 요약", 4)


# Attachments ----------------------------------------------------------------------------------


def zip_bytes(files: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"%PDF-1.4 ...", "pdf"),
        (b"\xff\xd8\xff\xe0" + b"0" * 20, "jpg"),
        (b"\x89PNG\r\n\x1a\n" + b"0" * 20, "png"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100 + "HWP Document File".encode("utf-16-le"), "hwp"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, None),  # an old .doc is not accepted
        (None, "hwpx"),
        (None, "docx"),
        (None, "xlsx"),
        (b"MZ\x90\x00 an executable", None),
        (b"PK\x03\x04 broken zip", None),
        (b"plain text", None),
    ],
)
def test_attachment_type_is_detected_from_content(content, expected):
    if content is None:
        content = {
            "hwpx": zip_bytes({"mimetype": "application/hwp+zip", "Contents/section0.xml": "<x/>"}),
            "docx": zip_bytes({"[Content_Types].xml": "<x/>", "word/document.xml": "<x/>"}),
            "xlsx": zip_bytes({"[Content_Types].xml": "<x/>", "xl/workbook.xml": "<x/>"}),
        }[expected]
    assert detect_attachment_type(io.BytesIO(content)) == expected


@pytest.mark.django_db
def test_upload_is_stored_under_a_random_name(client, draft, alice):
    client.force_login(alice[1])
    requirement = draft.call.requirements.first()
    client.post(
        reverse("tenants:application_edit", args=[draft.pk]),
        {"attachment-requirement": requirement.pk, "attachment-file": pdf_upload("../../사업자등록증 최종.pdf")},
    )
    attachment = ApplicationAttachment.objects.get()
    assert attachment.original_name == "사업자등록증 최종.pdf"
    assert attachment.file.name.startswith("attachments/") and attachment.file.name.endswith(".pdf")
    assert "사업자" not in attachment.file.name


@pytest.mark.django_db
def test_bad_and_oversized_attachments_are_refused_and_nothing_saved_is_lost(client, draft, alice, settings):
    settings.ATTACHMENT_MAX_BYTES = 1024
    attach_required(draft, alice[1])
    client.force_login(alice[1])
    url = reverse("tenants:application_edit", args=[draft.pk])
    requirement = draft.call.requirements.last()
    disguised = SimpleUploadedFile("report.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    saved = {"summary": draft.summary, "plan": draft.plan}
    response = client.post(url, {**saved, "attachment-requirement": requirement.pk, "attachment-file": disguised})
    assert response.status_code == 200
    assert "file" in response.context["upload_form"].errors
    response = client.post(
        url, {**saved, "attachment-requirement": requirement.pk, "attachment-file": pdf_upload(size=5000)}
    )
    assert response.status_code == 200
    assert "file" in response.context["upload_form"].errors
    assert draft.attachments.count() == 2
    draft.refresh_from_db()
    assert draft.summary == "제조 AI 비전 검사 솔루션"


# Isolation ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_another_firms_application_and_attachment_answer_404(client, alice, bob):
    bob_application = ApplicationFactory(firm=bob[0])
    attachment = attachment_add(application=bob_application, file=pdf_upload(), user=bob[1])
    client.force_login(alice[1])
    for url in [
        bob_application.get_absolute_url(),
        reverse("tenants:application_edit", args=[bob_application.pk]),
        attachment.get_absolute_url(),
    ]:
        assert client.get(url).status_code == 404, url
    for url in [
        reverse("tenants:application_submit", args=[bob_application.pk]),
        reverse("tenants:application_withdraw", args=[bob_application.pk]),
        reverse("tenants:application_edit", args=[bob_application.pk]),
    ]:
        assert client.post(url).status_code == 404, url
    assert ApplicationAttachment.objects.filter(pk=attachment.pk).exists()
    client.force_login(bob[2])  # bob's member downloads it
    response = client.get(attachment.get_absolute_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


@pytest.mark.django_db
def test_anonymous_cannot_download_attachments(client, alice):
    application = ApplicationFactory(firm=alice[0])
    attachment = attachment_add(application=application, file=pdf_upload(), user=alice[1])
    response = client.get(attachment.get_absolute_url())
    assert response.status_code == 302 and reverse("account_login") in response.url


# Lists: constant queries ----------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 15])
def test_call_list_and_my_applications_run_constant_queries(client, alice, rows, django_assert_max_num_queries):
    for _ in range(rows):
        ApplicationFactory(firm=alice[0], call=TenancyCallFactory())
    client.force_login(alice[1])
    with django_assert_max_num_queries(8):
        assert client.get(reverse("tenants:call_list")).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(reverse("tenants:my_applications")).status_code == 200


@pytest.mark.django_db
def test_unpublished_call_is_404_and_public_call_shows_kst_deadline_and_countdown(client):
    hidden = TenancyCallFactory(is_published=False)
    assert client.get(hidden.get_absolute_url()).status_code == 404
    closes = dt.datetime(2030, 1, 15, 18, 0, tzinfo=KST)
    call = TenancyCallFactory(closes_at=closes)
    body = client.get(call.get_absolute_url()).content.decode()
    assert "2030-01-15 18:00 KST" in body
    assert "사업자등록증" in body


@pytest.mark.django_db
def test_the_page_lists_every_reason_the_service_would_refuse_the_submission(client, alice):
    firm, representative, _ = alice
    application = ApplicationFactory(firm=firm, summary="", plan=" ")
    client.force_login(representative)
    client.cookies["django_language"] = "en"
    problems = client.get(application.get_absolute_url()).context["problems"]
    assert problems == [
        "Attach the required documents: Business registration, Business plan.",
        "Fill in the business summary.",
        "Fill in what the firm will do at the hub.",
    ]
    with pytest.raises(ValidationError) as refused:
        application_submit(application=application, actor=representative)
    with translation.override("en"):
        assert refused.value.messages == problems

"""서류 보완 요청: staff return a received application with comments per document and a new deadline;
the firm corrects and resubmits by it, never after it. And the 접수번호 given at submission."""

import datetime as dt
import threading

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from portal.notifications.models import OutboxMessage
from tenants.choices import ApplicationStage
from tenants.models import Application, ReceiptCounter
from tenants.selectors import call_ranking, open_correction
from tenants.services import (
    application_reject_uncorrected,
    application_return_for_correction,
    application_submit,
    application_withdraw,
    attachment_add,
)

from ..factories import ApplicationFactory, pdf_upload
from .test_applications import attach_required

HOUR = dt.timedelta(hours=1)


@pytest.fixture
def submitted(alice):
    firm, representative, _ = alice
    application = ApplicationFactory(firm=firm)
    attach_required(application, representative)
    return application_submit(application=application, actor=representative)


def return_it(application, actor, *, due_in=dt.timedelta(days=5), comment="재무 계획을 보완해 주세요.", documents=None):
    plan = application.call.requirements.get(name="사업계획서")
    return application_return_for_correction(
        application=application,
        actor=actor,
        due_at=timezone.now() + due_in,
        comment=comment,
        document_comments={plan: "3년 매출 계획이 빠졌습니다."} if documents is None else documents,
    )


# Receipt numbers (접수번호) -------------------------------------------------------------------------


@pytest.mark.django_db
def test_submission_gives_a_receipt_number_of_the_year_in_kst(submitted):
    year = timezone.localtime(submitted.submitted_at).year
    assert submitted.receipt_number == f"HB-{year}-000001"
    assert ReceiptCounter.objects.get(year=year).last_number == 1


@pytest.mark.django_db
def test_receipt_numbers_follow_each_other_and_the_mail_names_it(alice, bob, submitted):
    firm, representative, _ = bob
    second = ApplicationFactory(firm=firm, call=submitted.call)
    attach_required(second, representative)
    second = application_submit(application=second, actor=representative)
    assert second.receipt_number.endswith("-000002")
    body = OutboxMessage.objects.get(dedup_key__startswith=f"application:{second.pk}:stage:submitted")
    assert body.context["receipt_number"] == second.receipt_number


@pytest.mark.django_db
def test_the_submission_mail_shows_the_receipt_number(submitted, django_capture_on_commit_callbacks):
    from portal.notifications.services import outbox_deliver

    row = OutboxMessage.objects.get(dedup_key__startswith=f"application:{submitted.pk}:stage:submitted")
    outbox_deliver(message_id=row.pk)
    assert submitted.receipt_number in mail.outbox[-1].body


@pytest.mark.django_db(transaction=True)
def test_two_submissions_at_once_never_share_a_receipt_number(alice, bob):
    applications = []
    for people in (alice, bob):
        application = ApplicationFactory(firm=people.firm)
        attach_required(application, people.representative)
        applications.append((application, people.representative))
    barrier = threading.Barrier(2)
    errors = []

    def submit(application, actor):
        try:
            barrier.wait()
            application_submit(application=application, actor=actor)
        except Exception as error:  # noqa: BLE001 (reported below)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=pair) for pair in applications]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    numbers = sorted(Application.objects.values_list("receipt_number", flat=True))
    assert [number[-6:] for number in numbers] == ["000001", "000002"]


@pytest.mark.django_db
def test_the_firm_prints_its_receipt_and_another_firm_gets_404(client, alice, bob, submitted):
    client.force_login(alice.member)
    page = client.get(reverse("tenants:application_receipt", args=[submitted.pk]))
    assert page.status_code == 200
    assert submitted.receipt_number in page.content.decode()
    assert "data-print" in page.content.decode()
    client.force_login(bob.representative)
    assert client.get(reverse("tenants:application_receipt", args=[submitted.pk])).status_code == 404


@pytest.mark.django_db
def test_a_draft_has_no_receipt(client, alice):
    draft = ApplicationFactory(firm=alice.firm)
    client.force_login(alice.representative)
    assert client.get(reverse("tenants:application_receipt", args=[draft.pk])).status_code == 404


@pytest.mark.django_db
def test_staff_pages_show_the_receipt_number(staff_client, submitted):
    for url in (
        reverse("tenants:staff_application", args=[submitted.pk]),
        reverse("tenants:staff_call", args=[submitted.call_id]),
    ):
        assert submitted.receipt_number in staff_client.get(url).content.decode()


# The correction loop (service) ---------------------------------------------------------------------


@pytest.mark.django_db
def test_return_records_the_comments_the_timeline_and_a_mail_in_the_firms_language(alice, manager, submitted):
    alice.representative.language = "en"
    alice.representative.save()
    correction = return_it(submitted, manager)
    submitted.refresh_from_db()
    assert submitted.stage == ApplicationStage.RETURNED and submitted.is_editable
    assert [item.comment for item in correction.items.all()] == ["3년 매출 계획이 빠졌습니다."]
    change = submitted.stage_changes.last()
    assert (change.from_stage, change.to_stage, change.changed_by) == ("submitted", "returned", manager)
    row = OutboxMessage.objects.get(template="application_returned")
    assert row.language == "en"
    assert row.context["documents"] == ["Business plan: 3년 매출 계획이 빠졌습니다."]
    assert row.context["call_title"] == submitted.call.title_en


@pytest.mark.django_db
def test_return_needs_a_future_deadline_and_something_to_correct(manager, submitted):
    with pytest.raises(ValidationError) as error:
        return_it(submitted, manager, due_in=-HOUR, comment="", documents={})
    assert set(error.value.message_dict) == {"due_at", "comment"}
    submitted.refresh_from_db()
    assert submitted.stage == ApplicationStage.SUBMITTED


@pytest.mark.django_db
def test_only_a_received_application_is_returned(alice, manager):
    draft = ApplicationFactory(firm=alice.firm)
    with pytest.raises(ValidationError):
        return_it(draft, manager)


@pytest.mark.django_db
def test_the_firm_replaces_a_document_and_resubmits_by_the_deadline(alice, manager, submitted):
    return_it(submitted, manager)
    plan = submitted.call.requirements.get(name="사업계획서")
    attachment_add(application=submitted, file=pdf_upload("plan-v2.pdf"), requirement=plan, user=alice.representative)
    resubmitted = application_submit(application=submitted, actor=alice.representative)
    assert resubmitted.stage == ApplicationStage.SUBMITTED
    assert resubmitted.receipt_number.endswith("-000001")  # the same receipt
    assert open_correction(resubmitted) is None
    assert list(resubmitted.stage_changes.values_list("to_stage", flat=True)) == ["submitted", "returned", "submitted"]
    # One mail per stage change, the second submission included.
    assert (
        OutboxMessage.objects.filter(dedup_key__startswith=f"application:{submitted.pk}:stage:submitted").count() == 2
    )


@pytest.mark.django_db
def test_resubmission_after_the_correction_deadline_is_refused(alice, manager, submitted):
    return_it(submitted, manager, due_in=HOUR)
    with pytest.raises(ValidationError) as error:
        application_submit(application=submitted, actor=alice.representative, now=timezone.now() + 2 * HOUR)
    assert error.value.code == "correction_deadline"
    submitted.refresh_from_db()
    assert submitted.stage == ApplicationStage.RETURNED


@pytest.mark.django_db
def test_resubmission_is_possible_after_the_call_closed(alice, manager, submitted):
    return_it(submitted, manager, due_in=dt.timedelta(days=20))
    after_call = submitted.call.closes_at + HOUR
    assert application_submit(application=submitted, actor=alice.representative, now=after_call).stage == "submitted"


@pytest.mark.django_db
def test_staff_close_an_uncorrected_application_only_after_its_deadline(alice, manager, submitted):
    return_it(submitted, manager, due_in=HOUR)
    with pytest.raises(ValidationError):
        application_reject_uncorrected(application=submitted, actor=manager, reason="기한 내 미보완")
    closed = application_reject_uncorrected(
        application=submitted, actor=manager, reason="기한 내 미보완", now=timezone.now() + 2 * HOUR
    )
    assert closed.stage == ApplicationStage.REJECTED and closed.decision_reason == "기한 내 미보완"


@pytest.mark.django_db
def test_the_firm_may_withdraw_a_returned_application(alice, manager, submitted):
    return_it(submitted, manager)
    assert application_withdraw(application=submitted, actor=alice.representative).stage == "withdrawn"


@pytest.mark.django_db
def test_a_returned_application_is_not_ranked_until_resubmitted(manager, submitted):
    return_it(submitted, manager)
    row = next(row for row in call_ranking(submitted.call) if row["application"].pk == submitted.pk)
    assert row["rank"] is None


# The correction loop (HTML) ------------------------------------------------------------------------


@pytest.mark.django_db
def test_staff_return_an_application_from_its_page(staff_client, submitted):
    page = staff_client.get(reverse("tenants:staff_application", args=[submitted.pk]))
    assert reverse("tenants:staff_application_return", args=[submitted.pk]) in page.content.decode()
    plan = submitted.call.requirements.get(name="사업계획서")
    response = staff_client.post(
        reverse("tenants:staff_application_return", args=[submitted.pk]),
        {"due_at": "2099-01-05T18:00", "comment": "", f"document_{plan.pk}": "서명이 빠졌습니다."},
    )
    assert response.status_code == 302
    correction = open_correction(submitted)
    assert timezone.localtime(correction.due_at).strftime("%Y-%m-%d %H:%M %Z") == "2099-01-05 18:00 KST"


@pytest.mark.django_db
def test_the_return_form_shows_errors_instead_of_500(staff_client, submitted):
    response = staff_client.post(
        reverse("tenants:staff_application_return", args=[submitted.pk]), {"due_at": "2001-01-01T09:00"}
    )
    assert response.status_code == 200
    assert "field-invalid" in response.content.decode()


@pytest.mark.django_db
def test_the_firm_sees_what_to_correct_and_a_resubmit_button(client, alice, manager, submitted):
    return_it(submitted, manager)
    client.force_login(alice.representative)
    page = client.get(reverse("tenants:application_detail", args=[submitted.pk])).content.decode()
    assert "3년 매출 계획이 빠졌습니다." in page and "재무 계획을 보완해 주세요." in page
    assert reverse("tenants:application_submit", args=[submitted.pk]) in page
    edit = client.get(reverse("tenants:application_edit", args=[submitted.pk]))
    assert edit.status_code == 200 and "3년 매출 계획이 빠졌습니다." in edit.content.decode()


@pytest.mark.django_db
def test_after_the_deadline_the_firm_sees_it_passed_and_staff_can_close_it(client, alice, manager, submitted):
    correction = return_it(submitted, manager, due_in=HOUR)
    type(correction).objects.filter(pk=correction.pk).update(
        due_at=timezone.now() - HOUR, requested_at=timezone.now() - 2 * HOUR
    )
    client.force_login(alice.representative)
    page = client.get(reverse("tenants:application_detail", args=[submitted.pk])).content.decode()
    assert reverse("tenants:application_submit", args=[submitted.pk]) not in page
    client.force_login(manager)
    staff_page = client.get(reverse("tenants:staff_application", args=[submitted.pk])).content.decode()
    close_url = reverse("tenants:staff_application_close_uncorrected", args=[submitted.pk])
    assert close_url in staff_page
    assert client.post(close_url, {"reason": "기한 내 미보완"}).status_code == 302
    submitted.refresh_from_db()
    assert submitted.stage == ApplicationStage.REJECTED


@pytest.mark.django_db
def test_another_firm_cannot_see_or_resubmit_a_returned_application(client, bob, manager, submitted):
    return_it(submitted, manager)
    client.force_login(bob.representative)
    assert client.get(reverse("tenants:application_detail", args=[submitted.pk])).status_code == 404
    assert client.post(reverse("tenants:application_submit", args=[submitted.pk])).status_code == 404


@pytest.mark.django_db
def test_a_firm_user_cannot_return_or_close_applications(client, alice, submitted):
    client.force_login(alice.representative)
    assert client.get(reverse("tenants:staff_application_return", args=[submitted.pk])).status_code == 403
    close_url = reverse("tenants:staff_application_close_uncorrected", args=[submitted.pk])
    assert client.post(close_url, {"reason": "x"}).status_code == 403


@pytest.mark.django_db
def test_the_dashboard_lists_a_correction_request_as_something_to_do(client, alice, manager, submitted):
    return_it(submitted, manager)
    client.force_login(alice.representative)
    page = client.get(reverse("dashboard")).content.decode()
    assert reverse("tenants:application_detail", args=[submitted.pk]) in page
    assert "보완" in page


# The API shows the state -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_api_shows_the_receipt_and_the_correction(api_client, alice, manager, submitted):
    return_it(submitted, manager)
    api_client.force_authenticate(alice.member)
    data = api_client.get(reverse("application-detail", args=[submitted.pk])).json()
    assert data["stage"] == "returned" and data["receipt_number"] == submitted.receipt_number
    assert data["correction"]["documents"][0]["comment"] == "3년 매출 계획이 빠졌습니다."


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 6])
def test_the_api_list_of_returned_applications_costs_constant_queries(
    api_client, alice, manager, count, django_assert_max_num_queries
):
    from ..factories import TenancyCallFactory

    for _ in range(count):
        application = ApplicationFactory(firm=alice.firm, call=TenancyCallFactory())
        attach_required(application, alice.representative)
        return_it(application_submit(application=application, actor=alice.representative), manager)
    api_client.force_authenticate(alice.member)
    # as the plain list, plus the comments per document and their documents
    with django_assert_max_num_queries(9):
        data = api_client.get(reverse("application-list")).json()
    assert data["count"] == count and all(row["correction"]["documents"] for row in data["results"])

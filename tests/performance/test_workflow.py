"""A return from draft to accepted: figures checked field by field, the correction loop with staff
comments per field, late submissions taken but marked, and the lock after acceptance."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from portal.notifications.models import OutboxMessage
from portal.time import KST
from tenants.performance.choices import ReturnStatus
from tenants.performance.models import ReportingRound, ReturnStatusChange
from tenants.performance.services import (
    evidence_add,
    reporter_grant,
    return_accept,
    return_send_back,
    return_submit,
    return_update,
    round_open,
)

from ..factories import user_in_role
from .conftest import filled, new_round, return_of

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4 evidence of revenue"


@pytest.fixture
def reviewer(roles):
    from portal.accounts.roles import HUB_MANAGER

    return user_in_role(HUB_MANAGER)


def test_the_correction_loop_goes_field_by_field(submitted, alice, reviewer, client):
    returned = return_send_back(
        performance_return=submitted,
        actor=reviewer,
        comments={"revenue": "부가세 신고서와 다릅니다.", "new_hires": "", "evidence": "재무제표를 첨부해 주세요."},
    )
    assert returned.status == ReturnStatus.RETURNED
    assert returned.staff_comments == {"revenue": "부가세 신고서와 다릅니다.", "evidence": "재무제표를 첨부해 주세요."}
    mail = OutboxMessage.objects.get(template="performance_return_returned")
    assert [item["comment"] for item in mail.context["comments"]] == [
        "부가세 신고서와 다릅니다.",
        "재무제표를 첨부해 주세요.",
    ]

    # The firm sees the comment under the revenue field, and only there.
    client.force_login(alice.representative)
    page = client.get(returned.get_absolute_url())
    form = page.context["form"]
    assert "부가세 신고서와 다릅니다." in str(form.fields["revenue"].help_text)
    assert "부가세" not in str(form.fields["new_hires"].help_text)

    corrected = return_update(performance_return=returned, actor=alice.representative, revenue=480_000_000)
    resubmitted = return_submit(performance_return=corrected, actor=alice.representative)
    assert resubmitted.status == ReturnStatus.RESUBMITTED

    accepted = return_accept(performance_return=resubmitted, actor=reviewer)
    assert accepted.status == ReturnStatus.ACCEPTED and accepted.staff_comments == {}
    assert list(ReturnStatusChange.objects.filter(performance_return=accepted).values_list("to_status", flat=True)) == [
        ReturnStatus.SUBMITTED,
        ReturnStatus.RETURNED,
        ReturnStatus.RESUBMITTED,
        ReturnStatus.ACCEPTED,
    ]


def test_a_correction_needs_a_comment_on_a_field_of_the_return(submitted, reviewer):
    with pytest.raises(ValidationError):
        return_send_back(performance_return=submitted, actor=reviewer, comments={"revenue": "  "})
    with pytest.raises(ValidationError):
        return_send_back(performance_return=submitted, actor=reviewer, comments={"password": "x"})
    submitted.refresh_from_db()
    assert submitted.status == ReturnStatus.SUBMITTED


def test_an_accepted_return_is_locked(submitted, alice, reviewer, client):
    accepted = return_accept(performance_return=submitted, actor=reviewer)

    with pytest.raises(ValidationError):
        return_update(performance_return=accepted, actor=alice.representative, revenue=1)
    with pytest.raises(ValidationError):
        return_send_back(performance_return=accepted, actor=reviewer, comments={"revenue": "다시"})
    with pytest.raises(ValidationError):
        evidence_add(
            performance_return=accepted,
            actor=alice.representative,
            figure="revenue",
            file=SimpleUploadedFile("a.pdf", PDF, content_type="application/pdf"),
        )
    client.force_login(alice.representative)
    assert client.post(accepted.get_absolute_url(), {"action": "save", "figures-revenue": "1"}).status_code == 403
    accepted.refresh_from_db()
    assert accepted.revenue == 500_000_000


def test_a_submitted_return_waits_for_the_hub(submitted, alice):
    with pytest.raises(ValidationError):
        return_update(performance_return=submitted, actor=alice.representative, revenue=1)


def test_submitting_needs_revenue_and_full_time_employees(open_round, alice):
    performance_return = return_of(alice, open_round)
    with pytest.raises(ValidationError) as error:
        return_submit(performance_return=performance_return, actor=alice.representative)
    assert set(error.value.message_dict) == {"revenue", "employees_full_time"}


def test_a_return_past_its_due_date_is_taken_and_marked_late(residents, alice):
    round_ = new_round(due_in=timedelta(minutes=1))
    round_open(round_=round_)
    performance_return = filled(alice, round_)
    ReportingRound.objects.filter(pk=round_.pk).update(due_at=round_.due_at - timedelta(minutes=2))

    late = return_submit(performance_return=performance_return, actor=alice.representative)

    assert late.status == ReturnStatus.SUBMITTED and late.is_late
    assert OutboxMessage.objects.get(template="performance_return_received").context["late"] is True


def test_a_return_on_time_is_not_late(submitted):
    assert not submitted.is_late


@pytest.mark.parametrize(
    ("figures", "field"),
    [
        ({"revenue": -1}, "revenue"),
        ({"revenue": 10**16}, "revenue"),
        ({"employees_full_time": 50_000}, "employees_full_time"),
        ({"employees_full_time": 3, "employees_part_time": 0, "new_hires": 5}, "new_hires"),
        ({"new_hires": 2, "youth_hires": 3}, "youth_hires"),
        ({"exports_usd": "1000.00"}, "exchange_rate"),
    ],
)
def test_bad_figures_are_refused_on_their_field(open_round, alice, client, figures, field):
    client.force_login(alice.representative)
    performance_return = return_of(alice, open_round)
    data = {"action": "save", **{f"figures-{name}": value for name, value in figures.items()}}

    response = client.post(performance_return.get_absolute_url(), data)

    assert response.status_code == 200
    assert field in response.context["form"].errors
    performance_return.refresh_from_db()
    assert performance_return.revenue is None


def test_the_firm_fills_in_a_return_with_rows_and_evidence(open_round, alice, client):
    client.force_login(alice.representative)
    url = return_of(alice, open_round).get_absolute_url()
    assert (
        client.post(
            url, {"action": "save", "figures-revenue": "320000000", "figures-employees_full_time": "7"}
        ).status_code
        == 302
    )
    client.post(
        url,
        {
            "action": "investment",
            "investment-amount": "200000000",
            "investment-investor": "경남벤처투자",
            "investment-round_type": "seed",
            "investment-invested_on": "2026-03-02",
        },
    )
    client.post(
        url,
        {"action": "ip", "ip-kind": "patent", "ip-applied": "2", "ip-registered": "1", "ip-numbers": "10-2026-0001"},
    )
    client.post(
        url, {"action": "evidence", "evidence-figure": "revenue", "evidence-file": SimpleUploadedFile("매출.pdf", PDF)}
    )
    response = client.post(url, {"action": "submit"})
    assert response.status_code == 302

    performance_return = return_of(alice, open_round)
    assert performance_return.status == ReturnStatus.SUBMITTED
    assert performance_return.investments.get().amount == 200_000_000
    assert performance_return.ip_rights.get().registered == 1
    evidence = performance_return.evidence.get()
    assert evidence.original_name == "매출.pdf" and evidence.figure == "revenue"
    download = client.get(evidence.get_absolute_url())
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF


def test_a_member_needs_the_right_to_report(open_round, alice, client):
    performance_return = return_of(alice, open_round)
    with pytest.raises(ValidationError):
        return_update(performance_return=performance_return, actor=alice.member, revenue=1)
    client.force_login(alice.member)
    assert client.get(performance_return.get_absolute_url()).status_code == 200  # may read
    assert client.post(performance_return.get_absolute_url(), {"action": "submit"}).status_code == 403

    reporter_grant(firm=alice.firm, user=alice.member, actor=alice.representative)

    updated = return_update(performance_return=performance_return, actor=alice.member, revenue=1)
    assert updated.revenue == 1


def test_the_representative_names_and_removes_a_reporter(alice, client):
    client.force_login(alice.representative)
    client.post("/my/performance/reporters/", {"action": "grant", "user": alice.member.pk})
    reporter = alice.firm.performance_reporters.get()
    assert reporter.user == alice.member
    client.post("/my/performance/reporters/", {"action": "revoke", "reporter": reporter.pk})
    assert not alice.firm.performance_reporters.exists()


def test_a_member_cannot_name_reporters(alice, client):
    client.force_login(alice.member)
    assert client.post("/my/performance/reporters/", {"action": "grant", "user": alice.member.pk}).status_code == 404


def test_staff_return_a_return_with_comments_from_its_page(submitted, staff_client):
    response = staff_client.post(
        submitted.get_staff_url(), {"action": "return", "correction-comment_revenue": "증빙과 다릅니다."}
    )
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == ReturnStatus.RETURNED and submitted.staff_comments == {"revenue": "증빙과 다릅니다."}


def test_staff_without_a_comment_get_a_form_error(submitted, staff_client):
    response = staff_client.post(submitted.get_staff_url(), {"action": "return"})
    assert response.status_code == 200 and response.context["correction_form"].errors


def test_submitting_an_incomplete_return_shows_the_missing_fields(open_round, alice, client):
    client.force_login(alice.representative)
    url = return_of(alice, open_round).get_absolute_url()
    response = client.post(url, {"action": "submit"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"revenue", "employees_full_time"}


def test_staff_give_an_open_round_more_time(open_round, staff_client):
    later = open_round.due_at.astimezone(KST) + timedelta(days=7)
    data = {
        "action": "edit",
        "round-title_ko": open_round.title_ko,
        "round-title_en": open_round.title_en,
        "round-kind": open_round.kind,
        "round-period_start": open_round.period_start.isoformat(),
        "round-period_end": open_round.period_end.isoformat(),
        "round-due_at": later.strftime("%Y-%m-%dT%H:%M"),
        "round-include_residents": "on",
        "round-graduate_years": open_round.graduate_years,
        "round-ask_youth": "on",
    }
    assert staff_client.post(open_round.get_absolute_url(), data).status_code == 302
    open_round.refresh_from_db()
    assert open_round.due_at.astimezone(KST).strftime("%Y-%m-%d %H:%M") == later.strftime("%Y-%m-%d %H:%M")
    data["round-graduate_years"] = 2
    response = staff_client.post(open_round.get_absolute_url(), data)
    assert response.status_code == 200 and response.context["edit_form"].errors

"""XLSX and CSV exports of the programme staff lists: training cohorts, a cohort's roster (CSV beside
the workbook) and consulting requests. Each file holds the list's filtered rows from every page, with
the page's permission."""

from datetime import UTC, date, datetime

import pytest
from django.urls import reverse

from portal.spreadsheets import DATE_FORMAT, DATETIME_FORMAT, INTEGER_FORMAT
from programs.choices import EnrolmentState, SelectionMode
from programs.services import attendance_mark

from ..exports import csv_rows, korean, xlsx_rows
from ..factories import (
    AssignmentFactory,
    CohortFactory,
    ConsultingRequestFactory,
    EnrolmentFactory,
    ExpertFactory,
    FirmFactory,
    ProgrammeFactory,
    SessionFactory,
)

# Session, user, two for permissions, then the export's own queries: the same with 1 row or many.
COHORT_EXPORT_QUERIES = 5
ROSTER_CSV_QUERIES = 8  # the cohort, its sessions, its enrolments, the access record
CONSULTING_EXPORT_QUERIES = 7  # the requests, their experts, the access record


def export_urls(cohort) -> list[str]:
    return [
        reverse("programs:staff_cohorts") + "?export=xlsx",
        reverse("programs:roster_export_csv", args=[cohort.pk]),
        reverse("programs:staff_consulting") + "?export=csv",
    ]


@pytest.mark.django_db
def test_a_firm_user_gets_403_for_every_export(client, alice):
    client.force_login(alice[1])
    for url in export_urls(CohortFactory()):
        assert client.get(url).status_code == 403, url


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_sign_in_from_every_export(client):
    for url in export_urls(CohortFactory()):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("account_login")), url


@pytest.mark.django_db
def test_an_unknown_export_format_renders_the_page(staff_client):
    for url in (reverse("programs:staff_cohorts"), reverse("programs:staff_consulting")):
        response = staff_client.get(url, {"export": "ods"})
        assert response.status_code == 200, url
        assert response["Content-Type"].startswith("text/html"), url


@pytest.mark.django_db
def test_consulting_export_links_keep_the_filters_and_drop_the_page_number(staff_client):
    body = staff_client.get(reverse("programs:staff_consulting"), {"priority": "high", "page": 2}).content.decode()
    assert 'href="?priority=high&amp;export=xlsx"' in body
    assert 'href="?priority=high&amp;export=csv"' in body


@pytest.mark.django_db
def test_the_cohort_list_links_to_its_export(staff_client):
    body = staff_client.get(reverse("programs:staff_cohorts")).content.decode()
    assert 'href="?export=xlsx"' in body
    assert 'href="?export=csv"' in body


# Cohorts


@pytest.mark.django_db
def test_cohort_export_has_every_cohort_with_its_counts_as_numbers(staff_client, monkeypatch):
    monkeypatch.setattr("programs.views.staff.COHORTS_PER_PAGE", 1)
    cohort = CohortFactory(
        programme=ProgrammeFactory(title="제조 AI 기초"),
        name="2026 1기",
        starts_on=date(2026, 3, 2),
        ends_on=date(2026, 3, 27),
        capacity=2,
        seats_taken=2,
        selection_mode=SelectionMode.SELECTION,
    )
    EnrolmentFactory.create_batch(2, cohort=cohort)
    EnrolmentFactory(cohort=cohort, state=EnrolmentState.WAITLISTED)
    EnrolmentFactory(cohort=cohort, state=EnrolmentState.APPLIED)
    SessionFactory.create_batch(3, cohort=cohort)
    CohortFactory(name="2026 2기", is_published=False)

    response = staff_client.get(reverse("programs:staff_cohorts"), {"export": "xlsx", "page": 2})

    header, rows, sheet = xlsx_rows(response)
    assert header[:2] == [korean("Programme"), korean("Cohort")]
    assert sorted(row[1] for row in rows) == ["2026 1기", "2026 2기"]  # both pages
    row = next(row for row in rows if row[1] == "2026 1기")
    programme, _name, starts, ends, capacity, seated, offered, waitlisted, awaiting, sessions = row[:10]
    assert programme == "제조 AI 기초"
    assert (starts, ends) == (datetime(2026, 3, 2), datetime(2026, 3, 27))
    assert (capacity, seated, offered, waitlisted, awaiting, sessions) == (2, 2, 0, 1, 1, 3)
    assert row[-1] == korean("Yes")
    assert next(row for row in rows if row[1] == "2026 2기")[-1] == korean("No")
    assert sheet["C2"].number_format == DATE_FORMAT
    assert sheet["E2"].number_format == INTEGER_FORMAT


@pytest.mark.django_db
def test_first_come_cohorts_have_no_awaiting_selection_count(staff_client):
    CohortFactory(selection_mode=SelectionMode.FIRST_COME)

    _text, rows = csv_rows(staff_client.get(reverse("programs:staff_cohorts"), {"export": "csv"}))

    assert rows[0][8] == korean("Awaiting selection")
    assert rows[1][8] == ""


# Roster


@pytest.mark.django_db
def test_the_roster_csv_has_the_roster_sheet_rows(staff_client):
    cohort = CohortFactory()
    first, second = SessionFactory.create_batch(2, cohort=cohort)
    seated = EnrolmentFactory(
        cohort=cohort,
        firm=FirmFactory(name="(주)경남로봇"),
        user__name="한지민",
        user__email="jimin@example.kr",
        applied_at=datetime(2026, 3, 2, 0, 30, tzinfo=UTC),
    )
    EnrolmentFactory(cohort=cohort, state=EnrolmentState.WAITLISTED, user__name="대기자")
    attendance_mark(session=first, present_enrolment_ids={seated.pk})
    attendance_mark(session=second, present_enrolment_ids=set())

    response = staff_client.get(reverse("programs:roster_export_csv", args=[cohort.pk]))

    text, rows = csv_rows(response)
    assert text.startswith("\ufeff")
    assert rows[0] == [
        korean(heading)
        for heading in ("Name", "E-mail", "Firm", "Resident firm", "State", "Applied at (KST)", "Attendance")
    ]
    by_name = {row[0]: row for row in rows[1:]}
    assert by_name["한지민"] == [
        "한지민",
        "jimin@example.kr",
        "(주)경남로봇",
        korean("No"),
        korean("Seated"),
        "2026-03-02 09:30",
        "0.5",
    ]
    assert by_name["대기자"][4] == korean("Waitlisted")
    assert by_name["대기자"][6] == ""
    assert f"roster-{cohort.programme.slug}-{cohort.pk}-" in response["Content-Disposition"]


@pytest.mark.django_db
def test_the_roster_page_links_to_the_workbook_and_the_csv(staff_client):
    cohort = CohortFactory()
    body = staff_client.get(reverse("programs:staff_cohort", args=[cohort.pk])).content.decode()
    assert f'href="{reverse("programs:roster_export", args=[cohort.pk])}"' in body
    assert f'href="{reverse("programs:roster_export_csv", args=[cohort.pk])}"' in body


# Consulting


@pytest.mark.django_db
def test_consulting_export_has_the_filtered_requests_with_their_experts(staff_client):
    engagement = ConsultingRequestFactory(
        title="사출 불량 예측",
        firm=FirmFactory(name="(주)창원정밀"),
        state="in_progress",
        priority="high",
        category="quality",
        submitted_at=datetime(2026, 3, 2, 0, 30, tzinfo=UTC),
    )
    AssignmentFactory(request=engagement, expert=ExpertFactory(user__name="이책임"), is_lead=True)
    AssignmentFactory(request=engagement, expert=ExpertFactory(user__name="김참여"), is_lead=False)
    ConsultingRequestFactory(title="접수만 된 신청", state="submitted")
    ConsultingRequestFactory(title="작성 중인 신청", state="draft")

    response = staff_client.get(reverse("programs:staff_consulting"), {"state": "in_progress", "export": "xlsx"})

    header, rows, sheet = xlsx_rows(response)
    assert header[0] == korean("Request")
    assert [row[0] for row in rows] == ["사출 불량 예측"]
    _title, firm, brn, state, priority, category, industry, count, experts, submitted, completed = rows[0]
    assert (firm, brn) == ("(주)창원정밀", engagement.firm.brn_display)
    assert state == korean("In progress", "consulting")
    assert (priority, category, industry) == (
        korean("High"),
        korean("Quality and vision inspection"),
        korean("Automotive"),
    )
    assert (count, experts) == (2, "이책임, 김참여")  # the lead first
    assert (submitted, completed) == (datetime(2026, 3, 2, 9, 30), None)
    assert sheet["J2"].number_format == DATETIME_FORMAT


@pytest.mark.django_db
def test_consulting_csv_starts_with_a_byte_order_mark_and_leaves_out_drafts(staff_client):
    ConsultingRequestFactory(title="접수된 신청")
    ConsultingRequestFactory(title="작성 중인 신청", state="draft")

    text, rows = csv_rows(staff_client.get(reverse("programs:staff_consulting"), {"export": "csv"}))

    assert text.startswith("\ufeff")
    assert rows[0][0] == korean("Request")
    assert [row[0] for row in rows[1:]] == ["접수된 신청"]


# Queries


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 12])
@pytest.mark.parametrize("export_format", ["xlsx", "csv"])
def test_cohort_export_runs_a_constant_number_of_queries(
    staff_client, django_assert_max_num_queries, rows, export_format
):
    for _index in range(rows):
        cohort = CohortFactory()
        SessionFactory.create_batch(2, cohort=cohort)
        EnrolmentFactory.create_batch(2, cohort=cohort)
        EnrolmentFactory(cohort=cohort, state=EnrolmentState.WAITLISTED)
    with django_assert_max_num_queries(COHORT_EXPORT_QUERIES):
        response = staff_client.get(reverse("programs:staff_cohorts"), {"export": export_format})
    assert response["Content-Disposition"].endswith(f'.{export_format}"')


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 20])
def test_roster_csv_runs_a_constant_number_of_queries(staff_client, django_assert_max_num_queries, rows):
    cohort = CohortFactory(capacity=30)
    sessions = SessionFactory.create_batch(3, cohort=cohort)
    enrolments = [EnrolmentFactory(cohort=cohort, firm=FirmFactory()) for _index in range(rows)]
    for session in sessions:
        attendance_mark(session=session, present_enrolment_ids={enrolment.pk for enrolment in enrolments})
    with django_assert_max_num_queries(ROSTER_CSV_QUERIES):
        response = staff_client.get(reverse("programs:roster_export_csv", args=[cohort.pk]))
    assert len(csv_rows(response)[1]) == rows + 1


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 12])
@pytest.mark.parametrize("export_format", ["xlsx", "csv"])
def test_consulting_export_runs_a_constant_number_of_queries(
    staff_client, django_assert_max_num_queries, rows, export_format
):
    for _index in range(rows):
        engagement = ConsultingRequestFactory(state="in_progress", completed_at=None)
        AssignmentFactory(request=engagement)
        AssignmentFactory(request=engagement, is_lead=False)
    with django_assert_max_num_queries(CONSULTING_EXPORT_QUERIES):
        response = staff_client.get(reverse("programs:staff_consulting"), {"export": export_format})
    assert response["Content-Disposition"].endswith(f'.{export_format}"')

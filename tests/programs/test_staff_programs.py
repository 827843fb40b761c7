"""Staff pages for cohorts: access, the cohort list, the roster with selection and closing, the
attendance screen of a session, and the XLSX export."""

from datetime import datetime, timedelta
from io import BytesIO

import pytest
from django.forms import modelform_factory
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from portal.accounts.roles import PROGRAMME_OFFICER, REVIEWER
from portal.time import KST
from programs.admin import CohortAdminForm
from programs.choices import AttendanceMethod, EnrolmentState, SelectionMode
from programs.models import Attendance, Certificate, Cohort, Enrolment
from programs.services import attendance_mark

from ..factories import CohortFactory, EnrolmentFactory, FirmFactory, SessionFactory, UserFactory, user_in_role

# Session, user, permissions and the page's own queries: the same with 1 row or many.
COHORT_LIST_QUERIES = 7
ROSTER_QUERIES = 9  # with the access record of the roster
ATTENDANCE_QUERIES = 10  # with its access record


@pytest.fixture
def staff_client(staff_client):
    """The shared hub manager's client, on English pages."""
    staff_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return staff_client


@pytest.fixture
def cohort(db):
    return CohortFactory()


def staff_urls(cohort, session):
    return [
        reverse("programs:staff_cohorts"),
        reverse("programs:staff_cohort", args=[cohort.pk]),
        reverse("programs:roster_export", args=[cohort.pk]),
        reverse("programs:session_attendance", args=[session.pk]),
    ]


def roster_url(cohort):
    return reverse("programs:staff_cohort", args=[cohort.pk])


# Access


@pytest.mark.django_db
def test_a_firm_user_gets_403_on_every_staff_page(client, roles, alice, cohort):
    _, representative, _ = alice
    session = SessionFactory(cohort=cohort)
    enrolment = EnrolmentFactory(cohort=cohort, state=EnrolmentState.APPLIED)
    client.force_login(representative)
    for url in staff_urls(cohort, session):
        assert client.get(url).status_code == 403, url
    assert client.post(roster_url(cohort), {"action": "select", "enrolment": enrolment.pk}).status_code == 403
    assert client.post(roster_url(cohort), {"action": "close"}).status_code == 403
    attendance_url = reverse("programs:session_attendance", args=[session.pk])
    assert client.post(attendance_url, {"present": [enrolment.pk]}).status_code == 403
    enrolment.refresh_from_db()
    cohort.refresh_from_db()
    assert enrolment.state == EnrolmentState.APPLIED
    assert cohort.closed_at is None
    assert not Attendance.objects.exists()


@pytest.mark.django_db
def test_a_reviewer_gets_403_on_the_cohort_list(client, roles):
    client.force_login(user_in_role(REVIEWER))
    assert client.get(reverse("programs:staff_cohorts")).status_code == 403


@pytest.mark.django_db
def test_an_anonymous_visitor_is_sent_to_sign_in(client, cohort):
    response = client.get(roster_url(cohort))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@pytest.mark.django_db
def test_a_programme_officer_opens_every_staff_page(client, roles, cohort):
    session = SessionFactory(cohort=cohort)
    EnrolmentFactory(cohort=cohort)
    client.force_login(user_in_role(PROGRAMME_OFFICER))
    for url in staff_urls(cohort, session):
        assert client.get(url).status_code == 200, url


# Cohort list


@pytest.mark.django_db
def test_the_cohort_list_shows_seats_waitlist_and_state(staff_client):
    cohort = CohortFactory(capacity=3, seats_taken=3, name="2026 2기")
    EnrolmentFactory.create_batch(3, cohort=cohort)
    EnrolmentFactory.create_batch(2, cohort=cohort, state=EnrolmentState.WAITLISTED)
    EnrolmentFactory(cohort=cohort, state=EnrolmentState.CANCELLED)

    response = staff_client.get(reverse("programs:staff_cohorts"))

    assert response.status_code == 200
    row = next(row for row in response.context["page"] if row.pk == cohort.pk)
    assert row.waitlist_count == 2
    assert row.session_count == 0
    assert row.current_state == "full"
    body = response.content.decode()
    assert "3 / 3" in body
    assert "Full — waitlist open" in body
    assert roster_url(cohort) in body


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 15])
def test_cohort_list_queries_do_not_grow_with_rows(staff_client, django_assert_max_num_queries, rows):
    for _ in range(rows):
        cohort = CohortFactory()
        SessionFactory.create_batch(2, cohort=cohort)
        EnrolmentFactory.create_batch(2, cohort=cohort)
        EnrolmentFactory(cohort=cohort, state=EnrolmentState.WAITLISTED)
    with django_assert_max_num_queries(COHORT_LIST_QUERIES):
        assert staff_client.get(reverse("programs:staff_cohorts")).status_code == 200


# Roster


@pytest.mark.django_db
def test_the_roster_shows_state_firm_resident_waitlist_order_and_answers(staff_client):
    cohort = CohortFactory(capacity=1, seats_taken=1, questions=["현재 담당 업무는?"])
    firm = FirmFactory(name="(주)창원정밀")
    EnrolmentFactory(
        cohort=cohort, firm=firm, is_resident=True, user__name="박지훈", answers={"현재 담당 업무는?": "사출 공정 관리"}
    )
    now = timezone.now()
    later = EnrolmentFactory(cohort=cohort, state=EnrolmentState.WAITLISTED, applied_at=now, user__name="정하늘")
    earlier = EnrolmentFactory(
        cohort=cohort, state=EnrolmentState.WAITLISTED, applied_at=now - timedelta(hours=1), user__name="최유나"
    )

    response = staff_client.get(roster_url(cohort))

    assert response.status_code == 200
    positions = {row.pk: getattr(row, "waitlist_position", None) for row in response.context["enrolments"]}
    assert positions[earlier.pk] == 1
    assert positions[later.pk] == 2
    body = response.content.decode()
    for text in ("박지훈", "(주)창원정밀", "Resident", "Seated", "Waitlisted #1", "Waitlisted #2", "사출 공정 관리"):
        assert text in body, text
    assert body.index("최유나") < body.index("정하늘")


@pytest.mark.django_db
def test_the_roster_links_to_each_sessions_attendance_screen(staff_client, cohort):
    sessions = SessionFactory.create_batch(3, cohort=cohort)
    body = staff_client.get(roster_url(cohort)).content.decode()
    for session in sessions:
        assert reverse("programs:session_attendance", args=[session.pk]) in body


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 20])
def test_roster_queries_do_not_grow_with_rows(staff_client, django_assert_max_num_queries, rows):
    cohort = CohortFactory(capacity=30, questions=["경력은?"])
    sessions = SessionFactory.create_batch(3, cohort=cohort)
    enrolments = [EnrolmentFactory(cohort=cohort, firm=FirmFactory(), answers={"경력은?": "3년"}) for _ in range(rows)]
    EnrolmentFactory(cohort=cohort, state=EnrolmentState.WAITLISTED)
    for session in sessions:
        attendance_mark(session=session, present_enrolment_ids={enrolment.pk for enrolment in enrolments})
    with django_assert_max_num_queries(ROSTER_QUERIES):
        assert staff_client.get(roster_url(cohort)).status_code == 200


@pytest.fixture
def selection_cohort(db):
    return CohortFactory(capacity=1, selection_mode=SelectionMode.SELECTION)


@pytest.mark.django_db
def test_selection_mode_shows_select_and_reject_buttons(staff_client, selection_cohort):
    EnrolmentFactory(cohort=selection_cohort, state=EnrolmentState.APPLIED)
    body = staff_client.get(roster_url(selection_cohort)).content.decode()
    assert 'name="action" value="select"' in body
    assert 'name="action" value="reject"' in body


@pytest.mark.django_db
def test_first_come_cohorts_show_no_selection_buttons(staff_client, cohort):
    EnrolmentFactory(cohort=cohort)
    EnrolmentFactory(cohort=cohort, state=EnrolmentState.WAITLISTED)
    body = staff_client.get(roster_url(cohort)).content.decode()
    assert 'value="select"' not in body
    assert 'value="reject"' not in body


@pytest.mark.django_db
def test_selecting_an_applicant_gives_them_a_seat(staff_client, selection_cohort):
    applicant = EnrolmentFactory(cohort=selection_cohort, state=EnrolmentState.APPLIED)

    response = staff_client.post(roster_url(selection_cohort), {"action": "select", "enrolment": applicant.pk})

    assert response.status_code == 302
    applicant.refresh_from_db()
    selection_cohort.refresh_from_db()
    assert applicant.state == EnrolmentState.SEATED
    assert selection_cohort.seats_taken == 1


@pytest.mark.django_db
def test_selecting_when_the_seats_are_gone_puts_the_applicant_on_the_waitlist(staff_client, selection_cohort):
    first, second = EnrolmentFactory.create_batch(2, cohort=selection_cohort, state=EnrolmentState.APPLIED)
    staff_client.post(roster_url(selection_cohort), {"action": "select", "enrolment": first.pk})

    response = staff_client.post(
        roster_url(selection_cohort), {"action": "select", "enrolment": second.pk}, follow=True
    )

    second.refresh_from_db()
    assert second.state == EnrolmentState.WAITLISTED
    assert "on the waitlist" in response.content.decode()


@pytest.mark.django_db
def test_rejecting_an_applicant(staff_client, selection_cohort):
    applicant = EnrolmentFactory(cohort=selection_cohort, state=EnrolmentState.APPLIED)

    staff_client.post(roster_url(selection_cohort), {"action": "reject", "enrolment": applicant.pk})

    applicant.refresh_from_db()
    assert applicant.state == EnrolmentState.REJECTED


@pytest.mark.django_db
def test_selecting_twice_shows_the_services_refusal(staff_client, selection_cohort):
    applicant = EnrolmentFactory(cohort=selection_cohort, state=EnrolmentState.APPLIED)
    staff_client.post(roster_url(selection_cohort), {"action": "select", "enrolment": applicant.pk})

    response = staff_client.post(
        roster_url(selection_cohort), {"action": "select", "enrolment": applicant.pk}, follow=True
    )

    assert "Only applications awaiting selection can be selected." in response.content.decode()
    selection_cohort.refresh_from_db()
    assert selection_cohort.seats_taken == 1


@pytest.mark.django_db
def test_an_enrolment_of_another_cohort_cannot_be_decided_from_this_roster(staff_client, selection_cohort):
    elsewhere = EnrolmentFactory(
        cohort=CohortFactory(selection_mode=SelectionMode.SELECTION), state=EnrolmentState.APPLIED
    )
    response = staff_client.post(roster_url(selection_cohort), {"action": "select", "enrolment": elsewhere.pk})
    assert response.status_code == 404
    elsewhere.refresh_from_db()
    assert elsewhere.state == EnrolmentState.APPLIED


@pytest.mark.django_db
def test_an_unknown_action_is_a_bad_request(staff_client, cohort):
    enrolment = EnrolmentFactory(cohort=cohort)
    assert staff_client.post(roster_url(cohort), {"action": "delete", "enrolment": enrolment.pk}).status_code == 400
    enrolment.refresh_from_db()
    assert enrolment.state == EnrolmentState.SEATED


@pytest.mark.django_db
def test_the_close_button_asks_for_confirmation(staff_client, cohort):
    body = staff_client.get(roster_url(cohort)).content.decode()
    assert 'name="action" value="close"' in body
    assert "data-confirm=" in body
    assert "Close the cohort and issue certificates" in body


@pytest.mark.django_db
def test_closing_from_the_roster_decides_completion_and_shows_the_certificates(
    staff_client, cohort, django_capture_on_commit_callbacks
):
    first, second = SessionFactory.create_batch(2, cohort=cohort)
    completed = EnrolmentFactory(cohort=cohort)
    failed = EnrolmentFactory(cohort=cohort)
    attendance_mark(session=first, present_enrolment_ids={completed.pk, failed.pk})
    attendance_mark(session=second, present_enrolment_ids={completed.pk})

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(roster_url(cohort), {"action": "close"})

    assert response.status_code == 302
    completed.refresh_from_db()
    failed.refresh_from_db()
    assert completed.state == EnrolmentState.COMPLETED
    assert failed.state == EnrolmentState.NOT_COMPLETED
    certificate = Certificate.objects.get()
    body = staff_client.get(roster_url(cohort)).content.decode()
    assert certificate.number in body
    assert reverse("programs:certificate_download", args=[completed.pk]) in body
    assert 'value="close"' not in body


@pytest.mark.django_db
def test_closing_a_closed_cohort_again_is_refused(staff_client, cohort, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(roster_url(cohort), {"action": "close"})
        response = staff_client.post(roster_url(cohort), {"action": "close"}, follow=True)
    assert "already closed" in response.content.decode()


# Attendance screen


def attendance_url(session):
    return reverse("programs:session_attendance", args=[session.pk])


@pytest.mark.django_db
def test_the_attendance_screen_is_prefilled_and_shows_the_check_in_code(staff_client, cohort):
    session = SessionFactory(cohort=cohort)
    here, away = EnrolmentFactory.create_batch(2, cohort=cohort)
    EnrolmentFactory(cohort=cohort, state=EnrolmentState.WAITLISTED, user__name="대기자")
    attendance_mark(session=session, present_enrolment_ids={here.pk})

    response = staff_client.get(attendance_url(session))

    body = response.content.decode()
    assert session.check_in_code in body
    assert f'value="{here.pk}" id="present-{here.pk}" checked' in body
    assert f'value="{away.pk}" id="present-{away.pk}">' in body
    assert "대기자" not in body


@pytest.mark.django_db
def test_saving_the_attendance_screen_marks_the_whole_roster(staff_client, cohort):
    session = SessionFactory(cohort=cohort)
    here, away = EnrolmentFactory.create_batch(2, cohort=cohort)

    response = staff_client.post(attendance_url(session), {"present": [here.pk]})

    assert response.status_code == 302
    marks = dict(Attendance.objects.filter(session=session).values_list("enrolment_id", "present"))
    assert marks == {here.pk: True, away.pk: False}
    assert Attendance.objects.filter(method=AttendanceMethod.STAFF).count() == 2


@pytest.mark.django_db
def test_the_attendance_screen_refuses_people_of_another_cohort(staff_client, cohort):
    session = SessionFactory(cohort=cohort)
    EnrolmentFactory(cohort=cohort)
    stranger = EnrolmentFactory()

    response = staff_client.post(attendance_url(session), {"present": [stranger.pk]})

    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Attendance.objects.exists()


@pytest.mark.django_db
def test_the_attendance_screen_of_a_closed_cohort_is_read_only(
    staff_client, cohort, django_capture_on_commit_callbacks
):
    session = SessionFactory(cohort=cohort)
    enrolment = EnrolmentFactory(cohort=cohort)
    attendance_mark(session=session, present_enrolment_ids={enrolment.pk})
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(roster_url(cohort), {"action": "close"})

    body = staff_client.get(attendance_url(session)).content.decode()

    assert "Save attendance" not in body
    assert "disabled" in body
    assert enrolment.user.get_full_name() in body


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 20])
def test_attendance_screen_queries_do_not_grow_with_rows(staff_client, django_assert_max_num_queries, rows):
    cohort = CohortFactory(capacity=30)
    session, _ = SessionFactory.create_batch(2, cohort=cohort)
    enrolments = [EnrolmentFactory(cohort=cohort, firm=FirmFactory()) for _ in range(rows)]
    attendance_mark(session=session, present_enrolment_ids={enrolments[0].pk})
    with django_assert_max_num_queries(ATTENDANCE_QUERIES):
        assert staff_client.get(attendance_url(session)).status_code == 200


# Export


@pytest.mark.django_db
def test_the_roster_exports_to_xlsx_with_roster_and_attendance_sheets(staff_client, cohort):
    first, second = SessionFactory.create_batch(2, cohort=cohort)
    applied_at = datetime(2026, 3, 2, 9, 30, tzinfo=KST)
    firm = FirmFactory(name="(주)경남로봇")
    seated = EnrolmentFactory(
        cohort=cohort, firm=firm, user__name="한지민", user__email="jimin@example.kr", applied_at=applied_at
    )
    EnrolmentFactory(cohort=cohort, state=EnrolmentState.WAITLISTED, user__name="대기자")
    attendance_mark(session=first, present_enrolment_ids={seated.pk})
    attendance_mark(session=second, present_enrolment_ids=set())

    response = staff_client.get(reverse("programs:roster_export", args=[cohort.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"].startswith("attachment;")
    assert ".xlsx" in response["Content-Disposition"]
    workbook = load_workbook(BytesIO(response.content))
    assert workbook.sheetnames == ["Roster", "Attendance"]

    roster = workbook["Roster"]
    header = [cell.value for cell in roster[1]]
    assert header == ["Name", "E-mail", "Firm", "Resident firm", "State", "Applied at (KST)", "Attendance"]
    assert roster["A1"].font.bold
    rows = {row[0]: row for row in roster.iter_rows(min_row=2, values_only=True)}
    expected = ("한지민", "jimin@example.kr", "(주)경남로봇", "No", "Seated", datetime(2026, 3, 2, 9, 30), 0.5)
    assert rows["한지민"] == expected
    assert rows["대기자"][4] == "Waitlisted"
    assert rows["대기자"][6] is None
    assert roster["G2"].number_format == "0%"

    attendance = workbook["Attendance"]
    header = [cell.value for cell in attendance[1]]
    assert header[:2] == ["Name", "E-mail"]
    assert header[2].startswith(first.title)
    assert header[3].startswith(second.title)
    assert header[4:] == ["Sessions attended", "Attendance"]
    assert [cell.value for cell in attendance[2]] == ["한지민", "jimin@example.kr", "✓", "✗", 1, 0.5]
    assert attendance.max_row == 2  # the waitlisted person has no attendance row


@pytest.mark.django_db
def test_a_firm_user_cannot_export_a_roster(client, roles, alice, cohort):
    client.force_login(alice[1])
    assert client.get(reverse("programs:roster_export", args=[cohort.pk])).status_code == 403


@pytest.mark.django_db
def test_enrolments_are_read_only_in_the_admin(client, cohort):
    enrolment = EnrolmentFactory(cohort=cohort)
    admin_user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin_user)

    response = client.get(reverse("admin:programs_enrolment_change", args=[enrolment.pk]))

    assert response.status_code == 200
    assert 'name="state"' not in response.content.decode()
    assert client.get(reverse("admin:programs_enrolment_changelist")).status_code == 200
    assert client.get(reverse("admin:programs_cohort_change", args=[cohort.pk])).status_code == 200
    assert Enrolment.objects.get().state == EnrolmentState.SEATED


@pytest.mark.django_db
def test_the_admin_refuses_a_capacity_below_the_seats_taken():
    cohort = CohortFactory(capacity=5, seats_taken=3)
    form_class = modelform_factory(Cohort, form=CohortAdminForm, fields=["capacity"])

    assert "capacity" in form_class({"capacity": 2}, instance=cohort).errors
    assert form_class({"capacity": 3}, instance=cohort).is_valid()

import pytest
from django.urls import reverse

from programs.models import Attendance

from ..factories import CohortFactory, EnrolmentFactory, SessionFactory


@pytest.fixture
def cohort_with_people(db):
    cohort = CohortFactory(capacity=5)
    session = SessionFactory(cohort=cohort)
    people = [EnrolmentFactory(cohort=cohort) for _ in range(3)]
    return cohort, session, people


@pytest.mark.django_db
def test_firm_people_cannot_read_rosters_or_attendance(api_client, alice, cohort_with_people):
    cohort, session, _ = cohort_with_people
    api_client.force_authenticate(alice[1])
    assert api_client.get(reverse("staff-cohort-roster", args=[cohort.pk])).status_code == 403
    assert api_client.get(reverse("staff-session-attendance-detail", args=[session.pk])).status_code == 403
    response = api_client.put(
        reverse("staff-session-attendance-detail", args=[session.pk]), {"present": []}, format="json"
    )
    assert response.status_code == 403
    assert not Attendance.objects.filter(session=session).exists()


@pytest.mark.django_db
def test_officer_marks_attendance_and_reads_it_back_in_the_roster(api_client, officer, cohort_with_people):
    cohort, session, people = cohort_with_people
    api_client.force_authenticate(officer)
    url = reverse("staff-session-attendance-detail", args=[session.pk])
    response = api_client.put(url, {"present": [people[0].pk, people[2].pk]}, format="json")
    assert response.status_code == 200
    assert {row["enrolment"]: row["present"] for row in response.json()} == {
        people[0].pk: True,
        people[1].pk: False,
        people[2].pk: True,
    }
    assert Attendance.objects.filter(session=session, present=True).count() == 2
    roster = api_client.get(reverse("staff-cohort-roster", args=[cohort.pk])).json()["results"]
    assert sorted(row["sessions_attended"] for row in roster) == [0, 1, 1]


@pytest.mark.django_db
def test_attendance_for_someone_not_seated_is_a_field_error(api_client, officer, cohort_with_people):
    _, session, _ = cohort_with_people
    outsider = EnrolmentFactory()
    api_client.force_authenticate(officer)
    url = reverse("staff-session-attendance-detail", args=[session.pk])
    response = api_client.put(url, {"present": [outsider.pk]}, format="json")
    assert response.status_code == 400 and "present" in response.json()
    response = api_client.put(url, {"present": "everyone"}, format="json")
    assert response.status_code == 400 and "present" in response.json()
    assert not Attendance.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 20])
def test_staff_cohort_list_and_roster_run_constant_queries(api_client, officer, rows, django_assert_max_num_queries):
    cohort = CohortFactory(capacity=30)
    for _ in range(rows):
        SessionFactory(cohort=cohort)
        EnrolmentFactory(cohort=cohort)
        CohortFactory()
    api_client.force_authenticate(officer)
    with django_assert_max_num_queries(6):
        assert api_client.get(reverse("staff-cohort-list")).status_code == 200
    with django_assert_max_num_queries(6):
        assert api_client.get(reverse("staff-cohort-roster", args=[cohort.pk])).status_code == 200


@pytest.mark.django_db
def test_staff_training_endpoints_are_in_the_schema(api_client):
    schema = api_client.get("/api/schema/").content.decode()
    assert "/api/staff/cohorts/{id}/roster/" in schema
    assert "/api/staff/sessions/{id}/" in schema

"""The programmes API: public programmes and cohorts, and a person's own applications."""

import datetime as dt
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from programs import consent
from programs.choices import EnrolmentState
from programs.models import Enrolment
from programs.services import enrolment_apply, enrolment_cancel

from ..factories import CohortFactory, LeaseFactory, ProgrammeFactory, SessionFactory, UserFactory


def apply(user, cohort, **kwargs):
    return enrolment_apply(cohort=cohort, user=user, consent_given=True, **kwargs)


def post_application(api_client, cohort, **fields):
    return api_client.post(
        reverse("enrolment-list"), {"cohort": cohort.pk, "consent_given": True, **fields}, format="json"
    )


@pytest.fixture
def signed_in(api_client, user):
    api_client.force_authenticate(user)
    return api_client


# Programmes and cohorts (public) -----------------------------------------------------------------


@pytest.mark.django_db
def test_cohorts_are_public_published_only_with_sessions_seats_left_and_state(api_client):
    cohort = CohortFactory(capacity=3)
    SessionFactory(cohort=cohort)
    apply(UserFactory(), cohort)
    CohortFactory(is_published=False)
    results = api_client.get(reverse("cohort-list")).json()["results"]
    assert [row["id"] for row in results] == [cohort.pk]
    row = results[0]
    assert row["seats_left"] == 2 and row["state"] == "open"
    assert row["programme"]["slug"] == cohort.programme.slug
    assert [session["title"] for session in row["sessions"]] == [cohort.sessions.get().title]
    assert "check_in_code" not in row["sessions"][0]
    assert row["calendar_url"].endswith(reverse("programs:cohort_calendar", args=[cohort.pk]))


@pytest.mark.django_db
def test_an_unpublished_cohort_answers_404(api_client):
    cohort = CohortFactory(is_published=False)
    assert api_client.get(reverse("cohort-detail", args=[cohort.pk])).status_code == 404


@pytest.mark.django_db
def test_cohorts_share_the_catalogues_filters(api_client):
    now = timezone.now()
    moulding = CohortFactory(
        programme=ProgrammeFactory(title="스마트 사출 공정 데이터 분석", topic="data", level="intermediate"),
        starts_on=dt.date(2026, 12, 7),
        ends_on=dt.date(2026, 12, 18),
    )
    CohortFactory(
        programme=ProgrammeFactory(title="디지털 트윈 가상 시운전 실무", topic="digital_twin", level="advanced"),
        starts_on=dt.date(2027, 1, 11),
        ends_on=dt.date(2027, 1, 22),
        applications_open_at=now + timedelta(days=1),
        applications_close_at=now + timedelta(days=9),
    )

    def ids(**params):
        return [row["id"] for row in api_client.get(reverse("cohort-list"), params).json()["results"]]

    assert ids(topic="data") == [moulding.pk]
    assert ids(level="intermediate") == [moulding.pk]
    assert ids(month="2026-12") == [moulding.pk]
    assert ids(open="true") == [moulding.pk]
    assert ids(q="사출") == [moulding.pk]


@pytest.mark.django_db
def test_a_malformed_month_is_a_400(api_client):
    response = api_client.get(reverse("cohort-list"), {"month": "12/2026"})
    assert response.status_code == 400
    assert "month" in response.json()


@pytest.mark.django_db
def test_programmes_with_published_cohorts_only(api_client):
    cohort = CohortFactory()
    CohortFactory(programme=cohort.programme, is_published=False)
    CohortFactory(is_published=False)  # a programme with nothing published yet
    results = api_client.get(reverse("programme-list")).json()["results"]
    assert [row["id"] for row in results] == [cohort.programme.pk]
    assert [row["id"] for row in results[0]["cohorts"]] == [cohort.pk]
    assert results[0]["cohorts"][0]["state"] == "open"


@pytest.mark.django_db
def test_programmes_search_in_korean(api_client):
    wanted = CohortFactory(programme=ProgrammeFactory(title="디지털 트윈 가상 시운전 실무")).programme
    CohortFactory()
    results = api_client.get(reverse("programme-list"), {"q": "시운전"}).json()["results"]
    assert [row["id"] for row in results] == [wanted.pk]


# Applying ----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_applying_takes_a_seat_then_the_waitlist(signed_in, user):
    cohort = CohortFactory(capacity=1)
    apply(UserFactory(), cohort)
    response = post_application(signed_in, cohort, optional_consents={"training_photos": True})
    assert response.status_code == 201
    body = response.json()
    assert body["state"] == "waitlisted" and body["waitlist_position"] == 1
    enrolment = Enrolment.objects.get(user=user)
    assert enrolment.consent_version == consent.VERSION and enrolment.consent_ip == "127.0.0.1"
    assert enrolment.consent_optional == {"training_photos": True, "training_followup": False}


@pytest.mark.django_db
def test_first_come_applicant_is_seated(signed_in):
    response = post_application(signed_in, CohortFactory())
    assert response.status_code == 201 and response.json()["state"] == "seated"


@pytest.mark.django_db
def test_without_the_required_consent_the_application_is_refused_on_that_field(signed_in):
    response = post_application(signed_in, CohortFactory(), consent_given=False)
    assert response.status_code == 400
    assert list(response.json()) == ["consent_given"]
    assert not Enrolment.objects.exists()


@pytest.mark.django_db
def test_unknown_optional_consent_items_are_refused(signed_in):
    response = post_application(signed_in, CohortFactory(), optional_consents={"marketing_calls": True})
    assert response.status_code == 400 and "optional_consents" in response.json()


@pytest.mark.django_db
def test_unanswered_questions_are_refused_on_answers(signed_in):
    cohort = CohortFactory(questions=["수강 목적은?"])
    response = post_application(signed_in, cohort, answers={"수강 목적은?": "  "})
    assert response.status_code == 400 and "answers" in response.json()
    response = post_application(signed_in, cohort, answers={"수강 목적은?": "불량 예측 모델"})
    assert response.json()["answers"] == {"수강 목적은?": "불량 예측 모델"}


@pytest.mark.django_db
def test_applying_twice_is_refused_on_cohort(signed_in):
    cohort = CohortFactory()
    post_application(signed_in, cohort)
    response = post_application(signed_in, cohort)
    assert response.status_code == 400
    assert response.json() == {"cohort": [gettext("You have already applied to this cohort.")]}


@pytest.mark.django_db
def test_a_closed_or_unpublished_cohort_is_refused(signed_in):
    closed = CohortFactory(
        applications_open_at=timezone.now() - timedelta(days=9),
        applications_close_at=timezone.now() - timedelta(minutes=1),
    )
    assert "cohort" in post_application(signed_in, closed).json()
    assert "cohort" in post_application(signed_in, CohortFactory(is_published=False)).json()
    assert not Enrolment.objects.exists()


@pytest.mark.django_db
def test_on_behalf_of_a_firm_needs_one(signed_in):
    response = post_application(signed_in, CohortFactory(), on_behalf_of_firm=True)
    assert response.status_code == 400 and "on_behalf_of_firm" in response.json()


@pytest.mark.django_db
def test_on_behalf_of_a_resident_firm(api_client, alice):
    firm, representative, _ = alice
    LeaseFactory(firm=firm)
    api_client.force_authenticate(representative)
    body = post_application(api_client, CohortFactory(), on_behalf_of_firm=True).json()
    assert body["firm"] == firm.pk and body["firm_name"] == firm.name and body["is_resident"]


@pytest.mark.django_db
def test_applications_need_signing_in(api_client):
    assert post_application(api_client, CohortFactory()).status_code in (401, 403)
    assert api_client.get(reverse("enrolment-list")).status_code in (401, 403)


# Own applications: list, cancel, accept -----------------------------------------------------------


@pytest.mark.django_db
def test_the_list_holds_only_ones_own_applications_with_waitlist_positions(signed_in, user):
    cohort = CohortFactory(capacity=1)
    apply(UserFactory(), cohort)
    apply(UserFactory(), cohort)
    mine = apply(user, cohort)
    apply(UserFactory(), CohortFactory())
    results = signed_in.get(reverse("enrolment-list")).json()["results"]
    assert [(row["id"], row["state"], row["waitlist_position"]) for row in results] == [(mine.pk, "waitlisted", 2)]
    assert "offer_token" not in results[0]


@pytest.mark.django_db
def test_cancel_frees_the_seat_for_the_next_in_line(signed_in, user):
    cohort = CohortFactory(capacity=1)
    mine = apply(user, cohort)
    waiting = apply(UserFactory(), cohort)
    response = signed_in.post(reverse("enrolment-cancel", args=[mine.pk]))
    assert response.status_code == 200 and response.json()["state"] == "cancelled"
    waiting.refresh_from_db()
    assert waiting.state == EnrolmentState.OFFERED
    again = signed_in.post(reverse("enrolment-cancel", args=[mine.pk]))
    assert again.status_code == 400 and "non_field_errors" in again.json()


@pytest.mark.django_db
def test_accepting_an_offer_takes_the_seat(api_client):
    cohort = CohortFactory(capacity=1)
    first = apply(UserFactory(), cohort)
    waiting = apply(UserFactory(), cohort)
    enrolment_cancel(enrolment=first)
    api_client.force_authenticate(waiting.user)
    listed = api_client.get(reverse("enrolment-detail", args=[waiting.pk])).json()
    assert listed["state"] == "offered" and listed["offer_expires_at"]
    response = api_client.post(reverse("enrolment-accept", args=[waiting.pk]))
    assert response.status_code == 200 and response.json()["state"] == "seated"


@pytest.mark.django_db
def test_accepting_without_an_offer_is_a_400(signed_in, user):
    mine = apply(user, CohortFactory())
    response = signed_in.post(reverse("enrolment-accept", args=[mine.pk]))
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": [gettext("There is no open offer to accept.")]}


@pytest.mark.django_db
def test_another_persons_application_answers_404(signed_in):
    cohort = CohortFactory(capacity=1)
    first = apply(UserFactory(), cohort)
    theirs = apply(UserFactory(), cohort)
    enrolment_cancel(enrolment=first)
    for response in (
        signed_in.get(reverse("enrolment-detail", args=[theirs.pk])),
        signed_in.post(reverse("enrolment-cancel", args=[theirs.pk])),
        signed_in.post(reverse("enrolment-accept", args=[theirs.pk])),
    ):
        assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.state == EnrolmentState.OFFERED


# Query counts and the schema ------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 15])
def test_cohort_list_runs_a_constant_number_of_queries(api_client, django_assert_max_num_queries, rows):
    for _ in range(rows):
        SessionFactory(cohort=CohortFactory())
    # count, page (with programmes), sessions; the page cache's clock (portal/pagecache.py)
    with django_assert_max_num_queries(4):
        response = api_client.get(reverse("cohort-list"), {"q": "제조", "open": "true"})
    assert response.json()["count"] == rows


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 15])
def test_programme_list_runs_a_constant_number_of_queries(api_client, django_assert_max_num_queries, rows):
    for _ in range(rows):
        programme = ProgrammeFactory()
        CohortFactory(programme=programme)
        CohortFactory(programme=programme)
    # count, page, cohorts; the page cache's clock (portal/pagecache.py)
    with django_assert_max_num_queries(4):
        response = api_client.get(reverse("programme-list"))
    assert response.json()["count"] == rows


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 15])
def test_enrolment_list_runs_a_constant_number_of_queries(signed_in, user, django_assert_max_num_queries, rows):
    for index in range(rows):
        cohort = CohortFactory(capacity=1)
        if index % 2:
            apply(UserFactory(), cohort)
        apply(user, cohort)
    # count, page (with cohorts, programmes, firms, certificates and waitlist positions)
    with django_assert_max_num_queries(2):
        response = signed_in.get(reverse("enrolment-list"))
    assert response.json()["count"] == rows


@pytest.mark.django_db
def test_schema_documents_the_programme_endpoints(api_client):
    schema = api_client.get("/api/schema/").content.decode()
    for path in (
        "/api/programmes/",
        "/api/programmes/{id}/",
        "/api/cohorts/",
        "/api/cohorts/{id}/",
        "/api/enrolments/",
        "/api/enrolments/{id}/",
        "/api/enrolments/{id}/cancel/",
        "/api/enrolments/{id}/accept/",
    ):
        assert f"{path}:" in schema
    assert "consent_given" in schema and "waitlist_position" in schema

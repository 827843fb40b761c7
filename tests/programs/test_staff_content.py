"""Staff write programmes and cohorts in Korean and English; the seats taken stay as the seat services keep them."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from portal.accounts.roles import REVIEWER
from programs.models import Cohort, Programme
from programs.services import cohort_save

from ..factories import CohortFactory, ProgrammeFactory, user_in_role


def cohort_data(cohort, **changes):
    data = {
        "programme": cohort.programme_id,
        "name_ko": cohort.name_ko,
        "name_en": "Cohort 3",
        "starts_on": cohort.starts_on.isoformat(),
        "ends_on": cohort.ends_on.isoformat(),
        "venue_ko": "경남창원산학융합원 3층 교육장",
        "venue_en": "GCIAC, 3rd floor training room",
        "language": "ko",
        "capacity": str(cohort.capacity),
        "resident_priority_seats": "0",
        "max_seats_per_firm": "",
        "fee": "0",
        "applications_open_at": "2026-01-05T09:00",
        "applications_close_at": "2026-12-31T18:00",
        "selection_mode": cohort.selection_mode,
        "eligibility_ko": "",
        "eligibility_en": "",
        "completion_threshold": "80",
        "offer_hours": "48",
        "is_published": "on",
    }
    data.update(changes)
    return data


@pytest.mark.django_db
def test_staff_edit_a_programme_in_both_languages(staff_client):
    programme = ProgrammeFactory()
    page = staff_client.get(reverse("programs:staff_programme_edit", args=[programme.pk])).content.decode()
    assert "(한국어)" in page and "(English)" in page
    response = staff_client.post(
        reverse("programs:staff_programme_edit", args=[programme.pk]),
        {
            "title_ko": "제조 AI 기초",
            "title_en": "Manufacturing AI basics",
            "slug": programme.slug,
            "topic": programme.topic,
            "level": programme.level,
            "description_ko": "기초 과정",
            "description_en": "A first course",
            "outcomes_ko": "",
            "outcomes_en": "Build a first model",
            "audience_ko": "",
            "audience_en": "",
        },
    )
    assert response.status_code == 302
    programme.refresh_from_db()
    with translation.override("en"):
        assert (programme.title, programme.outcomes) == ("Manufacturing AI basics", "Build a first model")


@pytest.mark.django_db
def test_staff_create_a_cohort_and_the_public_page_shows_its_english_venue(staff_client):
    programme = ProgrammeFactory()
    template = CohortFactory.build(programme=programme)
    data = cohort_data(template, name_ko="2027 1기")
    response = staff_client.post(reverse("programs:staff_cohort_create"), data)
    assert response.status_code == 302, response.context["form"].errors
    cohort = Cohort.objects.get(name_ko="2027 1기")
    page = Client().get(cohort.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "GCIAC, 3rd floor training room" in page


@pytest.mark.django_db
def test_a_cohort_cannot_shrink_below_the_seats_taken(staff_client):
    cohort = CohortFactory(capacity=10)
    Cohort.objects.filter(pk=cohort.pk).update(seats_taken=6)
    response = staff_client.post(
        reverse("programs:staff_cohort_edit", args=[cohort.pk]), cohort_data(cohort, capacity="5")
    )
    assert response.status_code == 200 and "capacity" in response.context["form"].errors


@pytest.mark.django_db
def test_saving_a_cohort_keeps_a_seat_taken_meanwhile(db):
    cohort = CohortFactory(capacity=10)
    stale = Cohort.objects.get(pk=cohort.pk)  # as a staff form loaded it
    Cohort.objects.filter(pk=cohort.pk).update(seats_taken=3)  # a seat service, meanwhile
    stale.venue_en = "Room 301"
    cohort_save(cohort=stale)
    fresh = Cohort.objects.get(pk=cohort.pk)
    assert (fresh.seats_taken, fresh.venue_en) == (3, "Room 301")


@pytest.mark.django_db
def test_the_service_refuses_fewer_seats_than_taken_even_when_the_form_was_stale(db):
    cohort = CohortFactory(capacity=10)
    stale = Cohort.objects.get(pk=cohort.pk)
    Cohort.objects.filter(pk=cohort.pk).update(seats_taken=8)
    stale.capacity = 7
    with pytest.raises(ValidationError):
        cohort_save(cohort=stale)


@pytest.mark.django_db
def test_bad_dates_are_form_errors(staff_client):
    cohort = CohortFactory()
    data = cohort_data(cohort, ends_on="2000-01-01", applications_close_at="2026-01-01T09:00")
    response = staff_client.post(reverse("programs:staff_cohort_edit", args=[cohort.pk]), data)
    assert response.status_code == 200
    assert {"ends_on", "applications_close_at"} <= set(response.context["form"].errors)


@pytest.mark.django_db
def test_least_privilege_on_programme_and_cohort_pages(client, alice, roles):
    cohort = CohortFactory()
    for person in (alice.representative, user_in_role(REVIEWER)):
        client.force_login(person)
        for url in (
            reverse("programs:staff_programmes"),
            reverse("programs:staff_programme_edit", args=[cohort.programme_id]),
            reverse("programs:staff_cohort_edit", args=[cohort.pk]),
            reverse("programs:staff_cohort_create"),
        ):
            assert client.get(url).status_code == 403, url


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 15])
def test_the_programme_list_costs_the_same_queries_for_1_and_many(staff_client, count, django_assert_max_num_queries):
    ProgrammeFactory.create_batch(count)
    staff_client.get(reverse("programs:staff_programmes"))
    with django_assert_max_num_queries(7):
        assert staff_client.get(reverse("programs:staff_programmes")).status_code == 200
    assert Programme.objects.count() == count

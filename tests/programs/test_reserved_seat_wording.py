"""The apply page says when the seats left are kept for resident firms, as the cohort page does."""

import pytest
from django.urls import reverse

from ..factories import CohortFactory, EnrolmentFactory, UserFactory


@pytest.mark.django_db
def test_the_apply_page_says_the_seats_left_are_kept_for_residents(client):
    cohort = CohortFactory(capacity=3, resident_priority_seats=2, seats_taken=1, selection_mode="first_come")
    EnrolmentFactory(cohort=cohort, is_resident=False)
    client.force_login(UserFactory())
    page = client.get(reverse("programs:cohort_apply", args=[cohort.pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "2 of 3 seats left" in page and "2 of them are kept for resident firms" in page
    assert "anyone else joins the waitlist" in page


@pytest.mark.django_db
def test_without_reserved_seats_the_apply_page_says_nothing_of_them(client):
    cohort = CohortFactory(capacity=3, seats_taken=0, selection_mode="first_come")
    client.force_login(UserFactory())
    page = client.get(reverse("programs:cohort_apply", args=[cohort.pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "kept for resident firms" not in page and "joins the waitlist" not in page


@pytest.mark.django_db
def test_the_cohort_page_explains_the_resident_reserve_as_the_apply_page_does(client):
    cohort = CohortFactory(capacity=3, resident_priority_seats=2, seats_taken=1, selection_mode="first_come")
    EnrolmentFactory(cohort=cohort, is_resident=False)
    page = client.get(reverse("programs:cohort_detail", args=[cohort.pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "2 of them are kept for resident firms" in page
    assert "when only those remain, anyone else joins the waitlist" in page

"""Seats, waitlist and offers: capacity is never exceeded, the line is kept, offers expire once."""

import threading
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from programs.choices import EnrolmentState
from programs.models import Cohort, Enrolment
from programs.services import (
    enrolment_accept_offer,
    enrolment_apply,
    enrolment_cancel,
    enrolment_decline_offer,
    enrolment_reject,
    enrolment_select,
    offers_expire,
)

from ..factories import CohortFactory, FirmFactory, LeaseFactory, MembershipFactory, UserFactory


def apply(cohort, user=None, **kwargs):
    return enrolment_apply(cohort=cohort, user=user or UserFactory(), consent_given=True, **kwargs)


def states(cohort):
    return list(cohort.enrolments.order_by("applied_at", "pk").values_list("state", flat=True))


@pytest.mark.django_db(transaction=True)
def test_last_seat_goes_to_exactly_one_applicant_among_many_at_once():
    assert connection.vendor == "postgresql"
    cohort = CohortFactory(capacity=5)
    users = [UserFactory() for _ in range(30)]
    barrier = threading.Barrier(len(users))
    errors = []

    def apply_now(user):
        try:
            barrier.wait()
            apply(cohort, user)
        except Exception as error:  # noqa: BLE001  (collected and asserted below)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=apply_now, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    cohort.refresh_from_db()
    assert cohort.seats_taken == 5
    assert Enrolment.objects.filter(cohort=cohort, state=EnrolmentState.SEATED).count() == 5
    assert Enrolment.objects.filter(cohort=cohort, state=EnrolmentState.WAITLISTED).count() == 25


@pytest.mark.django_db
def test_the_database_refuses_more_seats_than_capacity():
    cohort = CohortFactory(capacity=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Cohort.objects.filter(pk=cohort.pk).update(seats_taken=2)


@pytest.mark.django_db
def test_beyond_capacity_applicants_wait_in_order_and_a_freed_seat_is_offered_to_the_first():
    cohort = CohortFactory(capacity=2, offer_hours=48)
    first, second, third, fourth = (apply(cohort) for _ in range(4))
    assert states(cohort) == ["seated", "seated", "waitlisted", "waitlisted"]
    enrolment_cancel(enrolment=first)
    third.refresh_from_db()
    assert third.state == EnrolmentState.OFFERED
    assert timedelta(hours=47) < third.offer_expires_at - timezone.now() <= timedelta(hours=48)
    assert Enrolment.objects.get(pk=fourth.pk).state == EnrolmentState.WAITLISTED
    cohort.refresh_from_db()
    assert cohort.seats_taken == 2  # the offered seat is held for the offer
    enrolment_accept_offer(enrolment=third)
    assert Enrolment.objects.get(pk=third.pk).state == EnrolmentState.SEATED


@pytest.mark.django_db
def test_an_expired_offer_passes_to_the_next_person_once_even_when_the_job_runs_twice():
    cohort = CohortFactory(capacity=1, offer_hours=48)
    holder, waiting_1, waiting_2 = (apply(cohort) for _ in range(3))
    enrolment_cancel(enrolment=holder)
    later = timezone.now() + timedelta(hours=49)
    assert offers_expire(now=later) == 1
    assert offers_expire(now=later) == 0
    assert Enrolment.objects.get(pk=waiting_1.pk).state == EnrolmentState.OFFER_EXPIRED
    offered = Enrolment.objects.get(pk=waiting_2.pk)
    assert offered.state == EnrolmentState.OFFERED
    assert offered.offer_expires_at > later
    cohort.refresh_from_db()
    assert cohort.seats_taken == 1


@pytest.mark.django_db(transaction=True)
def test_two_workers_expiring_offers_at_once_promote_nobody_twice():
    cohort = CohortFactory(capacity=1, offer_hours=1)
    holder, waiting_1, waiting_2, waiting_3 = (apply(cohort) for _ in range(4))
    enrolment_cancel(enrolment=holder)
    later = timezone.now() + timedelta(hours=2)
    barrier = threading.Barrier(2)
    results = []

    def worker():
        try:
            barrier.wait()
            results.append(offers_expire(now=later))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [0, 1]
    assert states(cohort) == ["cancelled", "offer_expired", "offered", "waitlisted"]


@pytest.mark.django_db
def test_accepting_an_expired_offer_is_refused():
    cohort = CohortFactory(capacity=1, offer_hours=1)
    holder, waiting = apply(cohort), apply(cohort)
    enrolment_cancel(enrolment=holder)
    with pytest.raises(ValidationError):
        enrolment_accept_offer(enrolment=Enrolment.objects.get(pk=waiting.pk), now=timezone.now() + timedelta(hours=2))


@pytest.mark.django_db
def test_no_longer_interested_link_frees_the_offer_for_the_next_person():
    cohort = CohortFactory(capacity=1)
    holder, waiting_1, waiting_2 = (apply(cohort) for _ in range(3))
    enrolment_cancel(enrolment=holder)
    token = Enrolment.objects.get(pk=waiting_1.pk).offer_token
    enrolment_decline_offer(token=token)
    assert Enrolment.objects.get(pk=waiting_1.pk).state == EnrolmentState.CANCELLED
    assert Enrolment.objects.get(pk=waiting_2.pk).state == EnrolmentState.OFFERED
    with pytest.raises(ValidationError):
        enrolment_decline_offer(token=token)  # the link works once


@pytest.mark.django_db
def test_seats_reserved_for_resident_firms_are_kept_for_them():
    cohort = CohortFactory(capacity=3, resident_priority_seats=1)
    outsiders = [apply(cohort) for _ in range(3)]
    assert [e.state for e in outsiders] == ["seated", "seated", "waitlisted"]
    resident = MembershipFactory(firm=LeaseFactory().firm).user
    assert apply(cohort, resident, on_behalf_of_firm=True).state == EnrolmentState.SEATED


@pytest.mark.django_db
def test_seats_per_firm_are_capped():
    cohort = CohortFactory(capacity=5, max_seats_per_firm=1)
    firm = FirmFactory()
    colleagues = [MembershipFactory(firm=firm).user for _ in range(2)]
    first, second = (apply(cohort, person, on_behalf_of_firm=True) for person in colleagues)
    assert (first.state, second.state) == ("seated", "waitlisted")
    assert apply(cohort).state == EnrolmentState.SEATED  # others are not held back


@pytest.mark.django_db
def test_selection_mode_waits_for_staff_and_a_rejected_seat_goes_to_the_waitlist():
    cohort = CohortFactory(capacity=1, selection_mode="selection")
    first, second = apply(cohort), apply(cohort)
    assert states(cohort) == ["applied", "applied"]
    assert enrolment_select(enrolment=first).state == EnrolmentState.SEATED
    assert enrolment_select(enrolment=second).state == EnrolmentState.WAITLISTED
    enrolment_reject(enrolment=Enrolment.objects.get(pk=first.pk))
    assert states(cohort) == ["rejected", "offered"]


@pytest.mark.django_db
def test_application_needs_consent_an_open_window_and_only_one_active_per_person():
    cohort = CohortFactory()
    person = UserFactory()
    with pytest.raises(ValidationError) as error:
        enrolment_apply(cohort=cohort, user=person, consent_given=False)
    assert "consent" in error.value.message_dict
    apply(cohort, person)
    with pytest.raises(ValidationError):
        apply(cohort, person)
    closed = CohortFactory(
        applications_close_at=timezone.now() - timedelta(minutes=1),
        applications_open_at=timezone.now() - timedelta(days=5),
    )
    with pytest.raises(ValidationError):
        apply(closed)


@pytest.mark.django_db
def test_consent_version_time_ip_and_optional_answers_are_stored():
    cohort = CohortFactory(questions=["현재 업무는 무엇입니까?"])
    enrolment = apply(
        cohort,
        answers={"현재 업무는 무엇입니까?": "사출 공정 관리"},
        optional_consents={"training_photos": False},
        ip_address="203.0.113.9",
    )
    assert enrolment.consent_version and enrolment.consent_at and enrolment.consent_ip == "203.0.113.9"
    assert enrolment.consent_optional == {"training_photos": False, "training_followup": False}
    assert enrolment.answers == {"현재 업무는 무엇입니까?": "사출 공정 관리"}
    with pytest.raises(ValidationError):
        apply(cohort)  # the question is required

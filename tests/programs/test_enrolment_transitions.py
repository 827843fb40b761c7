"""Enrolment states move only along ENROLMENT_TRANSITIONS, through enrolment_transition."""

import pytest
from django.core.exceptions import ValidationError

from programs.choices import ENROLMENT_TRANSITIONS, EnrolmentState
from programs.models import Enrolment
from programs.services import enrolment_transition

from ..factories import EnrolmentFactory

ALLOWED = [(source, target) for source, targets in ENROLMENT_TRANSITIONS.items() for target in sorted(targets)]
FORBIDDEN = [
    (source, target)
    for source in EnrolmentState
    for target in EnrolmentState
    if target not in ENROLMENT_TRANSITIONS[source]
]


def test_the_table_names_every_state():
    assert set(ENROLMENT_TRANSITIONS) == set(EnrolmentState)


@pytest.mark.django_db
@pytest.mark.parametrize(("source", "target"), ALLOWED)
def test_each_allowed_transition_is_saved(source, target):
    enrolment = EnrolmentFactory(state=source)

    enrolment_transition(enrolment=enrolment, state=target)

    assert Enrolment.objects.get(pk=enrolment.pk).state == target


@pytest.mark.django_db
def test_a_transition_saves_the_fields_that_change_with_it():
    enrolment = EnrolmentFactory(state=EnrolmentState.OFFERED, offer_token="token")

    enrolment_transition(enrolment=enrolment, state=EnrolmentState.OFFER_EXPIRED, offer_token=None)

    enrolment.refresh_from_db()
    assert (enrolment.state, enrolment.offer_token) == (EnrolmentState.OFFER_EXPIRED, None)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("source", "target"),
    [
        (EnrolmentState.COMPLETED, EnrolmentState.SEATED),
        (EnrolmentState.CANCELLED, EnrolmentState.OFFERED),
        (EnrolmentState.WAITLISTED, EnrolmentState.SEATED),
    ],
)
def test_a_disallowed_transition_is_refused_and_nothing_changes(source, target):
    assert (source, target) in FORBIDDEN
    enrolment = EnrolmentFactory(state=source)

    with pytest.raises(ValidationError) as refused:
        enrolment_transition(enrolment=enrolment, state=target)

    assert refused.value.code == "transition"
    assert Enrolment.objects.get(pk=enrolment.pk).state == source

"""The desk's one state machine: every move of the table for each actor, and nothing else."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from portal.notifications.models import OutboxMessage
from portal.notifications.services import outbox_render
from portal.time import hub_today
from tenants.desk.choices import REQUEST_TRANSITIONS, Actor, EntryKind, RequestState
from tenants.desk.models import RequestEntry, ServiceRequest
from tenants.desk.services import (
    service_request_reopen,
    service_request_reply,
    service_request_transition,
    service_requests_close_resolved,
)

ALL_MOVES = [(from_, to) for from_ in RequestState for to in RequestState if from_ != to]


def _put_in(service_request, state):
    """Test set-up only: place a request in a state without going through the table."""
    fields = {"state": state, "rejection_reason": "사유" if state == RequestState.REJECTED else ""}
    if state == RequestState.RESOLVED:
        fields.update(resolved_at=service_request.created_at, reopen_until=hub_today() + timedelta(days=7))
    ServiceRequest.objects.filter(pk=service_request.pk).update(**fields)


@pytest.mark.django_db
def test_a_move_succeeds_exactly_when_the_table_allows_it_for_the_actor(alice_request):
    wrong = []
    for from_state, to_state in ALL_MOVES:
        for actor in Actor:
            _put_in(alice_request, from_state)
            allowed = actor in REQUEST_TRANSITIONS.get((from_state, to_state), set())
            try:
                moved = service_request_transition(
                    service_request=alice_request, to_state=to_state, actor=actor, text="사유"
                )
            except ValidationError:
                if allowed or ServiceRequest.objects.get(pk=alice_request.pk).state != from_state:
                    wrong.append((from_state, to_state, actor, "refused"))
                continue
            entry = RequestEntry.objects.filter(request=alice_request, kind=EntryKind.STATE_CHANGE).last()
            if not allowed or moved.state != to_state or (entry.from_state, entry.to_state) != (from_state, to_state):
                wrong.append((from_state, to_state, actor, "moved"))
    assert wrong == []


@pytest.mark.django_db
def test_each_staff_change_mails_the_requester_once_in_their_language(resident_alice, alice_request):
    requester = alice_request.requester
    requester.language = "en"
    requester.save(update_fields=["language"])
    service_request_transition(service_request=alice_request, to_state=RequestState.IN_PROGRESS, actor=Actor.STAFF)
    service_request_transition(
        service_request=alice_request, to_state=RequestState.WAITING, actor=Actor.STAFF, text="Which room exactly?"
    )
    mails = OutboxMessage.objects.filter(recipient=requester.email, template="desk_request_changed").order_by("pk")
    assert mails.count() == 2
    subject, body, _ = outbox_render(mails.last())
    assert "Waiting for the firm" in subject
    assert "Which room exactly?" in body


@pytest.mark.django_db
def test_a_rejection_needs_its_reason(alice_request):
    with pytest.raises(ValidationError) as error:
        service_request_transition(service_request=alice_request, to_state=RequestState.REJECTED, actor=Actor.STAFF)
    assert "text" in error.value.message_dict
    rejected = service_request_transition(
        service_request=alice_request, to_state=RequestState.REJECTED, actor=Actor.STAFF, text="관리 범위 밖입니다."
    )
    assert rejected.rejection_reason == "관리 범위 밖입니다." and rejected.closed_at is not None


@pytest.mark.django_db
def test_the_firms_reply_puts_a_request_waiting_for_it_back_in_progress(resident_alice, alice_request):
    service_request_transition(service_request=alice_request, to_state=RequestState.WAITING, actor=Actor.STAFF)
    service_request_reply(
        service_request=alice_request, user=resident_alice.member, actor=Actor.FIRM, text="301호입니다."
    )
    assert ServiceRequest.objects.get(pk=alice_request.pk).state == RequestState.IN_PROGRESS


@pytest.mark.django_db
def test_the_firm_reopens_within_the_window_and_not_after(resident_alice, alice_request):
    resolved = service_request_transition(
        service_request=alice_request, to_state=RequestState.RESOLVED, actor=Actor.STAFF
    )
    assert resolved.reopen_until > hub_today()
    reopened = service_request_reopen(service_request=resolved, user=resident_alice.member, text="또 샙니다.")
    assert reopened.state == RequestState.IN_PROGRESS and reopened.reopen_until is None
    resolved = service_request_transition(service_request=reopened, to_state=RequestState.RESOLVED, actor=Actor.STAFF)
    ServiceRequest.objects.filter(pk=resolved.pk).update(reopen_until=hub_today() - timedelta(days=1))
    with pytest.raises(ValidationError):
        service_request_reopen(
            service_request=ServiceRequest.objects.get(pk=resolved.pk), user=resident_alice.member, text="또요"
        )


@pytest.mark.django_db
def test_the_daily_job_closes_what_stayed_resolved_past_the_window_once(alice_request):
    service_request_transition(service_request=alice_request, to_state=RequestState.RESOLVED, actor=Actor.STAFF)
    assert service_requests_close_resolved() == 0  # still inside the window
    later = ServiceRequest.objects.get(pk=alice_request.pk).reopen_until + timedelta(days=1)
    assert service_requests_close_resolved(today=later) == 1
    assert service_requests_close_resolved(today=later) == 0
    closed = ServiceRequest.objects.get(pk=alice_request.pk)
    assert closed.state == RequestState.CLOSED
    assert closed.entries.filter(to_state=RequestState.CLOSED, actor=Actor.SYSTEM).count() == 1

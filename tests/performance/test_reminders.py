"""Reminders of returns not handed in: D-7, D-3, D-1 and overdue, each once however often the job runs."""

from datetime import timedelta

import pytest
from django.utils import timezone

from portal.notifications.models import OutboxMessage
from tenants.performance.models import PerformanceReturn
from tenants.performance.services import performance_reminders_send, returns_remind, round_open
from tenants.performance.tasks import performance_reminders_daily

from .conftest import filled, new_round, return_of

pytestmark = pytest.mark.django_db


def reminders():
    return list(
        OutboxMessage.objects.filter(template__in=["performance_return_due", "performance_return_overdue"])
        .order_by("pk")
        .values_list("recipient", "template", "context__days")
    )


def test_each_reminder_point_is_sent_once_under_double_runs(residents, alice, bob):
    round_ = new_round(due_in=timedelta(days=10))
    round_open(round_=round_)
    from tenants.performance.services import return_submit

    return_submit(performance_return=filled(bob, round_), actor=bob.representative)  # bob is done
    start = timezone.now()

    sent = []
    for days_later in (0, 3, 3, 7, 7, 8, 9, 9, 10, 11, 12):
        now = start + timedelta(days=days_later, minutes=1)
        sent.append(performance_reminders_send(now=now))
        performance_reminders_send(now=now)  # a second worker on the same day

    assert sent == [0, 1, 0, 1, 0, 0, 1, 0, 1, 0, 0]
    assert reminders() == [
        (alice.representative.email, "performance_return_due", 7),
        (alice.representative.email, "performance_return_due", 3),
        (alice.representative.email, "performance_return_due", 1),
        (alice.representative.email, "performance_return_overdue", None),
    ]


def test_a_missed_day_still_sends_the_nearest_point(residents, alice):
    round_ = new_round(due_in=timedelta(days=2, hours=1))
    round_open(round_=round_)
    assert performance_reminders_send() == 2  # alice and bob: D-3 reached, D-7 never sent
    assert {context_days for *_rest, context_days in reminders()} == {3}


def test_the_daily_task_sends_the_reminders(residents):
    round_ = new_round(due_in=timedelta(days=2))
    round_open(round_=round_)
    assert performance_reminders_daily() == 2
    assert performance_reminders_daily() == 0


def test_staff_remind_the_firms_ticked_once_a_day(open_round, alice, bob, staff_client):
    alice_return = return_of(alice, open_round)
    response = staff_client.post(open_round.get_absolute_url(), {"action": "remind", "returns": [alice_return.pk, "x"]})
    assert response.status_code == 302
    staff_client.post(open_round.get_absolute_url(), {"action": "remind", "returns": [alice_return.pk]})
    assert list(
        OutboxMessage.objects.filter(template="performance_return_reminder").values_list("recipient", flat=True)
    ) == [alice.representative.email]


def test_a_reminder_skips_returns_already_handed_in(submitted, alice):
    assert returns_remind(returns=PerformanceReturn.objects.filter(pk=submitted.pk)) == 0

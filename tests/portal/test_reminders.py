"""Issue 9's daily reminders: each goes to the right people once, however often the job runs."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from portal.notifications.models import OutboxMessage
from programs.services import cohort_start_reminders, kpi_after_reminders
from tenants.services import call_deadline_reminders

from ..factories import (
    ApplicationFactory,
    AssignmentFactory,
    CohortFactory,
    EnrolmentFactory,
    KpiMeasurementFactory,
    SessionFactory,
    TenancyCallFactory,
)


@pytest.mark.django_db(transaction=True)
def test_draft_holders_hear_about_the_deadline_at_d3_and_d1_once_each(alice):
    firm, representative, _ = alice
    now = timezone.now()
    call = TenancyCallFactory(closes_at=now + timedelta(days=2, hours=12))
    ApplicationFactory(call=call, firm=firm)  # a draft
    ApplicationFactory(call=call, stage="submitted")  # submitted: no reminder
    assert call_deadline_reminders(now=now) == 1
    call_deadline_reminders(now=now)
    assert [m.to for m in mail.outbox] == [[representative.email]]
    call_deadline_reminders(now=now + timedelta(days=2))  # one day left
    call_deadline_reminders(now=now + timedelta(days=2))
    keys = sorted(OutboxMessage.objects.values_list("dedup_key", flat=True))
    assert [key.rsplit(":", 1)[1] for key in keys] == ["D-1", "D-3"]
    assert call_deadline_reminders(now=now + timedelta(days=3)) == 0  # closed


@pytest.mark.django_db(transaction=True)
def test_seated_participants_hear_the_day_before_the_cohort_starts_once():
    today = timezone.localdate()
    cohort = CohortFactory(starts_on=today + timedelta(days=1), ends_on=today + timedelta(days=20))
    SessionFactory(cohort=cohort)
    seated = EnrolmentFactory(cohort=cohort)
    EnrolmentFactory(cohort=cohort, state="waitlisted")
    EnrolmentFactory(cohort=CohortFactory(starts_on=today + timedelta(days=5)))
    assert cohort_start_reminders(today=today) == 1
    cohort_start_reminders(today=today)
    assert [m.to for m in mail.outbox] == [[seated.user.email]]


@pytest.mark.django_db(transaction=True)
def test_the_lead_expert_is_reminded_of_missing_after_measurements_before_and_after_the_due_date():
    assignment = AssignmentFactory(is_lead=True)  # an engagement in progress
    request = assignment.request
    today = timezone.localdate()
    request.milestones.create(kind="evaluation", due_on=today + timedelta(days=5))
    KpiMeasurementFactory(request=request, after_value=None, after_unit="", after_method="", after_on=None)
    assert kpi_after_reminders(today=today) == 1
    kpi_after_reminders(today=today)
    kpi_after_reminders(today=today + timedelta(days=6))  # now overdue: one more
    assert [m.to for m in mail.outbox] == [[assignment.expert.user.email]] * 2


@pytest.mark.django_db(transaction=True)
def test_optional_reminders_are_not_sent_to_people_who_turned_them_off(alice):
    firm, representative, _ = alice
    representative.remind_call_deadlines = False
    representative.save()
    now = timezone.now()
    ApplicationFactory(call=TenancyCallFactory(closes_at=now + timedelta(days=1)), firm=firm)
    assert call_deadline_reminders(now=now) == 0
    today = timezone.localdate()
    cohort = CohortFactory(starts_on=today + timedelta(days=1), ends_on=today + timedelta(days=9))
    quiet = EnrolmentFactory(cohort=cohort, user__remind_cohort_start=False)
    EnrolmentFactory(cohort=cohort)
    assert cohort_start_reminders(today=today) == 1
    assert quiet.user.email not in [address for message in mail.outbox for address in message.to]


@pytest.mark.django_db
def test_people_choose_their_optional_reminders_on_the_account_page(client, user):
    from django.urls import reverse

    client.force_login(user)
    response = client.post(reverse("accounts:notification_language"), {"language": "en", "remind_cohort_start": "on"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.language, user.remind_call_deadlines, user.remind_cohort_start) == ("en", False, True)
    body = client.get(reverse("accounts:privacy")).content.decode()
    assert 'name="remind_call_deadlines"' in body

"""Redis as the broker is down: every action that enqueues answers as usual, quickly, and keeps its rows;
the mail waits in the outbox and the sweep sends it once Redis is back."""

import time

import pytest
import redis
from django.core import mail
from django.urls import reverse

from portal.accounts.models import User
from portal.notifications.choices import OutboxStatus
from portal.notifications.models import OutboxMessage
from portal.notifications.tasks import outbox_send, outbox_send_due
from portal.reports.models import Report
from programs.choices import EnrolmentState
from programs.models import Enrolment
from programs.services import enrolment_apply
from tenants.choices import ApplicationStage
from tenants.models import FirmInvitation

from ..accounts.test_signup_and_login import signup_data
from ..factories import ApplicationFactory, CohortFactory, TenancyCallFactory, UserFactory
from ..tenants.test_applications import attach_required

pytestmark = pytest.mark.django_db(transaction=True)


def sign_up(client, people):
    return (
        lambda: client.post(reverse("account_signup"), signup_data()),
        lambda: User.objects.filter(email="kim@example.kr").exists(),
        "kim@example.kr",
    )


def apply_to_a_cohort(client, people):
    user, cohort = UserFactory(), CohortFactory()
    client.force_login(user)
    return (
        lambda: client.post(reverse("programs:cohort_apply", args=[cohort.pk]), {"consent": "on"}),
        lambda: Enrolment.objects.filter(user=user, cohort=cohort, state=EnrolmentState.SEATED).exists(),
        user.email,
    )


def cancel_an_enrolment(client, people):
    """The freed seat is offered to the next person, by mail."""
    user, waiting = UserFactory(), UserFactory()
    cohort = CohortFactory(capacity=1)
    enrolment = enrolment_apply(cohort=cohort, user=user, consent_given=True)
    enrolment_apply(cohort=cohort, user=waiting, consent_given=True)
    client.force_login(user)
    return (
        lambda: client.post(reverse("programs:enrolment_cancel", args=[enrolment.pk])),
        lambda: Enrolment.objects.get(pk=enrolment.pk).state == EnrolmentState.CANCELLED,
        waiting.email,
    )


def invite_a_member(client, people):
    client.force_login(people.representative)
    return (
        lambda: client.post(reverse("tenants:members"), {"email": "new.person@example.kr"}),
        lambda: FirmInvitation.objects.filter(email="new.person@example.kr").exists(),
        "new.person@example.kr",
    )


def submit_an_application(client, people):
    application = ApplicationFactory(call=TenancyCallFactory(), firm=people.firm)
    attach_required(application, people.representative)
    client.force_login(people.representative)
    return (
        lambda: client.post(reverse("tenants:application_submit", args=[application.pk])),
        lambda: type(application).objects.get(pk=application.pk).stage == ApplicationStage.SUBMITTED,
        people.representative.email,
    )


def close_a_cohort(client, people):
    from portal.accounts.roles import HUB_MANAGER, sync_roles

    from ..factories import user_in_role

    sync_roles()
    cohort = CohortFactory()
    client.force_login(user_in_role(HUB_MANAGER))
    return (
        lambda: client.post(reverse("programs:staff_cohort", args=[cohort.pk]), {"action": "close"}),
        lambda: type(cohort).objects.get(pk=cohort.pk).closed_at is not None,
        None,  # no mail; the certificates are issued by their own sweep
    )


def request_a_report(client, people):
    from portal.accounts.roles import PROGRAMME_OFFICER, sync_roles

    from ..factories import user_in_role

    sync_roles()
    client.force_login(user_in_role(PROGRAMME_OFFICER))
    return (
        lambda: client.post(reverse("reports:list"), {"month": "2026-10", "kinds": ["monthly_xlsx"]}),
        lambda: Report.objects.exists(),
        None,  # no mail; reports_resume queues it again
    )


ACTIONS = [
    sign_up,
    apply_to_a_cohort,
    cancel_an_enrolment,
    invite_a_member,
    submit_an_application,
    close_a_cohort,
    request_a_report,
]


def test_the_fixture_publishes_to_the_private_redis(celery_broker):
    outbox_send.delay(0)
    assert redis.Redis.from_url(celery_broker.url(3)).llen("mail") == 1


@pytest.mark.parametrize("action", ACTIONS, ids=lambda action: action.__name__)
def test_an_action_that_enqueues_answers_normally_with_the_broker_down(client, alice, celery_broker, action):
    perform, saved, recipient = action(client, alice)
    pending_before = OutboxMessage.objects.filter(status=OutboxStatus.PENDING).count()
    mail.outbox.clear()

    with celery_broker.down():
        started = time.monotonic()
        response = perform()
        elapsed = time.monotonic() - started

        assert response.status_code == 302, response.content[:500]
        assert elapsed < 2, f"the request took {elapsed:.1f} s with the broker down"
        assert saved()
        if recipient:
            assert OutboxMessage.objects.filter(recipient=recipient, status=OutboxStatus.PENDING).exists()
            assert OutboxMessage.objects.filter(status=OutboxStatus.PENDING).count() > pending_before
        assert mail.outbox == []

    outbox_send_due()
    if recipient:
        assert recipient in [address for message in mail.outbox for address in message.to]
        assert not OutboxMessage.objects.filter(recipient=recipient, status=OutboxStatus.PENDING).exists()


def test_a_cohort_closed_with_the_broker_down_gets_its_certificates_from_the_sweep(client, celery_broker):
    from portal.accounts.roles import HUB_MANAGER, sync_roles
    from programs.models import Certificate
    from programs.tasks import certificates_sweep

    from ..factories import user_in_role
    from ..programs.test_attendance_certificates import cohort_with_attendance

    sync_roles()
    cohort, (completed, _failed) = cohort_with_attendance([5, 1])
    client.force_login(user_in_role(HUB_MANAGER))

    with celery_broker.down():
        response = client.post(reverse("programs:staff_cohort", args=[cohort.pk]), {"action": "close"})
        assert response.status_code == 302
        assert not Certificate.objects.exists()  # the certificates_issue message was lost

    assert certificates_sweep() == 1
    assert list(Certificate.objects.values_list("enrolment_id", flat=True)) == [completed.pk]
    assert certificates_sweep() == 0

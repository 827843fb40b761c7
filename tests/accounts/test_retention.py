"""The daily retention purge and the dormancy notice: periods from the consent texts (data), each
purge written to the access records, every run idempotent."""

from datetime import date, timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from portal.accounts.choices import AccessAction
from portal.accounts.models import AccessRecord, ConsentText, User
from portal.accounts.services import accounts_notify_dormancy, consent_record_answers, retention_purge
from portal.accounts.tasks import retention_purge_daily
from portal.notifications.models import OutboxMessage
from programs.models import ConsultingAttachment, ConsultingRequest, Enrolment
from tenants.choices import MembershipRole
from tenants.models import FirmMembership

from ..factories import CertificateFactory, ConsultingRequestFactory, EnrolmentFactory, UserFactory, pdf_upload

NOW = timezone.now()


def idle_user(days: int, **fields) -> User:
    user = UserFactory(**fields)
    user.last_login = NOW - timedelta(days=days)
    user.save(update_fields=["last_login"])
    consent_record_answers(user=user, answers={"personal_info": True}, ip_address="10.0.0.9")
    return user


@pytest.mark.django_db
def test_an_account_idle_past_its_period_is_anonymised_once_and_recorded():
    gone, kept = idle_user(367), idle_user(300)
    first = retention_purge(now=NOW)
    second = retention_purge(now=NOW)
    gone.refresh_from_db()
    kept.refresh_from_db()
    assert gone.anonymised_at is not None and gone.name == "" and not gone.is_active
    assert kept.anonymised_at is None
    assert first["accounts"] == 1 and second["accounts"] == 0
    record = AccessRecord.objects.get(subject_user=gone, action=AccessAction.PURGE)
    assert record.actor is None and record.actor_label == "retention purge"
    assert "email" in record.fields


@pytest.mark.django_db
def test_the_period_is_read_from_the_consent_text_not_the_code():
    ConsentText.objects.filter(item="personal_info").update(retention_years=2)
    user = idle_user(400)
    retention_purge(now=NOW)
    user.refresh_from_db()
    assert user.anonymised_at is None


@pytest.mark.django_db
def test_staff_accounts_are_not_purged_for_inactivity():
    staff = idle_user(800, is_staff=True)
    retention_purge(now=NOW)
    staff.refresh_from_db()
    assert staff.anonymised_at is None


@pytest.mark.django_db
def test_people_in_a_staff_role_are_not_purged_for_inactivity():
    from django.contrib.auth.models import Group

    from portal.accounts.roles import CONSULTANT, sync_roles

    sync_roles()
    consultant = idle_user(800)
    consultant.groups.add(Group.objects.get(name=CONSULTANT))
    retention_purge(now=NOW)
    consultant.refresh_from_db()
    assert consultant.anonymised_at is None


@pytest.mark.django_db
def test_a_purged_last_representative_stays_in_place_for_staff_to_replace(alice):
    firm, representative, member = alice
    FirmMembership.objects.filter(user=member).delete()
    representative.last_login = NOW - timedelta(days=400)
    representative.save()
    retention_purge(now=NOW)
    representative.refresh_from_db()
    assert representative.anonymised_at is not None
    assert FirmMembership.objects.get(firm=firm).role == MembershipRole.REPRESENTATIVE


@pytest.mark.django_db
def test_training_records_go_three_years_after_the_cohort_ends():
    old = CertificateFactory(
        enrolment__cohort__starts_on=date(2022, 1, 3),
        enrolment__cohort__ends_on=date(2022, 1, 20),
        enrolment__answers={"why": "배우고 싶어서"},
        enrolment__consent_ip="10.1.1.1",
    )
    old.pdf.save("certificate.pdf", ContentFile(b"%PDF-1.7\n%%EOF\n"), save=True)
    recent = EnrolmentFactory(
        state="completed",
        cohort__starts_on=date(2024, 6, 3),
        cohort__ends_on=date(2024, 6, 20),
        answers={"why": "최근"},
    )
    now = timezone.make_aware(timezone.datetime(2026, 12, 3, 3, 30))
    counts = retention_purge(now=now)
    assert counts["programs"] == 1
    purged = Enrolment.objects.get(pk=old.enrolment_id)
    assert purged.answers == {} and purged.consent_ip is None and purged.purged_at is not None
    old.refresh_from_db()
    assert not old.pdf
    assert Enrolment.objects.get(pk=recent.pk).answers == {"why": "최근"}
    assert retention_purge(now=now)["programs"] == 0
    assert AccessRecord.objects.filter(subject_user=purged.user, export_name="programs").count() == 1


@pytest.mark.django_db
def test_the_follow_up_consent_ends_after_two_years_alone():
    enrolment = EnrolmentFactory(
        state="completed",
        cohort__starts_on=date(2024, 6, 3),
        cohort__ends_on=date(2024, 6, 20),
        consent_optional={"training_photos": True, "training_followup": True},
    )
    now = timezone.make_aware(timezone.datetime(2026, 12, 3, 3, 30))
    retention_purge(now=now)
    enrolment.refresh_from_db()
    assert enrolment.consent_optional == {"training_photos": True, "training_followup": False}
    assert enrolment.purged_at is None
    assert retention_purge(now=now)["programs"] == 0


@pytest.mark.django_db
def test_consulting_goes_five_years_after_the_engagement_ends():
    ended = timezone.make_aware(timezone.datetime(2020, 6, 1))
    old = ConsultingRequestFactory(state="completed", completed_at=ended, consent_ip="10.2.2.2")
    attachment = ConsultingAttachment.from_upload(pdf_upload(), request=old)
    attachment.save()
    young = ConsultingRequestFactory(state="completed", completed_at=NOW - timedelta(days=365), consent_ip="10.3.3.3")
    running = ConsultingRequestFactory(state="in_progress", consent_ip="10.4.4.4")
    retention_purge(now=NOW)
    old.refresh_from_db()
    assert old.consent_ip is None and old.purged_at is not None
    assert not ConsultingAttachment.objects.filter(request=old).exists()
    assert not attachment.file.storage.exists(attachment.file.name)
    assert ConsultingRequest.objects.get(pk=young.pk).consent_ip == "10.3.3.3"
    assert ConsultingRequest.objects.get(pk=running.pk).consent_ip == "10.4.4.4"


@pytest.mark.django_db
def test_a_dormant_account_gets_one_notice_thirty_days_before():
    due = idle_user(365 - 20)
    early = idle_user(365 - 60)
    assert accounts_notify_dormancy(now=NOW) == 1
    assert accounts_notify_dormancy(now=NOW) == 0
    notice = OutboxMessage.objects.get(template="account_dormancy_notice")
    assert notice.recipient == due.email
    assert not OutboxMessage.objects.filter(recipient=early.email).exists()


@pytest.mark.django_db
def test_signing_in_and_going_quiet_again_earns_a_new_notice():
    user = idle_user(365 - 20)
    accounts_notify_dormancy(now=NOW)
    later = NOW + timedelta(days=400)
    user.last_login = later - timedelta(days=365 - 10)
    user.save(update_fields=["last_login"])
    assert accounts_notify_dormancy(now=later) == 1
    assert OutboxMessage.objects.filter(template="account_dormancy_notice", user=user).count() == 2


@pytest.mark.django_db
def test_the_daily_task_runs_the_notice_and_the_purge(settings):
    idle_user(367)
    idle_user(350)
    result = retention_purge_daily.apply().get()
    assert result["dormancy_notices"] == 1
    assert result["accounts"] == 1


def test_the_purge_runs_daily_by_beat(settings):
    assert settings.CELERY_BEAT_SCHEDULE["retention-purge"]["task"] == "portal.accounts.tasks.retention_purge_daily"

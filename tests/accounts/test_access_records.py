from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from portal.accounts.access import access_record
from portal.accounts.choices import AccessAction
from portal.accounts.models import AccessRecord, AppendOnlyError
from portal.accounts.roles import AUDITOR

from ..factories import UserFactory, user_in_role


@pytest.fixture
def record(manager, alice):
    return access_record(actor=manager, action=AccessAction.VIEW, subject_user=alice.member, firm=alice.firm)


def test_access_record_takes_who_and_where_from_the_request(manager, alice):
    request = RequestFactory().get("/staff/firms/1/?tab=people", REMOTE_ADDR="203.0.113.7")
    request.user = manager
    record = access_record(
        request=request, action="export", firm=alice.firm, fields=["phone", "email", "phone"], row_count=3
    )
    assert record.actor == manager and record.actor_label == manager.email
    assert record.ip_address == "203.0.113.7"
    assert record.path == "/staff/firms/1/?tab=people"
    assert (record.firm_id, record.firm_label) == (alice.firm.pk, str(alice.firm))
    assert record.fields == ["email", "phone"] and record.row_count == 3


def test_access_record_follows_the_trusted_proxy_count_like_allauth(settings, manager):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.4")
    request.user = manager
    assert access_record(request=request, action="view").ip_address == "198.51.100.4"


def test_a_system_job_records_under_its_own_name(db):
    record = access_record(action=AccessAction.PURGE, actor_label="retention purge", row_count=12)
    assert record.actor is None and record.actor_label == "retention purge"


def test_an_unknown_action_is_refused(manager):
    with pytest.raises(ValueError):
        access_record(actor=manager, action="edit")


def test_a_record_cannot_be_changed_or_deleted_through_the_model(record):
    record.row_count = 99
    with pytest.raises(AppendOnlyError):
        record.save()
    with pytest.raises(AppendOnlyError):
        record.delete()
    with pytest.raises(AppendOnlyError):
        AccessRecord.objects.filter(pk=record.pk).update(row_count=0)
    with pytest.raises(AppendOnlyError):
        AccessRecord.objects.all().delete()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_the_database_refuses_update_and_early_delete(record):
    for sql in (
        "UPDATE accounts_accessrecord SET row_count = 0 WHERE id = %s",
        "DELETE FROM accounts_accessrecord WHERE id = %s",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [record.pk])
    assert AccessRecord.objects.filter(pk=record.pk, row_count=1).exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_the_database_lets_a_record_older_than_two_years_go(manager):
    old = AccessRecord.objects.create(
        actor=manager, actor_label=manager.email, action="view", occurred_at=timezone.now() - timedelta(days=731)
    )
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM accounts_accessrecord WHERE id = %s", [old.pk])
    assert not AccessRecord.objects.filter(pk=old.pk).exists()


def test_a_person_with_access_records_cannot_be_deleted(record, alice):
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        alice.member.delete()


def test_the_auditor_may_only_view_access_records(roles):
    auditor = user_in_role(AUDITOR, is_staff=True)
    assert auditor.get_all_permissions() == {"accounts.view_accessrecord"}


def test_the_admin_shows_access_records_read_only(client, roles, record):
    auditor = user_in_role(AUDITOR, is_staff=True)
    client.force_login(auditor)
    assert client.get("/admin/accounts/accessrecord/").status_code == 200
    page = client.get(f"/admin/accounts/accessrecord/{record.pk}/change/")
    assert page.status_code == 200
    assert b'name="row_count"' not in page.content
    assert client.post(f"/admin/accounts/accessrecord/{record.pk}/change/", {"row_count": 0}).status_code == 403
    assert client.get(f"/admin/accounts/accessrecord/{record.pk}/delete/").status_code == 403
    assert client.get("/admin/accounts/accessrecord/add/").status_code == 403


def test_other_staff_do_not_see_access_records_in_the_admin(client, manager, record):
    manager.is_staff = True
    manager.save()
    client.force_login(manager)
    assert client.get("/admin/accounts/accessrecord/").status_code == 403


def test_a_superuser_cannot_change_one_in_the_admin_either(client, record):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert client.post(f"/admin/accounts/accessrecord/{record.pk}/change/", {"row_count": 0}).status_code == 403


@pytest.mark.parametrize(("language", "label"), [("ko", "대표자명"), ("en", "representative's name")])
def test_the_auditor_reads_the_fields_shown_in_words_not_as_recorded(client, roles, manager, language, label):
    access_record(actor=manager, action=AccessAction.VIEW, fields=["representative_name", "unlisted_field"])
    client.force_login(user_in_role(AUDITOR))
    page = client.get(reverse("access_records:list"), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert label in page.replace("&#x27;", "'") and "representative_name" not in page
    assert "unlisted_field" in page  # a name without a label is shown as recorded, never dropped

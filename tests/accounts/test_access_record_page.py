"""The auditor's page of access records and the monthly check of bulk exports."""

from datetime import date, datetime, timedelta
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from portal.accounts.access import access_record, access_records_check_bulk_exports, bulk_export_findings
from portal.accounts.access_tasks import access_records_monthly_check
from portal.accounts.models import AccessRecord
from portal.accounts.roles import AUDITOR
from portal.notifications.models import OutboxMessage
from portal.time import KST, hub_today

from ..factories import UserFactory, user_in_role

pytestmark = pytest.mark.django_db
URL = reverse("access_records:list")


@pytest.fixture
def auditor(roles):
    return user_in_role(AUDITOR, email="auditor@example.kr")


@pytest.fixture
def auditor_client(client, auditor):
    client.force_login(auditor)
    return client


def record_at(moment, *, actor, action="view", firm=None, **fields):
    """A record written at ``moment`` (records cannot be back-dated once written)."""
    return AccessRecord.objects.create(
        occurred_at=moment,
        actor=actor,
        actor_label=actor.email,
        action=action,
        firm_id=firm.pk if firm else None,
        firm_label=str(firm) if firm else "",
        **fields,
    )


def test_only_the_auditor_opens_the_access_records(client, auditor_client, manager, alice):
    assert auditor_client.get(URL).status_code == 200
    client.force_login(manager)
    assert client.get(URL).status_code == 403
    client.force_login(alice.representative)
    assert client.get(URL).status_code == 403


def test_the_page_lists_records_and_is_itself_recorded(auditor_client, auditor, manager, alice):
    access_record(actor=manager, action="view", subject_user=alice.member, firm=alice.firm)
    response = auditor_client.get(URL)
    assert manager.email in response.content.decode()
    assert alice.member.email in response.content.decode()
    latest = AccessRecord.objects.first()
    assert (latest.actor, latest.action, latest.view_name) == (auditor, "search", "access_records:list")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"actor": "OFFICER"}, {"officer-view"}),
        ({"subject": "bob"}, {"officer-view"}),
        ({"action": "export"}, {"manager-export"}),
        ({"date_from": "2026-11-02", "date_to": "2026-11-30"}, {"officer-view"}),
    ],
)
def test_the_filters(auditor_client, manager, officer, alice, bob, query, expected):
    record_at(
        datetime(2026, 11, 1, 8, tzinfo=KST),
        actor=manager,
        action="export",
        firm=alice.firm,
        export_name="manager-export",
    )
    record_at(datetime(2026, 11, 5, 8, tzinfo=KST), actor=officer, firm=bob.firm, export_name="officer-view")
    query = {key: officer.email if value == "OFFICER" else value for key, value in query.items()}
    response = auditor_client.get(URL, query)
    assert {record.export_name for record in response.context["page"]} == expected


@pytest.mark.parametrize(
    "query", [{"date_from": "9999-99-99"}, {"date_to": "0001-01-01"}, {"actor": "9" * 40}, {"page": "x"}]
)
def test_bad_filters_are_not_a_500(auditor_client, query):
    assert auditor_client.get(URL, query).status_code == 200


def test_the_page_is_paginated(auditor_client, manager):
    AccessRecord.objects.bulk_create(
        AccessRecord(actor=manager, actor_label=manager.email, action="view") for _ in range(51)
    )
    first = auditor_client.get(URL)
    assert len(first.context["page"].object_list) == 50
    # 51 and the record of the first page itself
    assert len(auditor_client.get(URL, {"page": 2}).context["page"].object_list) == 2


@pytest.mark.parametrize("rows", [1, 30])
def test_the_page_queries_do_not_grow_with_rows(auditor_client, manager, alice, django_assert_max_num_queries, rows):
    for _ in range(rows):
        access_record(actor=manager, action="view", subject_user=alice.member, firm=alice.firm)
    # session, user, two for permissions, count, page, the layout's membership, the record of this page
    with django_assert_max_num_queries(8):
        assert auditor_client.get(URL).status_code == 200


def test_the_xlsx_export_holds_the_filtered_rows_and_is_recorded(auditor_client, auditor, manager, officer):
    access_record(actor=manager, action="export", export_name="firms.xlsx", row_count=56)
    access_record(actor=officer, action="view")
    response = auditor_client.get(URL, {"export": "xlsx", "actor": manager.email})
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    assert len(values) == 1 and values[0][1] == manager.email and values[0][-1] == 56
    export = AccessRecord.objects.first()
    assert (export.actor, export.action, export.row_count) == (auditor, "export", 1)


def test_the_admin_is_not_the_only_way_in_nor_a_way_to_change(auditor_client):
    assert auditor_client.get("/admin/accounts/accessrecord/add/").status_code in (302, 403)


# The monthly check ---------------------------------------------------------------------------


def test_a_month_of_many_exported_rows_is_flagged(settings, manager, officer):
    settings.ACCESS_RECORDS_BULK_EXPORT_ROWS = 100
    november = datetime(2026, 11, 20, 10, tzinfo=KST)
    record_at(november, actor=manager, action="export", row_count=60)
    record_at(november + timedelta(days=3), actor=manager, action="export", row_count=60)
    record_at(november, actor=officer, action="export", row_count=100)  # at the threshold: not flagged
    record_at(datetime(2026, 12, 1, 0, 30, tzinfo=KST), actor=officer, action="export", row_count=500)  # December
    findings = bulk_export_findings(month=date(2026, 11, 1))
    assert findings == [{"actor": manager.email, "kind": "rows", "day": "", "count": 120}]


def test_many_exports_in_one_day_are_flagged(settings, manager):
    settings.ACCESS_RECORDS_BULK_EXPORTS_PER_DAY = 2
    for hour in (9, 10, 11):
        record_at(datetime(2026, 11, 3, hour, tzinfo=KST), actor=manager, action="export")
    record_at(datetime(2026, 11, 4, 9, tzinfo=KST), actor=manager, action="export")
    findings = bulk_export_findings(month=date(2026, 11, 1))
    assert findings == [{"actor": manager.email, "kind": "exports", "day": "2026-11-03", "count": 3}]


def test_the_check_mails_every_auditor_once(settings, roles, manager, django_capture_on_commit_callbacks, mailoutbox):
    settings.ACCESS_RECORDS_BULK_EXPORT_ROWS = 10
    auditors = [user_in_role(AUDITOR), user_in_role(AUDITOR)]
    user_in_role(AUDITOR, is_active=False)
    UserFactory()  # not an auditor
    record_at(datetime(2026, 11, 3, 9, tzinfo=KST), actor=manager, action="export", row_count=11)
    with django_capture_on_commit_callbacks(execute=True):
        assert access_records_check_bulk_exports(month=date(2026, 11, 1)) == 1
        access_records_check_bulk_exports(month=date(2026, 11, 1))
    messages = OutboxMessage.objects.filter(template="access_bulk_exports")
    assert sorted(message.recipient for message in messages) == sorted(person.email for person in auditors)
    assert {message.status for message in messages} == {"sent"}
    assert len(mailoutbox) == 2
    assert manager.email in mailoutbox[0].body and "11" in mailoutbox[0].body
    assert "2026-11" in mailoutbox[0].subject


def test_a_quiet_month_mails_nobody(roles, manager):
    user_in_role(AUDITOR)
    record_at(datetime(2026, 11, 3, 9, tzinfo=KST), actor=manager, action="export", row_count=3)
    assert access_records_check_bulk_exports(month=date(2026, 11, 1)) == 0
    assert not OutboxMessage.objects.exists()


def test_the_task_checks_the_month_just_ended(settings, roles, manager):
    settings.ACCESS_RECORDS_BULK_EXPORT_ROWS = 0
    user_in_role(AUDITOR)
    last_month = hub_today().replace(day=1) - timedelta(days=1)
    record_at(
        datetime(last_month.year, last_month.month, 15, 12, tzinfo=KST), actor=manager, action="export", row_count=1
    )
    assert access_records_monthly_check() == 1

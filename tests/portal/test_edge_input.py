"""Input no page can mean is refused at the edge with a 400, and a broker outage never turns a saved
action into a 500."""

from unittest import mock

import pytest
from django.db import transaction
from django.urls import reverse

from portal.notifications.choices import OutboxStatus
from portal.notifications.models import OutboxMessage
from portal.notifications.services import notify
from portal.parsers import JSON_MAX_BYTES, JSON_MAX_DEPTH, json_depth


@pytest.mark.parametrize("url", ["/programs/?q=%00", "/tenants/?q=a%00b", "/calls/%00/", "/api/directory/?q=%00"])
def test_a_nul_byte_in_the_path_or_query_is_a_400_before_any_query(db, client, url, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(url)
    assert response.status_code == 400


def test_an_ordinary_query_still_reaches_the_page(client, db):
    assert client.get("/programs/?q=AI").status_code == 200


@pytest.mark.parametrize(
    ("text", "depth"), [(b"{}", 1), (b'{"a": [1, {"b": []}]}', 4), (b'["[[[[", "\\"[["]', 1), (b"1", 0)]
)
def test_json_depth_counts_nesting_outside_strings(text, depth):
    assert json_depth(text) == depth


@pytest.mark.parametrize(
    "body",
    [b"[" * 100_000, b'{"a":' * (JSON_MAX_DEPTH + 1) + b"1" + b"}" * (JSON_MAX_DEPTH + 1), b" " * (JSON_MAX_BYTES + 1)],
    ids=["deep-array", "deep-object", "too-large"],
)
def test_a_hostile_json_body_to_an_api_write_is_a_400(api_client, alice, body):
    api_client.force_authenticate(alice[1])
    response = api_client.post(reverse("application-list"), data=body, content_type="application/json")
    assert response.status_code == 400
    assert "detail" in response.json()


@pytest.mark.django_db(transaction=True)
def test_notify_with_the_broker_down_keeps_the_row_for_the_periodic_send():
    broker_down = mock.patch("portal.notifications.tasks.outbox_send.delay", side_effect=ConnectionError("down"))
    with broker_down, transaction.atomic():
        notify(recipient="a@example.kr", template="firm_invitation", context={}, dedup_key="broker-down")
    message = OutboxMessage.objects.get(dedup_key="broker-down")
    assert message.status == OutboxStatus.PENDING

"""Input no page can mean is refused at the edge with a 400, and a broker outage never turns a saved
action into a 500."""

from unittest import mock

import pytest
from django.db import transaction
from django.urls import Resolver404, resolve, reverse

from portal.forms import MAX_ID, int_or_none
from portal.notifications.choices import OutboxStatus
from portal.notifications.models import OutboxMessage
from portal.notifications.services import notify
from portal.parsers import JSON_MAX_BYTES, JSON_MAX_DEPTH, json_depth

from ..factories import CohortFactory, LeaseFactory, MOUFactory, ObligationFactory

HUGE = "99999999999999999999"  # beyond PostgreSQL's bigint


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


# Months and day windows: bounded in the core filters (portal/filters.py) -------------------------


@pytest.mark.parametrize("month", ["9999-12", "1999-12", "2101-01", "0001-01"])
def test_a_month_out_of_range_is_a_400_from_the_cohort_api(api_client, db, month):
    CohortFactory()
    response = api_client.get(reverse("cohort-list"), {"month": month})
    assert response.status_code == 400
    assert "month" in response.json()


@pytest.mark.parametrize("month", ["9999-12", "1999-12"])
def test_a_month_out_of_range_is_a_form_error_on_the_catalogue(client, db, month):
    CohortFactory()
    response = client.get(reverse("programs:catalogue"), {"month": month}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response.context["filter"].errors["month"] == ["Give a month from 2000-01 to 2100-12."]
    assert len(response.context["page"].object_list) == 1  # the filter is ignored


def test_the_last_month_in_range_still_filters(api_client, db):
    CohortFactory()
    response = api_client.get(reverse("cohort-list"), {"month": "2100-12"})
    assert response.status_code == 200
    assert response.json()["count"] == 0


DAY_WINDOWS = [
    ("lease-list", "tenants:staff_leases", "ending_within_days"),
    ("mou-list", "partners:staff_mous", "expiring_within_days"),
    ("obligation-list", "partners:staff_obligations", "due_within_days"),
]


@pytest.fixture
def day_window_records(db):
    LeaseFactory()
    ObligationFactory(mou=MOUFactory())


@pytest.mark.parametrize(("api_name", "html_name", "parameter"), DAY_WINDOWS)
@pytest.mark.parametrize("days", ["99999999", "1e99", "-1", "1.5", HUGE])
def test_a_day_window_out_of_range_is_a_400_from_the_api(
    api_client, manager, day_window_records, api_name, html_name, parameter, days
):
    api_client.force_authenticate(manager)
    response = api_client.get(reverse(api_name), {parameter: days})
    assert response.status_code == 400
    assert parameter in response.json()


@pytest.mark.parametrize(("api_name", "html_name", "parameter"), DAY_WINDOWS)
@pytest.mark.parametrize("days", ["99999999", "1e99", "-1"])
def test_a_day_window_out_of_range_is_a_form_error_on_the_staff_list(
    staff_client, day_window_records, api_name, html_name, parameter, days
):
    response = staff_client.get(reverse(html_name), {parameter: days})
    assert response.status_code == 200
    assert parameter in response.context["filter_form"].errors


@pytest.mark.parametrize(("api_name", "html_name", "parameter"), DAY_WINDOWS)
def test_the_longest_day_window_still_filters(api_client, manager, day_window_records, api_name, html_name, parameter):
    api_client.force_authenticate(manager)
    assert api_client.get(reverse(api_name), {parameter: "3650"}).status_code == 200


# Ids: numeric routes for every API detail, bounded posted ids -------------------------------------


@pytest.mark.parametrize(
    "path", ["/api/mous/abc/sign/", "/api/cohorts/abc/", f"/api/mous/{HUGE}/", "/api/applications/1/attachments/x/"]
)
def test_an_api_detail_route_matches_numeric_ids_only(path):
    with pytest.raises(Resolver404):
        resolve(path)


@pytest.mark.parametrize("pk", ["abc", HUGE, "-1", "1e99"])
def test_a_non_numeric_or_huge_id_to_an_api_action_is_a_404(api_client, manager, pk):
    api_client.force_authenticate(manager)
    assert api_client.post(f"/api/mous/{pk}/sign/", {}, format="json").status_code == 404


@pytest.mark.parametrize(("value", "expected"), [("12", 12), ("abc", None), (None, None), (HUGE, None), ("0", None)])
def test_int_or_none_gives_only_possible_ids(value, expected):
    assert int_or_none(value) == expected
    assert int_or_none(str(MAX_ID)) == MAX_ID


@pytest.mark.parametrize("target", ["abc", HUGE, "1e99"])
def test_a_posted_kpi_target_that_is_no_id_is_a_404(staff_client, target):
    response = staff_client.post(reverse("programs:staff_targets"), {"target": target})
    assert response.status_code == 404


# Huge numbers in query filters ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [f"/api/spaces/?site={HUGE}", "/api/spaces/?site=1e99", f"/api/applications/?call={HUGE}"],
)
def test_a_huge_or_non_numeric_related_filter_is_a_400(api_client, manager, url):
    api_client.force_authenticate(manager)
    assert api_client.get(url).status_code == 400


@pytest.mark.parametrize("page", [HUGE, "1e99", "-1", "abc"])
def test_a_page_beyond_the_list_is_a_404_from_the_api_and_the_last_page_in_html(api_client, client, db, page):
    CohortFactory()
    assert api_client.get(reverse("cohort-list"), {"page": page}).status_code == 404
    assert client.get(reverse("programs:catalogue"), {"page": page}).status_code == 200

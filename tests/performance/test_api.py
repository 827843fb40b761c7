"""The performance API: the firm writes its figures while a draft (400 with field errors otherwise),
staff read and act, and the public aggregate."""

import pytest

from tenants.performance.choices import ReturnStatus

from .conftest import return_of

pytestmark = pytest.mark.django_db


def test_the_firm_fills_in_and_submits_over_the_api(open_round, alice, api_client):
    api_client.force_authenticate(alice.representative)
    url = f"/api/performance-returns/{return_of(alice, open_round).pk}/"

    response = api_client.patch(url, {"revenue": 300_000_000, "employees_full_time": 4}, format="json")
    assert response.status_code == 200 and response.json()["revenue"] == 300_000_000
    response = api_client.post(f"{url}submit/")
    assert response.status_code == 200 and response.json()["status"] == ReturnStatus.SUBMITTED

    response = api_client.patch(url, {"revenue": 1}, format="json")
    assert response.status_code == 400 and "non_field_errors" in response.json()


def test_bad_figures_are_400_with_field_errors(open_round, alice, api_client):
    api_client.force_authenticate(alice.representative)
    url = f"/api/performance-returns/{return_of(alice, open_round).pk}/"
    response = api_client.patch(url, {"revenue": -5, "employees_full_time": 10**9}, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"revenue", "employees_full_time"}
    response = api_client.patch(
        url, {"employees_full_time": 2, "employees_part_time": 0, "new_hires": 9}, format="json"
    )
    assert response.status_code == 400 and "new_hires" in response.json()
    response = api_client.post(f"{url}submit/")
    assert response.status_code == 400 and "revenue" in response.json()


def test_a_member_without_the_right_to_report_is_refused(open_round, alice, api_client):
    api_client.force_authenticate(alice.member)
    url = f"/api/performance-returns/{return_of(alice, open_round).pk}/"
    assert api_client.get(url).status_code == 200
    assert api_client.patch(url, {"revenue": 1}, format="json").status_code == 403


def test_staff_send_back_and_accept_over_the_api(submitted, manager, api_client):
    api_client.force_authenticate(manager)
    url = f"/api/staff/performance-returns/{submitted.pk}/"
    assert api_client.post(f"{url}return/", {"comments": {}}, format="json").status_code == 400
    response = api_client.post(f"{url}return/", {"comments": {"revenue": "확인 필요"}}, format="json")
    assert response.status_code == 200 and response.json()["staff_comments"] == {"revenue": "확인 필요"}
    assert api_client.post(f"{url}accept/", {}, format="json").status_code == 400  # returned: the firm acts first
    listing = api_client.get("/api/staff/performance-returns/", {"state": "returned"}).json()
    assert [item["id"] for item in listing["results"]] == [submitted.pk]


def test_a_programme_officer_reads_and_reviews_but_a_firm_cannot(submitted, officer, api_client):
    api_client.force_authenticate(officer)
    assert api_client.get("/api/staff/performance-returns/").status_code == 200
    assert (
        api_client.post(f"/api/staff/performance-returns/{submitted.pk}/accept/", {}, format="json").status_code == 200
    )

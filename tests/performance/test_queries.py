"""The staff and firm pages and the API lists take the same number of queries for 1 firm as for many."""

import pytest

from tenants.performance.services import round_open

from ..factories import FirmFactory, LeaseFactory, MembershipFactory
from .conftest import accepted_return, new_round, return_of

pytestmark = pytest.mark.django_db

ROUND_PAGE_QUERIES = 14
FIRM_PAGE_QUERIES = 20
API_QUERIES = 12


def _firms(count):
    firms = []
    for _index in range(count):
        firm = FirmFactory()
        MembershipFactory(firm=firm, role="representative")
        LeaseFactory(firm=firm)
        firms.append(firm)
    return firms


@pytest.fixture(params=[1, 12], ids=["one firm", "many firms"])
def opened(request, db):
    _firms(request.param)
    round_ = new_round()
    round_open(round_=round_)
    return round_


def test_the_round_page_and_its_export_do_not_grow_with_firms(opened, staff_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(ROUND_PAGE_QUERIES):
        assert staff_client.get(opened.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(ROUND_PAGE_QUERIES):
        assert staff_client.get(opened.get_absolute_url(), {"export": "xlsx"}).status_code == 200
    with django_assert_max_num_queries(ROUND_PAGE_QUERIES):
        assert staff_client.get("/staff/performance/").status_code == 200


def test_the_staff_api_list_does_not_grow_with_firms(opened, manager, api_client, django_assert_max_num_queries):
    api_client.force_authenticate(manager)
    with django_assert_max_num_queries(API_QUERIES):
        response = api_client.get("/api/staff/performance-returns/")
    assert response.status_code == 200 and response.json()["count"] >= 1


@pytest.fixture(params=[1, 5], ids=["one round", "many rounds"])
def history(request, residents, manager):
    alice, _bob = residents
    for index in range(request.param):
        round_ = new_round(f"회차 {index}", title_en=f"Round {index}")
        round_open(round_=round_)
        accepted_return(alice, round_, manager=manager, revenue=100_000_000 * (index + 1))
    return return_of(alice, round_)


def test_the_firms_pages_do_not_grow_with_rounds(history, alice, client, api_client, django_assert_max_num_queries):
    client.force_login(alice.representative)
    with django_assert_max_num_queries(FIRM_PAGE_QUERIES):
        assert client.get("/my/performance/").status_code == 200
    with django_assert_max_num_queries(FIRM_PAGE_QUERIES):
        assert client.get(history.get_absolute_url()).status_code == 200
    api_client.force_authenticate(alice.representative)
    with django_assert_max_num_queries(API_QUERIES):
        assert api_client.get("/api/performance-returns/").status_code == 200


def test_the_public_outcomes_page_does_not_grow_with_firms(opened, client, django_assert_max_num_queries):
    with django_assert_max_num_queries(FIRM_PAGE_QUERIES):
        assert client.get("/api/performance-outcomes/").status_code == 200

"""The BRN is searchable only by staff who may see it, and only as the whole number (issue 15).

Anonymous ``/api/firms/?q=<digits>`` used to match ``brn__startswith``: a hidden BRN came back
digit by digit in 27 requests.
"""

import pytest
from django.urls import reverse

from ..factories import FirmFactory


@pytest.fixture
def public_firm(db):
    return FirmFactory(name="(주)공개검색", name_en="Public Search", public_profile=True)


def _ids(response):
    return [row["id"] for row in response.json()["results"]]


@pytest.mark.parametrize("prefix_length", [3, 5, 9])
def test_anonymous_search_by_brn_prefix_finds_nothing(api_client, public_firm, prefix_length):
    response = api_client.get(reverse("firm-list"), {"q": public_firm.brn[:prefix_length]})
    assert response.status_code == 200
    assert _ids(response) == []


def test_anonymous_search_by_the_whole_brn_finds_nothing(api_client, public_firm):
    for query in (public_firm.brn, public_firm.brn_display):
        assert _ids(api_client.get(reverse("firm-list"), {"q": query})) == []


def test_firm_user_search_by_brn_finds_neither_own_nor_other_firm(api_client, alice, public_firm):
    api_client.force_authenticate(alice.representative)
    for firm in (alice.firm, public_firm):
        assert _ids(api_client.get(reverse("firm-list"), {"q": firm.brn[:6]})) == []
        assert _ids(api_client.get(reverse("firm-list"), {"q": firm.brn})) == []


def test_the_name_search_still_works_for_everyone(api_client, public_firm):
    assert _ids(api_client.get(reverse("firm-list"), {"q": "공개검색"})) == [public_firm.pk]


def test_staff_who_may_view_the_brn_find_the_firm_by_its_whole_brn(api_client, officer, public_firm):
    api_client.force_authenticate(officer)
    assert _ids(api_client.get(reverse("firm-list"), {"q": public_firm.brn_display})) == [public_firm.pk]
    assert _ids(api_client.get(reverse("firm-list"), {"q": public_firm.brn})) == [public_firm.pk]
    # Not by a prefix: the exact number only.
    assert _ids(api_client.get(reverse("firm-list"), {"q": public_firm.brn[:5]})) == []


def test_staff_firm_list_finds_by_whole_brn(officer_client, alice):
    response = officer_client.get(reverse("tenants:staff_firms"), {"q": alice.firm.brn_display})
    assert alice.firm.name in response.content.decode()


def test_public_directory_search_never_matches_a_brn(client, public_firm):
    from ..factories import LeaseFactory

    LeaseFactory(firm=public_firm)
    assert public_firm.name in client.get(reverse("tenants:directory"), {"q": "공개"}).content.decode()
    for query in (public_firm.brn, public_firm.brn[:4]):
        response = client.get(reverse("tenants:directory"), {"q": query})
        assert public_firm.name not in response.content.decode()

import pytest
from django.urls import reverse

from tenants.choices import MembershipRole

from ..factories import FirmFactory, MembershipFactory


@pytest.mark.django_db
def test_anonymous_list_shows_only_public_profiles_with_public_fields(api_client):
    FirmFactory(name="공개기업", public_profile=True)
    FirmFactory(name="비공개기업", public_profile=False)
    data = api_client.get(reverse("firm-list")).json()
    assert [row["name"] for row in data["results"]] == ["공개기업"]
    assert set(data["results"][0]) == {
        "id",
        "name",
        "name_en",
        "industry",
        "description",
        "description_en",
        "website",
        "logo_url",
    }


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 40])
def test_firm_list_runs_a_constant_number_of_queries(api_client, django_assert_max_num_queries, rows):
    for _ in range(rows):
        FirmFactory(public_profile=True)
    membership = MembershipFactory(role=MembershipRole.REPRESENTATIVE)
    api_client.force_authenticate(membership.user)
    # session-less token-free request: membership lookup, permission lookups, count, page
    with django_assert_max_num_queries(6):
        response = api_client.get(reverse("firm-list"), {"page_size": 50})
    assert response.status_code == 200


@pytest.mark.django_db
def test_representative_updates_own_firm_and_bad_input_names_the_field(api_client, alice):
    firm, representative, _ = alice
    api_client.force_authenticate(representative)
    url = reverse("firm-detail", args=[firm.pk])
    response = api_client.patch(url, {"postal_code": "12", "phone": "12"}, format="json")
    assert response.status_code == 400
    assert set(response.json()) >= {"postal_code", "phone"}
    response = api_client.patch(url, {"employees": 25, "phone": "010 1234 5678"}, format="json")
    assert response.status_code == 200
    assert response.json()["phone"] == "010-1234-5678"
    firm.refresh_from_db()
    assert firm.employees == 25


@pytest.mark.django_db
def test_brn_cannot_be_changed_over_the_api(api_client, alice):
    firm, representative, _ = alice
    api_client.force_authenticate(representative)
    api_client.patch(reverse("firm-detail", args=[firm.pk]), {"brn": "2208162517"}, format="json")
    firm.refresh_from_db()
    assert firm.brn != "2208162517"


@pytest.mark.django_db
def test_member_cannot_update_the_firm(api_client, alice):
    firm, _, member = alice
    api_client.force_authenticate(member)
    employees = firm.employees
    response = api_client.patch(reverse("firm-detail", args=[firm.pk]), {"employees": 999}, format="json")
    assert response.status_code == 404
    firm.refresh_from_db()
    assert firm.employees == employees != 999


@pytest.mark.django_db
def test_staff_with_view_permission_see_full_records(api_client, alice):
    from django.contrib.auth.models import Group

    from portal.accounts.roles import PROGRAMME_OFFICER, sync_roles

    from ..factories import UserFactory

    sync_roles()
    officer = UserFactory(is_staff=True)
    officer.groups.add(Group.objects.get(name=PROGRAMME_OFFICER))
    api_client.force_authenticate(officer)
    data = api_client.get(reverse("firm-detail", args=[alice[0].pk])).json()
    assert data["brn"] == alice[0].brn


@pytest.mark.django_db
def test_api_schema_and_docs_are_served(api_client):
    schema = api_client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/firms/" in schema.content
    assert api_client.get("/api/docs/").status_code == 200


@pytest.mark.django_db
def test_token_authentication_works(api_client, alice):
    from knox.models import AuthToken

    _token, text = AuthToken.objects.create(user=alice[1])
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {text}")
    assert api_client.get(reverse("api-me")).json()["firm_id"] == alice[0].pk

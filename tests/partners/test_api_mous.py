"""The partners and MOU API: public partners and MOUs, staff-only MOU details and obligations, 400s per field."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from portal.accounts.roles import HUB_MANAGER, sync_roles
from portal.time import hub_today
from tenants.partners.choices import MOUStatus, PartnerKind
from tenants.partners.models import MOU
from tenants.partners.services import mou_create, mou_terminate, obligation_complete

from ..factories import MOUFactory, ObligationFactory, PartnerContactFactory, PartnerFactory, UserFactory


def days(offset: int):
    return hub_today() + timedelta(days=offset)


@pytest.fixture
def manager(db):
    sync_roles()
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=HUB_MANAGER))
    return user


@pytest.fixture
def partnerships(db):
    megazone = PartnerFactory(name="메가존클라우드", name_en="Megazone Cloud", brn="1248100998")
    hidden = PartnerFactory(name="비공개기관", kind=PartnerKind.MANUFACTURER)
    contact = PartnerContactFactory(partner=megazone, email="private.person@megazone.example.kr")
    public = MOUFactory(partners=[megazone], title="공개 협약")
    private = MOUFactory(partners=[megazone, hidden], title="비공개 협약", is_public=False)
    draft = mou_create(partners=[hidden], title="초안 협약", purpose="검토 중", effective_from=days(10), is_public=True)
    return {
        "megazone": megazone,
        "hidden": hidden,
        "contact": contact,
        "public": public,
        "private": private,
        "draft": draft,
    }


def as_person(api_client, alice, who, manager=None):
    _, representative, member = alice
    person = {"representative": representative, "member": member, "manager": manager}.get(who)
    if person is not None:
        api_client.force_authenticate(person)
    return api_client


# Partners


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["anonymous", "representative", "member"])
def test_partners_are_those_of_public_mous_without_brn_or_contacts(api_client, partnerships, alice, who):
    response = as_person(api_client, alice, who).get(reverse("partner-list"))
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [row["name"] for row in rows] == ["메가존클라우드"]
    assert [mou["title"] for mou in rows[0]["public_mous"]] == ["공개 협약"]
    assert "brn" not in rows[0] and "contacts" not in rows[0]
    assert "private.person" not in response.content.decode()
    hidden = api_client.get(reverse("partner-detail", args=[partnerships["hidden"].pk]))
    assert hidden.status_code == 404


@pytest.mark.django_db
def test_staff_see_every_partner_with_its_brn_and_contacts(api_client, partnerships, manager):
    api_client.force_authenticate(manager)
    rows = {row["name"]: row for row in api_client.get(reverse("partner-list")).json()["results"]}
    assert set(rows) == {"메가존클라우드", "비공개기관"}
    assert rows["메가존클라우드"]["brn"] == "1248100998"
    assert [contact["email"] for contact in rows["메가존클라우드"]["contacts"]] == [partnerships["contact"].email]
    # Public MOUs only, even for staff: the list says what the public site shows.
    assert [mou["title"] for mou in rows["메가존클라우드"]["public_mous"]] == ["공개 협약"]


@pytest.mark.django_db
def test_viewing_partners_without_the_contact_permission_shows_no_contacts(api_client, partnerships):
    viewer = UserFactory()
    viewer.user_permissions.add(Permission.objects.get(codename="view_partner"))
    api_client.force_authenticate(viewer)
    row = api_client.get(reverse("partner-detail", args=[partnerships["megazone"].pk])).json()
    assert row["brn"] == "1248100998"
    assert "contacts" not in row


# MOUs


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["anonymous", "representative", "member"])
def test_the_public_sees_only_public_signed_mous_and_their_public_fields(api_client, partnerships, alice, who):
    client = as_person(api_client, alice, who)
    rows = client.get(reverse("mou-list")).json()["results"]
    assert [row["title"] for row in rows] == ["공개 협약"]
    assert set(rows[0]) == {
        "id",
        "title",
        "title_en",
        "purpose",
        "purpose_en",
        "partners",
        "status",
        "status_label",
        "signed_on",
        "effective_from",
        "expires_on",
    }
    for hidden in ("private", "draft"):
        assert client.get(reverse("mou-detail", args=[partnerships[hidden].pk])).status_code == 404


@pytest.mark.django_db
def test_a_firm_concerned_by_a_private_mou_still_cannot_see_it(api_client, partnerships, alice):
    firm, representative, _ = alice
    partnerships["private"].firms.add(firm)
    api_client.force_authenticate(representative)
    assert api_client.get(reverse("mou-detail", args=[partnerships["private"].pk])).status_code == 404


@pytest.mark.django_db
def test_staff_see_every_mou_with_terms_counts_and_renewal_dates(api_client, partnerships, manager):
    private = partnerships["private"]
    ObligationFactory(mou=private, due_on=days(-2))
    ObligationFactory(mou=private, due_on=days(5))
    obligation_complete(obligation=ObligationFactory(mou=private, due_on=days(-9)))
    api_client.force_authenticate(manager)
    rows = {row["title"]: row for row in api_client.get(reverse("mou-list")).json()["results"]}
    assert set(rows) == {"공개 협약", "비공개 협약", "초안 협약"}
    row = rows["비공개 협약"]
    assert (row["open_obligations"], row["overdue_obligations"]) == (2, 1)
    assert row["is_public"] is False
    assert row["notice_deadline"] == private.notice_deadline.isoformat()
    assert row["next_term"] is None


@pytest.mark.django_db
def test_mou_filters_are_the_staff_pages_filters(api_client, partnerships, manager):
    api_client.force_authenticate(manager)

    def titles(query):
        return {row["title"] for row in api_client.get(reverse("mou-list"), query).json()["results"]}

    assert titles({"status": "draft"}) == {"초안 협약"}
    assert titles({"partner": partnerships["hidden"].pk}) == {"비공개 협약", "초안 협약"}
    assert titles({"partner_kind": "manufacturer"}) == {"비공개 협약", "초안 협약"}
    assert titles({"q": "Megazone"}) == {"공개 협약", "비공개 협약"}
    assert titles({"expiring_within_days": 400}) == {"공개 협약", "비공개 협약"}


@pytest.mark.django_db
def test_filtering_by_a_hidden_partner_tells_the_public_nothing(api_client, partnerships):
    hidden = api_client.get(reverse("mou-list"), {"partner": partnerships["hidden"].pk})
    missing = api_client.get(reverse("mou-list"), {"partner": 999_999})
    assert hidden.status_code == missing.status_code == 400
    assert list(hidden.json()) == list(missing.json()) == ["partner"]


@pytest.mark.django_db
def test_staff_create_an_mou_by_api(api_client, manager):
    partner = PartnerFactory()
    api_client.force_authenticate(manager)
    response = api_client.post(
        reverse("mou-list"),
        {
            "title": "디지털 트윈 협약",
            "purpose": "가상 시운전 실증",
            "partners": [partner.pk],
            "effective_from": days(0).isoformat(),
            "expires_on": days(365).isoformat(),
            "signed_on": days(-1).isoformat(),
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["status"] == MOUStatus.SIGNED
    assert MOU.objects.get().partners.get() == partner


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"partners": []}, "partners"),
        ({"title": ""}, "title"),
        ({"expires_on": "2020-01-01"}, "expires_on"),
        ({"signed_on": "2099-01-01"}, "signed_on"),
        ({"effective_from": "not a date"}, "effective_from"),
    ],
)
def test_a_refused_mou_is_a_400_naming_the_field(api_client, manager, change, field):
    data = {
        "title": "협약",
        "purpose": "목적",
        "partners": [PartnerFactory().pk],
        "effective_from": "2026-01-01",
        "expires_on": "2027-01-01",
        **change,
    }
    api_client.force_authenticate(manager)
    response = api_client.post(reverse("mou-list"), data, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not MOU.objects.exists()


@pytest.mark.django_db
def test_only_staff_may_write_mous(api_client, partnerships, alice):
    _, representative, _ = alice
    target = partnerships["public"]
    for client_user in (None, representative):
        if client_user:
            api_client.force_authenticate(client_user)
        assert api_client.post(reverse("mou-list"), {}, format="json").status_code == 403
        response = api_client.post(reverse("mou-terminate", args=[target.pk]), {"reason": "x"}, format="json")
        assert response.status_code == 403
    target.refresh_from_db()
    assert target.status == MOUStatus.ACTIVE


@pytest.mark.django_db
def test_status_actions_by_api(api_client, manager):
    api_client.force_authenticate(manager)
    draft = mou_create(partners=[PartnerFactory()], title="협약", purpose="목적", effective_from=days(0))
    signed = api_client.post(reverse("mou-sign", args=[draft.pk]), {"signed_on": days(0).isoformat()}, format="json")
    assert signed.status_code == 200 and signed.json()["status"] == "signed"
    active = api_client.post(reverse("mou-activate", args=[draft.pk]))
    assert active.json()["status"] == "active"
    again = api_client.post(reverse("mou-activate", args=[draft.pk]))
    assert again.status_code == 400 and "non_field_errors" in again.json()
    no_reason = api_client.post(reverse("mou-terminate", args=[draft.pk]), {"reason": ""}, format="json")
    assert no_reason.status_code == 400 and "reason" in no_reason.json()


@pytest.mark.django_db
def test_renewal_by_api_answers_the_new_term(api_client, manager):
    mou = MOUFactory(expires_on=days(30))
    api_client.force_authenticate(manager)
    response = api_client.post(reverse("mou-renew", args=[mou.pk]), {}, format="json")
    assert response.status_code == 201
    assert response.json()["id"] != mou.pk
    assert MOU.objects.get(pk=response.json()["id"]).previous_term == mou
    assert api_client.get(reverse("mou-detail", args=[mou.pk])).json()["next_term"] == response.json()["id"]
    twice = api_client.post(reverse("mou-renew", args=[mou.pk]), {}, format="json")
    assert twice.status_code == 400


# Obligations (staff only)


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["anonymous", "representative", "member"])
def test_obligations_are_staff_only(api_client, alice, who):
    obligation = ObligationFactory()
    client = as_person(api_client, alice, who)
    assert client.get(reverse("obligation-list")).status_code == 403
    assert client.get(reverse("obligation-detail", args=[obligation.pk])).status_code == 403
    assert client.post(reverse("obligation-complete", args=[obligation.pk])).status_code == 403


@pytest.mark.django_db
def test_staff_list_obligations_with_the_derived_state(api_client, manager):
    overdue = ObligationFactory(due_on=days(-1))
    ObligationFactory(due_on=days(10))
    api_client.force_authenticate(manager)
    rows = api_client.get(reverse("obligation-list")).json()["results"]
    assert [(row["id"], row["state"], row["status"]) for row in rows][0] == (overdue.pk, "overdue", "open")
    assert rows[0]["days_left"] == -1
    only = api_client.get(reverse("obligation-list"), {"state": "overdue"}).json()["results"]
    assert [row["id"] for row in only] == [overdue.pk]


@pytest.mark.django_db
def test_staff_add_and_close_obligations_by_api(api_client, manager):
    partner = PartnerFactory()
    mou = MOUFactory(partners=[partner])
    api_client.force_authenticate(manager)
    outsider = api_client.post(
        reverse("obligation-list"),
        {"mou": mou.pk, "party": PartnerFactory().pk, "title": "보고", "due_on": days(5).isoformat()},
        format="json",
    )
    assert outsider.status_code == 400 and "party" in outsider.json()
    created = api_client.post(
        reverse("obligation-list"),
        {"mou": mou.pk, "party": partner.pk, "title": "보고", "due_on": days(5).isoformat()},
        format="json",
    )
    assert created.status_code == 201
    obligation_id = created.json()["id"]
    no_reason = api_client.post(reverse("obligation-waive", args=[obligation_id]), {"note": ""}, format="json")
    assert no_reason.status_code == 400 and "note" in no_reason.json()
    done = api_client.post(reverse("obligation-complete", args=[obligation_id]), {"note": "완료"}, format="json")
    assert done.status_code == 200
    assert done.json()["state"] == "done"
    assert [note["status_change"] for note in done.json()["notes"]] == ["done"]


@pytest.mark.django_db
def test_a_terminated_mou_takes_no_new_obligation(api_client, manager):
    mou = mou_terminate(mou=MOUFactory(), reason="해지")
    api_client.force_authenticate(manager)
    response = api_client.post(reverse("obligation-list"), {"mou": mou.pk, "title": "보고"}, format="json")
    assert response.status_code == 400 and "non_field_errors" in response.json()


# Query counts with 1 and many rows


def many_partnerships(rows):
    for _ in range(rows):
        partner = PartnerFactory()
        PartnerContactFactory(partner=partner)
        mou = MOUFactory(partners=[partner, PartnerFactory()])
        ObligationFactory(mou=mou, party=partner, due_on=days(-1))


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 15])
def test_public_partner_list_runs_a_constant_number_of_queries(api_client, django_assert_max_num_queries, rows):
    many_partnerships(rows)
    # count, page, public MOUs of the page's partners
    with django_assert_max_num_queries(3):
        response = api_client.get(reverse("partner-list"))
    assert response.json()["count"] == 2 * rows


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 15])
def test_staff_partner_list_runs_a_constant_number_of_queries(api_client, manager, django_assert_max_num_queries, rows):
    many_partnerships(rows)
    api_client.force_authenticate(manager)
    # permissions (user and group), count, page, public MOUs, contacts
    with django_assert_max_num_queries(6):
        response = api_client.get(reverse("partner-list"))
    assert response.json()["count"] == 2 * rows


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 15])
def test_public_mou_list_runs_a_constant_number_of_queries(api_client, django_assert_max_num_queries, rows):
    many_partnerships(rows)
    # count, page, partners
    with django_assert_max_num_queries(3):
        response = api_client.get(reverse("mou-list"))
    assert response.json()["count"] == rows


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 15])
def test_staff_mou_list_runs_a_constant_number_of_queries(api_client, manager, django_assert_max_num_queries, rows):
    many_partnerships(rows)
    api_client.force_authenticate(manager)
    # permissions (user and group), count, page, partners, firms, training programmes
    with django_assert_max_num_queries(7):
        response = api_client.get(reverse("mou-list"))
    assert response.json()["count"] == rows


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 15])
def test_obligation_list_runs_a_constant_number_of_queries(api_client, manager, django_assert_max_num_queries, rows):
    many_partnerships(rows)
    api_client.force_authenticate(manager)
    # permissions (user and group), count, page, notes, evidence
    with django_assert_max_num_queries(6):
        response = api_client.get(reverse("obligation-list"))
    assert response.json()["count"] == rows


# Schema


@pytest.mark.django_db
def test_schema_documents_the_partner_and_mou_endpoints(api_client):
    schema = api_client.get("/api/schema/").content.decode()
    for path in (
        "/api/partners/",
        "/api/partners/{id}/",
        "/api/mous/",
        "/api/mous/{id}/",
        "/api/mous/{id}/sign/",
        "/api/mous/{id}/activate/",
        "/api/mous/{id}/terminate/",
        "/api/mous/{id}/renew/",
        "/api/obligations/",
        "/api/obligations/{id}/complete/",
        "/api/obligations/{id}/waive/",
        "/api/obligations/{id}/reopen/",
    ):
        assert f"{path}:" in schema, path
    # The staff-only fields are documented even though the public never receives them.
    for field in ("notice_deadline:", "open_obligations:", "contacts:"):
        assert field in schema, field

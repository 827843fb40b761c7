import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from tenants.choices import ApplicationStage, LeaseStatus, RenewalStatus
from tenants.models import Lease, LeaseRenewalRequest
from tenants.services import (
    lease_create,
    lease_create_from_application,
    lease_decide_renewal,
    lease_record_move_out,
    lease_request_renewal,
)

from ..factories import ApplicationFactory, FirmFactory, LeaseFactory, SiteFactory, SpaceFactory

TODAY = dt.date.today()


@pytest.mark.django_db
def test_overlapping_lease_is_refused_by_postgresql_itself():
    assert connection.vendor == "postgresql"
    lease = LeaseFactory(start_date=dt.date(2026, 1, 1), end_date=dt.date(2026, 12, 31))
    with pytest.raises(IntegrityError), transaction.atomic():
        Lease.objects.create(  # straight to the database, past every Python check
            firm=FirmFactory(),
            space=lease.space,
            start_date=dt.date(2026, 12, 31),
            end_date=dt.date(2027, 6, 30),
            monthly_rent=1,
            deposit=1,
        )
    # Touching end to start is an overlap (both days inclusive); the next day is fine.
    Lease.objects.create(
        firm=FirmFactory(),
        space=lease.space,
        start_date=dt.date(2027, 1, 1),
        end_date=dt.date(2027, 6, 30),
        monthly_rent=1,
        deposit=1,
    )


@pytest.mark.django_db
def test_ended_leases_do_not_block_the_space():
    lease = LeaseFactory(start_date=dt.date(2026, 1, 1), end_date=dt.date(2026, 12, 31), status=LeaseStatus.ENDED)
    lease_create(firm=FirmFactory(), space=lease.space, start_date=dt.date(2026, 6, 1), end_date=dt.date(2026, 12, 31))


@pytest.mark.django_db
def test_service_refuses_an_overlap_with_a_clear_message():
    lease = LeaseFactory(start_date=dt.date(2026, 1, 1), end_date=dt.date(2026, 12, 31))
    with pytest.raises(ValidationError) as error:
        lease_create(
            firm=FirmFactory(), space=lease.space, start_date=dt.date(2026, 6, 1), end_date=dt.date(2027, 1, 1)
        )
    assert [item.code for item in error.value.error_dict["__all__"]] == ["overlap"]


@pytest.mark.django_db
def test_selected_application_becomes_a_lease_once():
    application = ApplicationFactory(stage=ApplicationStage.SELECTED)
    space = SpaceFactory()
    lease = lease_create_from_application(
        application=application, space=space, start_date=TODAY, end_date=TODAY + dt.timedelta(days=365)
    )
    assert (lease.firm, lease.application, lease.monthly_rent) == (application.firm, application, space.monthly_rent)
    with pytest.raises(ValidationError):
        lease_create_from_application(
            application=application, space=SpaceFactory(), start_date=TODAY, end_date=TODAY + dt.timedelta(days=30)
        )


@pytest.mark.django_db
def test_only_a_selected_application_becomes_a_lease():
    application = ApplicationFactory(stage=ApplicationStage.UNDER_REVIEW)
    with pytest.raises(ValidationError):
        lease_create_from_application(
            application=application, space=SpaceFactory(), start_date=TODAY, end_date=TODAY + dt.timedelta(days=30)
        )


@pytest.mark.django_db
def test_renewal_moves_the_end_date_and_decline_needs_a_reason(alice):
    firm, representative, _ = alice
    lease = LeaseFactory(firm=firm)
    renewal = lease_request_renewal(
        lease=lease, user=representative, requested_end_date=lease.end_date.replace(year=lease.end_date.year + 1)
    )
    with pytest.raises(ValidationError):
        lease_request_renewal(
            lease=lease, user=representative, requested_end_date=lease.end_date.replace(year=lease.end_date.year + 2)
        )
    with pytest.raises(ValidationError):
        lease_decide_renewal(renewal=renewal, approve=False, actor=None, reason="")
    lease_decide_renewal(renewal=renewal, approve=True, actor=None)
    lease.refresh_from_db()
    assert lease.end_date == renewal.requested_end_date
    assert LeaseRenewalRequest.objects.get().status == RenewalStatus.APPROVED


@pytest.mark.django_db
def test_move_out_ends_the_lease_and_the_firm_leaves_the_directory(client):
    lease = LeaseFactory(firm=FirmFactory(name="떠나는기업", public_profile=True))
    assert "떠나는기업" in client.get(reverse("tenants:directory")).content.decode()
    lease_record_move_out(lease=lease, moved_out_on=TODAY - dt.timedelta(days=1))
    lease.refresh_from_db()
    assert lease.status == LeaseStatus.ENDED and lease.end_date == TODAY - dt.timedelta(days=1)
    assert "떠나는기업" not in client.get(reverse("tenants:directory")).content.decode()


@pytest.mark.django_db
def test_firm_requests_a_renewal_from_its_lease_page_and_others_get_404(client, alice, bob):
    lease = LeaseFactory(firm=alice[0])
    client.force_login(alice[1])
    assert lease.space.code in client.get(reverse("tenants:my_leases")).content.decode()
    url = reverse("tenants:lease_renewal_request", args=[lease.pk])
    response = client.post(url, {"requested_end_date": lease.end_date.isoformat()})
    assert response.status_code == 200 and "requested_end_date" in response.context["form"].errors
    response = client.post(url, {"requested_end_date": (lease.end_date + dt.timedelta(days=365)).isoformat()})
    assert response.status_code == 302
    client.force_login(bob[1])
    assert client.get(url).status_code == 404
    assert lease.space.code not in client.get(reverse("tenants:my_leases")).content.decode()


# The public directory -------------------------------------------------------------------------


@pytest.mark.django_db
def test_directory_lists_resident_firms_with_public_profiles_only(client):
    LeaseFactory(firm=FirmFactory(name="공개입주기업", public_profile=True))
    LeaseFactory(firm=FirmFactory(name="비공개입주기업", public_profile=False))
    FirmFactory(name="비입주기업", public_profile=True)
    body = client.get(reverse("tenants:directory")).content.decode()
    assert "공개입주기업" in body
    assert "비공개입주기업" not in body and "비입주기업" not in body


@pytest.mark.django_db
def test_directory_says_how_many_residents_it_leaves_out_and_why(client):
    LeaseFactory(firm=FirmFactory(public_profile=True))
    LeaseFactory(firm=FirmFactory(public_profile=False))
    LeaseFactory(firm=FirmFactory(public_profile=False))
    body = client.get(reverse("tenants:directory"), HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "입주기업 2곳은 공개 프로필에 동의하지 않아" in body


@pytest.mark.django_db
def test_directory_filters_by_site_and_industry_and_searches_korean(client):
    site = SiteFactory()
    LeaseFactory(firm=FirmFactory(name="창원비전", industry="ai_software"), space=SpaceFactory(site=site))
    LeaseFactory(firm=FirmFactory(name="경남드론", industry="drones"))
    names = lambda response: [firm.name for firm in response.context["page"].object_list]  # noqa: E731
    assert names(client.get(reverse("tenants:directory"), {"site": site.pk})) == ["창원비전"]
    assert names(client.get(reverse("tenants:directory"), {"industry": "drones"})) == ["경남드론"]
    assert names(client.get(reverse("tenants:directory"), {"q": "드론"})) == ["경남드론"]
    assert client.get(reverse("tenants:directory"), {"site": "not-a-number"}).status_code == 200


@pytest.mark.django_db
def test_directory_shows_real_counts_per_site(client):
    site = SiteFactory(name="경남창원산학융합원")
    for _ in range(3):
        LeaseFactory(space=SpaceFactory(site=site))
    counts = {s.name: s.resident_count for s in client.get(reverse("tenants:directory")).context["sites"]}
    assert counts["경남창원산학융합원"] == 3


@pytest.mark.django_db
def test_profile_page_of_a_non_resident_or_private_firm_is_404(client):
    private = LeaseFactory(firm=FirmFactory(public_profile=False)).firm
    outsider = FirmFactory(public_profile=True)
    resident = LeaseFactory(firm=FirmFactory(public_profile=True)).firm
    assert client.get(reverse("tenants:firm_profile", args=[private.pk])).status_code == 404
    assert client.get(reverse("tenants:firm_profile", args=[outsider.pk])).status_code == 404
    assert client.get(reverse("tenants:firm_profile", args=[resident.pk])).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 30])
def test_directory_runs_constant_queries(client, rows, django_assert_max_num_queries):
    for _ in range(rows):
        LeaseFactory()
    with django_assert_max_num_queries(6):
        assert client.get(reverse("tenants:directory")).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 12])
def test_my_leases_runs_constant_queries(client, alice, rows, django_assert_max_num_queries):
    for _ in range(rows):
        lease = LeaseFactory(firm=alice[0])
        lease_request_renewal(lease=lease, user=alice[1], requested_end_date=lease.end_date + dt.timedelta(days=90))
    client.force_login(alice[1])
    with django_assert_max_num_queries(8):
        response = client.get(reverse("tenants:my_leases"))
    assert response.status_code == 200
    assert len(response.context["leases"]) == rows

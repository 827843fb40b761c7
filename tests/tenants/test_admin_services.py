"""The tenants admin changes state only through the services: leases, firms, memberships,
invitations and applications."""

from datetime import timedelta
from unittest import mock

import pytest
from django.urls import reverse

from portal.accounts.models import User
from portal.time import hub_today
from tenants import services
from tenants.choices import ApplicationStage, LeaseStatus, MembershipRole
from tenants.models import Lease
from tests.factories import (
    ApplicationFactory,
    FirmFactory,
    InvitationFactory,
    LeaseFactory,
    MembershipFactory,
    SpaceFactory,
)


@pytest.fixture
def admin_client(client, db):
    client.force_login(User.objects.create_superuser(email="root@example.kr", password="x" * 12))
    return client


def _lease_change_post(lease, **overrides):
    data = {
        "monthly_rent": lease.monthly_rent,
        "deposit": lease.deposit,
        "status": LeaseStatus.ENDED,
        "end_date": (lease.end_date + timedelta(days=400)).isoformat(),
        "moved_out_on": hub_today().isoformat(),
    }
    data.update(overrides)
    return data


def test_an_admin_post_cannot_change_a_leases_status_or_dates(admin_client):
    lease = LeaseFactory()
    end_date = lease.end_date
    response = admin_client.post(
        reverse("admin:tenants_lease_change", args=[lease.pk]), _lease_change_post(lease, monthly_rent=400_000)
    )
    assert response.status_code == 302
    lease.refresh_from_db()
    assert (lease.status, lease.end_date, lease.moved_out_on) == (LeaseStatus.ACTIVE, end_date, None)
    assert lease.monthly_rent == 400_000  # the terms stay editable


def test_the_admin_move_out_action_ends_the_lease_through_the_service(admin_client):
    lease = LeaseFactory()
    with mock.patch("tenants.admin.spaces.lease_record_move_out", wraps=services.lease_record_move_out) as move_out:
        response = admin_client.post(
            reverse("admin:tenants_lease_changelist"),
            {"action": "move_out_today", "_selected_action": [lease.pk]},
        )
    assert response.status_code == 302
    move_out.assert_called_once()
    lease.refresh_from_db()
    assert (lease.status, lease.moved_out_on, lease.end_date) == (LeaseStatus.ENDED, hub_today(), hub_today())


def test_a_lease_added_in_the_admin_goes_through_lease_create_and_refuses_an_overlap(admin_client):
    existing = LeaseFactory()
    firm = FirmFactory()
    data = {
        "firm": firm.pk,
        "space": existing.space.pk,
        "start_date": existing.start_date.isoformat(),
        "end_date": existing.end_date.isoformat(),
        "monthly_rent": 1,
        "deposit": 1,
    }
    response = admin_client.post(reverse("admin:tenants_lease_add"), data)
    assert response.status_code == 200  # the form again, with the overlap error
    assert not Lease.objects.filter(firm=firm).exists()

    with mock.patch("tenants.admin.spaces.lease_create", wraps=services.lease_create) as create:
        response = admin_client.post(reverse("admin:tenants_lease_add"), {**data, "space": SpaceFactory().pk})
    assert response.status_code == 302
    create.assert_called_once()
    assert Lease.objects.get(firm=firm).status == LeaseStatus.ACTIVE


def test_the_admin_cannot_change_an_applications_stage_or_staged_decision(admin_client):
    application = ApplicationFactory(stage=ApplicationStage.UNDER_REVIEW)
    admin_client.post(
        reverse("admin:tenants_application_change", args=[application.pk]),
        {"stage": ApplicationStage.SELECTED, "staged_decision": ApplicationStage.SELECTED, "staged_reason": "x"},
    )
    application.refresh_from_db()
    assert (application.stage, application.staged_decision) == (ApplicationStage.UNDER_REVIEW, "")


def test_the_admin_keeps_the_brn_and_business_status_and_saves_the_profile_through_firm_update(admin_client):
    firm = FirmFactory()
    brn, status = firm.brn, firm.business_status
    page = admin_client.get(reverse("admin:tenants_firm_change", args=[firm.pk]))
    form = page.context["adminform"].form
    data = {name: form.initial.get(name) or "" for name in form.fields}
    data.update({"name_ko": "새 이름", "brn": "1234567890", "business_status": "closed"})
    data.update(
        {f"{prefix}-{key}": 0 for prefix in ("memberships", "leases") for key in ("TOTAL_FORMS", "INITIAL_FORMS")}
    )
    with mock.patch("tenants.admin.firms.firm_update", wraps=services.firm_update) as update:
        admin_client.post(reverse("admin:tenants_firm_change", args=[firm.pk]), data)
    update.assert_called_once()
    firm.refresh_from_db()
    assert (firm.name, firm.brn, firm.business_status) == ("새 이름", brn, status)


def test_the_admin_removes_members_through_the_service_and_never_the_representative(admin_client):
    firm = FirmFactory()
    representative = MembershipFactory(firm=firm, role=MembershipRole.REPRESENTATIVE)
    member = MembershipFactory(firm=firm)
    with mock.patch("tenants.admin.firms.membership_remove", wraps=services.membership_remove) as remove:
        admin_client.post(
            reverse("admin:tenants_firmmembership_changelist"),
            {"action": "delete_selected", "_selected_action": [member.pk], "post": "yes"},
        )
    remove.assert_called_once()
    delete_page = reverse("admin:tenants_firmmembership_delete", args=[representative.pk])
    assert admin_client.post(delete_page, {"post": "yes"}).status_code == 403
    assert list(firm.memberships.values_list("pk", flat=True)) == [representative.pk]


def test_the_admin_withdraws_invitations_through_the_service(admin_client):
    invitation = InvitationFactory()
    admin_client.post(
        reverse("admin:tenants_firminvitation_changelist"),
        {"action": "revoke", "_selected_action": [invitation.pk]},
    )
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None


def _inline(prefix, rows):
    data = {f"{prefix}-TOTAL_FORMS": len(rows), f"{prefix}-INITIAL_FORMS": 0}
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{name}": value for name, value in row.items()})
    return data


def test_a_call_added_in_the_admin_is_saved_with_its_sites_documents_and_criteria_by_the_service(admin_client):
    from tenants.models import TenancyCall
    from tests.factories import SiteFactory

    site = SiteFactory()
    data = {
        "title_ko": "2027년 입주기업 모집",
        "body_ko": "모집합니다.",
        "sites": [site.pk],
        "space_kinds": ["room", "desk"],
        "opens_at_0": "2027-01-04",
        "opens_at_1": "09:00:00",
        "closes_at_0": "2027-01-29",
        "closes_at_1": "18:00:00",
        **_inline("requirements", [{"position": 1, "name_ko": "사업계획서", "required": "on"}]),
        **_inline(
            "criteria",
            [{"position": 1, "name_ko": "기술성", "weight": 60}, {"position": 2, "name_ko": "사업성", "weight": 30}],
        ),
    }
    with mock.patch("tenants.admin.calls.call_save", wraps=services.call_save) as call_save:
        response = admin_client.post(reverse("admin:tenants_tenancycall_add"), data, follow=True)
    assert response.status_code == 200
    call_save.assert_called_once()
    call = TenancyCall.objects.get(title="2027년 입주기업 모집")
    assert list(call.sites.all()) == [site]
    assert call.space_kinds == ["room", "desk"]
    assert [requirement.name for requirement in call.requirements.all()] == ["사업계획서"]
    assert sorted(criterion.weight for criterion in call.criteria.all()) == [30, 60]
    assert "90%" in response.content.decode()  # the weights' warning


def test_the_call_admin_offers_space_types_as_checkboxes_not_raw_json(admin_client):
    from tenants.choices import SpaceKind

    page = admin_client.get(reverse("admin:tenants_tenancycall_add")).content.decode()
    for kind in SpaceKind.values:
        assert f'type="checkbox" name="space_kinds" value="{kind}"' in page
    assert '<textarea name="space_kinds"' not in page

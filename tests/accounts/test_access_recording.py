"""Every staff view, search, download and export of personal data writes one access record."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from portal.accounts.models import AccessRecord, User
from programs.choices import EnrolmentState
from tenants.models import ApplicationAttachment

from ..factories import (
    ApplicationFactory,
    CohortFactory,
    EnrolmentFactory,
    FirmFactory,
    MOUFactory,
    PartnerContactFactory,
)

pytestmark = pytest.mark.django_db


def only_record():
    assert AccessRecord.objects.count() == 1
    return AccessRecord.objects.get()


def test_the_staff_firm_record_is_recorded_with_whose_data_and_from_where(staff_client, manager, alice):
    response = staff_client.get(reverse("tenants:staff_firm", args=[alice.firm.pk]), REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 200
    record = only_record()
    assert (record.actor, record.action, record.firm_id, record.firm_label) == (
        manager,
        "view",
        alice.firm.pk,
        str(alice.firm),
    )
    assert record.ip_address == "203.0.113.9"
    assert record.view_name == "tenants:staff_firm"
    assert "members.email" in record.fields


def test_the_firm_list_is_a_search_with_the_rows_shown(staff_client, alice, bob):
    staff_client.get(reverse("tenants:staff_firms"))
    record = only_record()
    assert (record.action, record.row_count, record.firm_id) == ("search", 2, None)


def test_the_firm_list_export_is_an_export_with_its_file_and_rows(staff_client, alice, bob, charlie):
    response = staff_client.get(reverse("tenants:staff_firms"), {"export": "csv"})
    assert response.status_code == 200
    record = only_record()
    assert record.action == "export"
    assert record.row_count == 3
    assert record.export_name.startswith("firms-") and record.export_name.endswith(".csv")


def test_the_firm_record_export_names_the_firm(staff_client, alice):
    staff_client.get(reverse("tenants:staff_firm_export", args=[alice.firm.pk]))
    record = only_record()
    assert (record.action, record.firm_id) == ("export", alice.firm.pk)
    assert record.export_name == f"firm-{alice.firm.brn}.xlsx"


def test_a_refused_or_missing_page_writes_no_record(client, staff_client, alice):
    assert staff_client.get(reverse("tenants:staff_firm", args=[999_999])).status_code == 404
    client.force_login(alice.member)
    assert client.get(reverse("tenants:staff_firm", args=[alice.firm.pk])).status_code == 403
    assert not AccessRecord.objects.exists()


def test_people_reading_their_own_data_write_no_record(client, alice):
    application = ApplicationFactory(firm=alice.firm)
    attachment = ApplicationAttachment.objects.create(
        application=application,
        file=ContentFile(b"%PDF-1.4 plan", name="plan.pdf"),
        original_name="plan.pdf",
        file_type="pdf",
        size=13,
    )
    client.force_login(alice.representative)
    url = reverse("tenants:attachment_download", args=[application.pk, attachment.pk])
    assert client.get(url).status_code == 200
    assert not AccessRecord.objects.exists()


def test_a_staff_download_of_an_attachment_is_recorded(officer_client, officer, alice):
    application = ApplicationFactory(firm=alice.firm)
    attachment = ApplicationAttachment.objects.create(
        application=application,
        file=ContentFile(b"%PDF-1.4 plan", name="plan.pdf"),
        original_name="plan.pdf",
        file_type="pdf",
        size=13,
    )
    response = officer_client.get(reverse("tenants:attachment_download", args=[application.pk, attachment.pk]))
    assert response.status_code == 200
    record = only_record()
    assert (record.actor, record.action, record.firm_id) == (officer, "download", alice.firm.pk)
    assert record.export_name.endswith(".pdf")


def test_a_roster_export_counts_its_people(staff_client):
    cohort = CohortFactory()
    for _ in range(3):
        EnrolmentFactory(cohort=cohort, state=EnrolmentState.SEATED)
    response = staff_client.get(reverse("programs:roster_export_csv", args=[cohort.pk]))
    assert response.status_code == 200
    record = only_record()
    assert (record.action, record.row_count) == ("export", 3)
    assert "email" in record.fields


def test_a_public_logo_writes_no_record_but_a_hidden_one_does(staff_client):
    public = FirmFactory(public_profile=True, logo=ContentFile(b"\x89PNG\r\n\x1a\n", name="a.png"))
    hidden = FirmFactory(public_profile=False, logo=ContentFile(b"\x89PNG\r\n\x1a\n", name="b.png"))
    assert staff_client.get(reverse("tenants:firm_logo", args=[public.pk])).status_code == 200
    assert not AccessRecord.objects.exists()
    assert staff_client.get(reverse("tenants:firm_logo", args=[hidden.pk])).status_code == 200
    record = only_record()
    assert (record.action, record.firm_id) == ("download", hidden.pk)


def test_the_api_records_a_staff_read_of_a_firm(api_client, manager, alice):
    api_client.force_authenticate(manager)
    assert api_client.get(reverse("firm-detail", args=[alice.firm.pk])).status_code == 200
    record = only_record()
    assert (record.action, record.firm_id, record.view_name) == ("view", alice.firm.pk, "firm-detail")


def test_the_api_records_a_staff_search_with_its_rows(api_client, manager, alice, bob):
    api_client.force_authenticate(manager)
    assert api_client.get(reverse("firm-list")).status_code == 200
    record = only_record()
    assert (record.action, record.row_count) == ("search", 2)


def test_anonymous_api_reads_write_no_record(api_client, alice):
    alice.firm.public_profile = True
    alice.firm.save()
    assert api_client.get(reverse("firm-detail", args=[alice.firm.pk])).status_code == 200
    assert not AccessRecord.objects.exists()


def test_an_mou_with_contact_persons_is_recorded(staff_client, manager):
    mou = MOUFactory()
    PartnerContactFactory(partner=mou.partners.first())
    assert staff_client.get(reverse("partners:staff_mou", args=[mou.pk])).status_code == 200
    record = only_record()
    assert (record.actor, record.action, record.view_name) == (manager, "view", "partners:staff_mou")
    assert "contacts.email" in record.fields


def test_the_admin_pages_of_people_are_recorded(client, manager, alice):
    manager.is_staff = True
    manager.save()
    client.force_login(manager)
    assert client.get("/admin/accounts/user/").status_code == 200
    search = AccessRecord.objects.get()
    assert (search.action, search.row_count) == ("search", User.objects.count())
    assert client.get(f"/admin/accounts/user/{alice.member.pk}/change/").status_code == 200
    view = AccessRecord.objects.first()
    assert (view.action, view.subject_user) == ("view", alice.member)
    assert "phone" in view.fields

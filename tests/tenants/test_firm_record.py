"""One firm, one record: the staff firm list, the firm page with every section, and its XLSX export."""

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from ..factories import (
    ApplicationFactory,
    AssignmentFactory,
    CertificateFactory,
    ConsultingRequestFactory,
    EnrolmentFactory,
    FirmFactory,
    KpiMeasurementFactory,
    LeaseFactory,
    MembershipFactory,
    MOUFactory,
    OutboxMessageFactory,
)

# Session, user, permissions, the page's own queries and its access record: the same with 1 row or many.
FIRM_LIST_QUERIES = 8
FIRM_PAGE_QUERIES = 19  # + the service-desk and performance-return sections


def fill_record(firm, member, representative, rows=1):
    """``rows`` of every section for ``firm``: its path through the hub, its people's training and mail."""
    for index in range(rows):
        ApplicationFactory(firm=firm, stage="submitted", call__title=f"입주기업 모집 {index}")
        LeaseFactory(firm=firm, monthly_rent=450_000, start_date=date(2026, 1, 1), end_date=date(2026, 12, 31))
        enrolment = EnrolmentFactory(user=member, cohort__name=f"2026 {index}기", state="completed")
        CertificateFactory(enrolment=enrolment, number=f"HB-CERT-{firm.pk}-{index}")
        EnrolmentFactory(firm=firm, cohort__name=f"2027 {index}기")  # on behalf of the firm, by someone else
        engagement = ConsultingRequestFactory(firm=firm, state="in_progress", title=f"불량 예측 {index}")
        AssignmentFactory(request=engagement)
        KpiMeasurementFactory(request=engagement)
        MOUFactory(title=f"협약 {index}").firms.add(firm)
        OutboxMessageFactory(user=member, subject=f"회원 알림 {index}")
        OutboxMessageFactory(user=None, recipient=representative.email, subject=f"대표 알림 {index}")


def test_firm_users_get_403_on_the_list_page_and_export(client, alice):
    firm, representative, _member = alice
    client.force_login(representative)
    for url in (
        reverse("tenants:staff_firms"),
        reverse("tenants:staff_firm", args=[firm.pk]),
        reverse("tenants:staff_firm_export", args=[firm.pk]),
    ):
        assert client.get(url).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client, alice):
    response = client.get(reverse("tenants:staff_firm", args=[alice[0].pk]))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_firm_list_searches_by_name_and_brn_and_links_to_the_record(staff_client, alice, bob):
    response = staff_client.get(reverse("tenants:staff_firms"), {"q": "alice"})
    assert reverse("tenants:staff_firm", args=[alice[0].pk]) in response.content.decode()
    assert reverse("tenants:staff_firm", args=[bob[0].pk]) not in response.content.decode()

    response = staff_client.get(reverse("tenants:staff_firms"), {"q": bob[0].brn_display})
    assert list(response.context["page"]) == [bob[0]]


def test_dashboard_links_to_the_firm_list(staff_client):
    response = staff_client.get(reverse("tenants:staff_dashboard"))
    assert reverse("tenants:staff_firms") in response.content.decode()


@pytest.mark.parametrize("firms", [1, 60])
def test_firm_list_queries_do_not_grow_with_firms(staff_client, django_assert_max_num_queries, firms):
    for firm in FirmFactory.create_batch(firms):
        MembershipFactory(firm=firm)
        LeaseFactory(firm=firm)
    with django_assert_max_num_queries(FIRM_LIST_QUERIES):
        response = staff_client.get(reverse("tenants:staff_firms"))
    assert response.status_code == 200


def test_the_record_shows_every_section(staff_client, alice):
    firm, representative, member = alice
    fill_record(firm, member, representative)
    other = FirmFactory(name="남의회사")
    MOUFactory(title="남의 협약").firms.add(other)
    OutboxMessageFactory(subject="남에게 간 메일")

    response = staff_client.get(reverse("tenants:staff_firm", args=[firm.pk]))

    page = response.content.decode()
    assert response.status_code == 200
    for expected in (
        firm.brn_display,
        member.email,  # members
        "입주기업 모집 0",  # tenancy applications
        "450,000",  # leases
        "2026 0기",  # training by a member
        "2027 0기",  # training on behalf of the firm
        "HB-CERT-",  # certificates
        "불량 예측 0",  # consulting
        "units/hour",  # KPI pairs
        "협약 0",  # MOUs
        "회원 알림 0",  # mail to a member's account
        "대표 알림 0",  # mail to a member's address
    ):
        assert expected in page, expected
    assert "남의 협약" not in page
    assert "남에게 간 메일" not in page


@pytest.mark.parametrize("rows", [1, 8])
def test_record_queries_do_not_grow_with_rows(staff_client, alice, django_assert_max_num_queries, rows):
    firm, representative, member = alice
    fill_record(firm, member, representative, rows=rows)
    with django_assert_max_num_queries(FIRM_PAGE_QUERIES):
        response = staff_client.get(reverse("tenants:staff_firm", args=[firm.pk]))
    assert len(response.context["enrolments"]) == 2 * rows


def test_the_export_has_one_sheet_per_section_with_numbers_and_dates(staff_client, alice):
    firm, representative, member = alice
    fill_record(firm, member, representative)

    response = staff_client.get(reverse("tenants:staff_firm_export", args=[firm.pk]), HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    workbook = load_workbook(BytesIO(response.content))
    assert workbook.sheetnames == [
        "Profile",
        "Members",
        "Applications",
        "Leases",
        "Training",
        "Consulting",
        "KPIs",
        "MOUs",
        "Service requests",
        "Mail",
    ]
    leases = workbook["Leases"]
    assert leases["A1"].font.bold
    assert leases["E1"].value == "Monthly rent (KRW)"
    assert leases["E2"].value == 450_000
    assert leases["C2"].value.date() == date(2026, 1, 1)
    assert leases["C2"].is_date
    kpis = workbook["KPIs"]
    assert kpis["C2"].value == 100
    assert kpis["I2"].value == pytest.approx(float(Decimal("20")))
    assert workbook["Mail"].max_row == 3  # header, the member's mail, the representative's

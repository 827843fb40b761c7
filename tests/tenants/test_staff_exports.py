"""XLSX and CSV exports of the tenancy staff lists: firms, a call's applications, leases, MOUs and
obligations. Each file holds the list's filtered rows from every page, with the page's permission."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.accounts.roles import HUB_MANAGER, REVIEWER
from portal.spreadsheets import DATE_FORMAT, DATETIME_FORMAT, KRW_FORMAT
from portal.time import hub_today
from tenants.choices import ApplicationStage, BusinessStatus, Industry, LeaseStatus
from tenants.models import Firm, LeaseRenewalRequest
from tenants.services import review_assign, review_declare_conflict, review_submit

from ..exports import csv_rows, korean, xlsx_rows
from ..factories import (
    ApplicationFactory,
    FirmFactory,
    LeaseFactory,
    MembershipFactory,
    MOUFactory,
    ObligationFactory,
    PartnerFactory,
    TenancyCallFactory,
    user_in_role,
)

# Session, user, two for permissions, then the export's own queries (and the access record of the
# exports of personal data): the same with 1 row or many.
FIRM_EXPORT_QUERIES = 6
CALL_EXPORT_QUERIES = 12  # the call, its criteria, applications, reviews, scores, reviewers, the filter
LEASE_EXPORT_QUERIES = 5
MOU_EXPORT_QUERIES = 6  # the MOUs, their partners
OBLIGATION_EXPORT_QUERIES = 5


def submit_scores(application, reviewer, scores):
    """Assign ``reviewer``, declare no conflict and submit ``scores`` (one per criterion, in order)."""
    assignment = review_assign(application=application, reviewer=reviewer)
    review_declare_conflict(assignment=assignment, has_conflict=False)
    criteria = list(application.call.criteria.all())
    review_submit(
        assignment=assignment,
        scores={criterion.pk: (score, "") for criterion, score in zip(criteria, scores, strict=True)},
    )


# Access


def export_urls(call) -> list[str]:
    return [
        reverse("tenants:staff_firms") + "?export=xlsx",
        reverse("tenants:staff_call", args=[call.pk]) + "?export=xlsx",
        reverse("tenants:staff_leases") + "?export=csv",
        reverse("partners:staff_mous") + "?export=xlsx",
        reverse("partners:staff_obligations") + "?export=csv",
    ]


@pytest.mark.django_db
def test_a_firm_user_gets_403_for_every_export(client, alice):
    client.force_login(alice[1])
    for url in export_urls(TenancyCallFactory()):
        assert client.get(url).status_code == 403, url


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_sign_in_from_every_export(client):
    for url in export_urls(TenancyCallFactory()):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("account_login")), url


@pytest.mark.django_db
def test_an_unknown_export_format_renders_the_page(staff_client):
    call = TenancyCallFactory()
    for url in (
        reverse("tenants:staff_firms"),
        reverse("tenants:staff_call", args=[call.pk]),
        reverse("tenants:staff_leases"),
        reverse("partners:staff_mous"),
        reverse("partners:staff_obligations"),
    ):
        response = staff_client.get(url, {"export": "pdf"})
        assert response.status_code == 200, url
        assert response["Content-Type"].startswith("text/html"), url


# The links on the pages


@pytest.mark.django_db
def test_export_links_keep_the_filters_and_drop_the_page_number(staff_client):
    response = staff_client.get(reverse("tenants:staff_leases"), {"status": "active", "renewal": "pending", "page": 2})
    body = response.content.decode()
    assert 'href="?status=active&amp;renewal=pending&amp;export=xlsx"' in body
    assert 'href="?status=active&amp;renewal=pending&amp;export=csv"' in body


@pytest.mark.django_db
def test_every_tenancy_list_shows_the_export_links(staff_client):
    call = TenancyCallFactory()
    for url in (
        reverse("tenants:staff_firms"),
        reverse("tenants:staff_call", args=[call.pk]),
        reverse("tenants:staff_leases"),
        reverse("partners:staff_mous"),
        reverse("partners:staff_obligations"),
    ):
        body = staff_client.get(url).content.decode()
        assert 'href="?export=xlsx"' in body, url
        assert 'href="?export=csv"' in body, url


# Firms


@pytest.mark.django_db
def test_firm_export_has_the_filtered_firms_with_numbers_and_kst_times(staff_client):
    firm = FirmFactory(
        name="(주)경남로봇",
        name_en="Gyeongnam Robotics",
        industry=Industry.AI_SOFTWARE,
        business_status=BusinessStatus.OPEN,
        employees=12,
    )
    MembershipFactory.create_batch(2, firm=firm)
    LeaseFactory(firm=firm)
    Firm.objects.filter(pk=firm.pk).update(created_at=datetime(2026, 3, 2, 0, 30, tzinfo=UTC))
    FirmFactory(name="(주)폐업기업", business_status=BusinessStatus.CLOSED)

    response = staff_client.get(reverse("tenants:staff_firms"), {"business_status": "open", "export": "xlsx"})

    header, rows, sheet = xlsx_rows(response)
    assert header[:3] == [korean("Name (Korean)"), korean("Name (English)"), korean("Business registration number")]
    assert len(rows) == 1
    name, name_en, brn, _industry, status, employees, members, resident, registered_at = rows[0]
    assert (name, name_en, brn) == ("(주)경남로봇", "Gyeongnam Robotics", firm.brn_display)
    assert status == korean("Open", "business status")
    assert (employees, members, resident) == (12, 2, korean("Yes"))
    assert registered_at == datetime(2026, 3, 2, 9, 30)  # KST
    assert sheet["I2"].number_format == DATETIME_FORMAT
    assert 'attachment; filename="firms-' in response["Content-Disposition"]


@pytest.mark.django_db
def test_firm_csv_starts_with_a_byte_order_mark_and_the_header(staff_client):
    FirmFactory(name="(주)경남로봇", employees=12)

    text, rows = csv_rows(staff_client.get(reverse("tenants:staff_firms"), {"export": "csv"}))

    assert text.startswith("\ufeff")
    assert rows[0][0] == korean("Name (Korean)")
    assert rows[1][0] == "(주)경남로봇"
    assert rows[1][5] == "12"


# A call's applications


@pytest.fixture
def ranked_call(roles):
    """Criteria weigh 40/40/20: A is under review, scored 78 and 60; B only received."""
    call = TenancyCallFactory()
    a = ApplicationFactory(
        call=call,
        stage=ApplicationStage.UNDER_REVIEW,
        firm__name="(주)에이",
        submitted_at=datetime(2026, 3, 2, 0, 30, tzinfo=UTC),
        staged_decision=ApplicationStage.SELECTED,
        staged_reason="기술성 우수",
    )
    b = ApplicationFactory(call=call, stage=ApplicationStage.SUBMITTED, firm__name="(주)비")
    ApplicationFactory(call=call, stage=ApplicationStage.DRAFT, firm__name="(주)초안")
    submit_scores(a, user_in_role(REVIEWER), [80, 70, 90])  # 32 + 28 + 18 = 78
    submit_scores(a, user_in_role(REVIEWER), [60, 60, 60])  # 60
    return call, a, b


@pytest.mark.django_db
def test_call_export_has_the_filtered_applications_with_their_review_figures(staff_client, ranked_call):
    call, a, _b = ranked_call

    response = staff_client.get(
        reverse("tenants:staff_call", args=[call.pk]), {"stage": "under_review", "export": "xlsx"}
    )

    header, rows, sheet = xlsx_rows(response)
    assert header[1] == korean("Firm")
    assert [row[1] for row in rows] == ["(주)에이"]  # B is only received; drafts are never listed
    rank, _firm, brn, stage, submitted_at, reviews, assigned, average, spread, decision, reason = rows[0]
    assert (rank, brn, stage) == (1, a.firm.brn_display, korean("Under review"))
    assert submitted_at == datetime(2026, 3, 2, 9, 30)  # KST
    assert (reviews, assigned, average, spread) == (2, 2, 69.0, 18.0)
    assert (decision, reason) == (korean("Selected"), "기술성 우수")
    assert sheet["E2"].number_format == DATETIME_FORMAT


@pytest.mark.django_db
def test_call_export_names_the_firms_of_a_blind_call_as_its_page_does(staff_client, roles):
    call = TenancyCallFactory(blind_review=True)
    ApplicationFactory(call=call, stage=ApplicationStage.SUBMITTED, firm__name="(주)블라인드")
    assert "(주)블라인드" in staff_client.get(reverse("tenants:staff_call", args=[call.pk])).content.decode()

    _text, rows = csv_rows(staff_client.get(reverse("tenants:staff_call", args=[call.pk]), {"export": "csv"}))

    assert rows[1][1] == "(주)블라인드"
    assert rows[1][0] == ""  # not reviewed yet, so not ranked


@pytest.mark.django_db
def test_a_decision_posted_from_a_page_with_export_in_its_address_still_saves(client, roles, ranked_call):
    call, a, _b = ranked_call
    client.force_login(user_in_role(HUB_MANAGER))
    url = reverse("tenants:staff_call", args=[call.pk]) + "?export=xlsx"
    response = client.post(
        url,
        {"application": a.pk, f"decision-{a.pk}-decision": "rejected", f"decision-{a.pk}-reason": "예산 부족"},
    )
    assert response.status_code == 302
    a.refresh_from_db()
    assert a.staged_decision == "rejected"


# Leases


@pytest.mark.django_db
def test_lease_export_has_the_filtered_leases_with_krw_amounts_and_dates(staff_client):
    today = timezone.localdate()
    active = LeaseFactory(
        firm__name="(주)입주중",
        monthly_rent=450_000,
        deposit=2_000_000,
        start_date=date(2026, 1, 1),
        end_date=today + timedelta(days=40),
    )
    LeaseFactory(firm__name="(주)퇴거함", status=LeaseStatus.ENDED)

    response = staff_client.get(reverse("tenants:staff_leases"), {"status": "active", "export": "xlsx"})

    header, rows, sheet = xlsx_rows(response)
    assert header[5] == korean("Monthly rent (KRW)")
    assert [row[0] for row in rows] == ["(주)입주중"]
    _firm, site, space, start, end, rent, deposit, status, days_left, renewal = rows[0]
    assert (site, space) == (active.space.site.name, active.space.code)
    assert start == datetime(2026, 1, 1)
    assert sheet["D2"].is_date and sheet["D2"].number_format == DATE_FORMAT
    assert (rent, deposit) == (450_000, 2_000_000)
    assert sheet["F2"].number_format == KRW_FORMAT
    assert sheet["G2"].number_format == KRW_FORMAT
    assert (status, days_left, renewal) == (korean("Active", "lease status"), 40, korean("No"))


@pytest.mark.django_db
def test_lease_export_keeps_the_renewal_requested_quick_filter(staff_client):
    waiting = LeaseFactory(firm__name="(주)연장희망")
    LeaseFactory(firm__name="(주)그대로")
    LeaseRenewalRequest.objects.create(lease=waiting, requested_end_date=waiting.end_date + timedelta(days=365))

    _text, rows = csv_rows(staff_client.get(reverse("tenants:staff_leases"), {"renewal": "pending", "export": "csv"}))

    assert [row[0] for row in rows[1:]] == ["(주)연장희망"]
    assert rows[1][-1] == korean("Yes")


@pytest.mark.django_db
def test_lease_export_holds_every_page_not_just_the_one_shown(staff_client, monkeypatch):
    monkeypatch.setattr("tenants.views.staff.LEASES_PER_PAGE", 2)
    LeaseFactory.create_batch(5)

    assert len(staff_client.get(reverse("tenants:staff_leases")).context["page"]) == 2
    _header, rows, _sheet = xlsx_rows(staff_client.get(reverse("tenants:staff_leases"), {"export": "xlsx", "page": 2}))
    assert len(rows) == 5


# MOUs and obligations


@pytest.mark.django_db
def test_mou_export_has_the_filtered_mous_with_partners_and_obligation_counts(staff_client):
    today = hub_today()
    mou = MOUFactory(
        title="스마트공장 협력 업무협약",
        partners=[PartnerFactory(name="한국클라우드"), PartnerFactory(name="창원대학교")],
        expires_on=today + timedelta(days=100),
    )
    ObligationFactory(mou=mou, due_on=today - timedelta(days=3))  # overdue
    ObligationFactory(mou=mou)
    MOUFactory(title="만료된 협약", status="expired", expires_on=today - timedelta(days=10))

    response = staff_client.get(reverse("partners:staff_mous"), {"status": "active", "export": "xlsx"})

    header, rows, sheet = xlsx_rows(response)
    assert header[0] == korean("MOU")
    assert len(rows) == 1
    title, partners, status, signed, effective, expires, days_left, notice_by, auto, open_, overdue, public = rows[0]
    assert title == "스마트공장 협력 업무협약"
    assert sorted(partners.split(", ")) == ["창원대학교", "한국클라우드"]
    assert status == korean("In effect", "MOU status")
    assert expires == datetime.combine(today + timedelta(days=100), datetime.min.time())
    assert (days_left, open_, overdue) == (100, 2, 1)
    assert notice_by == datetime.combine(mou.notice_deadline, datetime.min.time())
    assert (auto, public) == (korean("No"), korean("Yes"))
    assert sheet["F2"].number_format == DATE_FORMAT


@pytest.mark.django_db
def test_obligation_export_has_the_filtered_obligations_in_their_shown_state(staff_client):
    today = hub_today()
    party = PartnerFactory(name="한국클라우드")
    late = ObligationFactory(title="분기 실적 보고", party=party, due_on=today - timedelta(days=3))
    ObligationFactory(title="연간 계획 제출", party=party)  # open, not overdue
    ObligationFactory(title="시설 제공", party=None, due_on=today - timedelta(days=1))

    _text, rows = csv_rows(
        staff_client.get(
            reverse("partners:staff_obligations"), {"state": "overdue", "party": party.pk, "export": "csv"}
        )
    )

    assert rows[0][:2] == [korean("Party"), korean("What")]
    due = (today - timedelta(days=3)).isoformat()
    overdue = korean("Overdue", "obligation status")
    assert rows[1:] == [["한국클라우드", "분기 실적 보고", late.mou.title, due, "-3", overdue]]


# Queries


def fill_tenancy(rows: int):
    call = TenancyCallFactory()
    reviewer = user_in_role(REVIEWER)
    for _index in range(rows):
        firm = FirmFactory()
        MembershipFactory(firm=firm)
        lease = LeaseFactory(firm=firm)
        LeaseRenewalRequest.objects.create(lease=lease, requested_end_date=lease.end_date + timedelta(days=365))
        application = ApplicationFactory(call=call, firm=firm, stage=ApplicationStage.UNDER_REVIEW)
        submit_scores(application, reviewer, [70, 80, 90])
        mou = MOUFactory(partners=[PartnerFactory(), PartnerFactory()])
        ObligationFactory(mou=mou, party=mou.partners.first())
    return call


@pytest.mark.parametrize("rows", [1, 12])
@pytest.mark.parametrize("export_format", ["xlsx", "csv"])
def test_exports_run_a_constant_number_of_queries(staff_client, django_assert_max_num_queries, rows, export_format):
    call = fill_tenancy(rows)
    for url, most in (
        (reverse("tenants:staff_firms"), FIRM_EXPORT_QUERIES),
        (reverse("tenants:staff_call", args=[call.pk]), CALL_EXPORT_QUERIES),
        (reverse("tenants:staff_leases"), LEASE_EXPORT_QUERIES),
        (reverse("partners:staff_mous"), MOU_EXPORT_QUERIES),
        (reverse("partners:staff_obligations"), OBLIGATION_EXPORT_QUERIES),
    ):
        with django_assert_max_num_queries(most):
            response = staff_client.get(url, {"export": export_format})
        assert response.status_code == 200, url
        assert response["Content-Disposition"].endswith(f'.{export_format}"'), url

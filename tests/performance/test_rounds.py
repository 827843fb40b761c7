"""Opening a round: exactly one return per eligible firm (residents and graduates within the window),
one mail per representative, and opening again creates nothing twice."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from portal.notifications.models import OutboxMessage
from tenants.performance.choices import Population, RoundStatus
from tenants.performance.models import PerformanceReturn
from tenants.performance.services import round_open

from ..factories import FirmFactory, MembershipFactory
from .conftest import lease_for, moved_out, new_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def population(alice, bob, charlie):
    lease_for(alice.firm)  # resident
    moved_out(bob.firm, days_ago=365 * 2)  # graduate two years ago
    moved_out(charlie.firm, days_ago=365 * 6)  # graduated too long ago
    FirmFactory()  # never a tenant
    return alice, bob, charlie


def test_opening_creates_one_return_per_resident_and_recent_graduate(population):
    alice, bob, charlie = population
    round_ = new_round()

    created = round_open(round_=round_)

    returns = {item.firm_id: item.population for item in PerformanceReturn.objects.filter(round=round_)}
    assert created == 2
    assert returns == {alice.firm.pk: Population.RESIDENT, bob.firm.pk: Population.GRADUATE}
    round_.refresh_from_db()
    assert round_.status == RoundStatus.OPEN and round_.opened_at


def test_the_graduate_window_is_the_rounds_number_of_years(population):
    alice, bob, charlie = population
    wide = new_round("넓은 회차", graduate_years=7)
    round_open(round_=wide)
    assert set(PerformanceReturn.objects.filter(round=wide).values_list("firm_id", flat=True)) == {
        alice.firm.pk,
        bob.firm.pk,
        charlie.firm.pk,
    }

    residents_only = new_round("입주기업만", graduate_years=0)
    round_open(round_=residents_only)
    assert list(PerformanceReturn.objects.filter(round=residents_only).values_list("firm_id", flat=True)) == [
        alice.firm.pk
    ]


def test_a_firm_that_moved_out_and_back_in_is_a_resident_once(alice):
    moved_out(alice.firm, days_ago=500)
    lease_for(alice.firm)
    round_ = new_round()
    round_open(round_=round_)
    assert list(PerformanceReturn.objects.filter(round=round_).values_list("population", flat=True)) == [
        Population.RESIDENT
    ]


def test_opening_twice_is_refused_and_creates_nothing_twice(population):
    round_ = new_round()
    round_open(round_=round_)

    with pytest.raises(ValidationError):
        round_open(round_=round_)

    assert PerformanceReturn.objects.filter(round=round_).count() == 2


def test_each_representative_is_mailed_once_in_their_language(population):
    alice, bob, _charlie = population
    bob.representative.language = "en"
    bob.representative.save()
    MembershipFactory(firm=alice.firm)  # another member: not mailed
    round_ = new_round(title_en="2026 first half")

    round_open(round_=round_)

    mails = OutboxMessage.objects.filter(template="performance_round_opened")
    assert sorted(mails.values_list("recipient", flat=True)) == [alice.representative.email, bob.representative.email]
    assert mails.get(recipient=bob.representative.email).context["round_title"] == "2026 first half"
    assert mails.get(recipient=alice.representative.email).context["round_title"] == "2026년 상반기"


def test_a_round_cannot_open_past_its_due_date(population):
    round_ = new_round(due_in=-timedelta(hours=1))
    with pytest.raises(ValidationError) as error:
        round_open(round_=round_)
    assert "due_at" in error.value.message_dict
    assert not PerformanceReturn.objects.exists()


def test_a_round_asks_someone(db):
    with pytest.raises(ValidationError):
        new_round(include_residents=False, graduate_years=0)


def test_staff_open_a_round_from_its_page(staff_client, residents):
    round_ = new_round()
    response = staff_client.post(round_.get_absolute_url(), {"action": "open"})
    assert response.status_code == 302
    assert PerformanceReturn.objects.filter(round=round_).count() == 2


def test_a_programme_officer_sees_rounds_but_cannot_open_them(officer_client, residents):
    round_ = new_round()
    assert officer_client.get(round_.get_absolute_url()).status_code == 200
    assert officer_client.post(round_.get_absolute_url(), {"action": "open"}).status_code == 403
    assert not PerformanceReturn.objects.exists()


def test_staff_create_a_round_with_a_due_minute_in_kst(staff_client):
    response = staff_client.post(
        "/staff/performance/",
        {
            "round-title_ko": "2026년 연간",
            "round-title_en": "2026 annual",
            "round-kind": "annual",
            "round-period_start": "2026-01-01",
            "round-period_end": "2026-12-31",
            "round-due_at": "2027-01-31T18:00",
            "round-include_residents": "on",
            "round-graduate_years": "5",
        },
    )
    assert response.status_code == 302
    from tenants.performance.models import ReportingRound

    round_ = ReportingRound.objects.get()
    assert round_.due_at.isoformat() == "2027-01-31T09:00:00+00:00"  # 18:00 KST
    assert round_.status == RoundStatus.DRAFT


def test_a_round_ending_before_it_starts_is_a_form_error(staff_client):
    response = staff_client.post(
        "/staff/performance/",
        {
            "round-title_ko": "잘못된 회차",
            "round-kind": "annual",
            "round-period_start": "2026-12-31",
            "round-period_end": "2026-01-01",
            "round-due_at": "2027-01-31T18:00",
            "round-include_residents": "on",
            "round-graduate_years": "-1",
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "period_end" in form.errors and "graduate_years" in form.errors

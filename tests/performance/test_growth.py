"""Growth of an accepted return against the previous accepted return and the baseline at move-in."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from tenants.performance.choices import BaselineSource
from tenants.performance.selectors import Growth, return_growth
from tenants.performance.services import (
    baseline_from_application,
    baseline_set,
    investment_add,
    ip_set,
    round_open,
)
from tenants.performance.templatetags.performance import growth_text

from ..factories import ApplicationFactory, LeaseFactory
from .conftest import accepted_return, filled, new_round, return_of

pytestmark = pytest.mark.django_db


def test_growth_is_the_change_and_its_share_read_in_the_metrics_direction():
    assert Growth(120, 100).change == 20 and Growth(120, 100).percent == Decimal("20.0")
    assert Growth(120, 100).trend == "better"
    assert Growth(80, 100).trend == "worse" and Growth(80, 100).percent == Decimal("-20.0")
    assert Growth(80, 100, direction=-1).trend == "better"  # a figure where less is better
    assert Growth(5, 0).percent is None and Growth(5, 0).trend == "better"  # from nothing: no share
    assert Growth(None, 100).trend == "unknown" and Growth(100, None).change is None


def test_growth_reads_the_same_in_both_languages(settings):
    from django.utils import translation

    with translation.override("ko"):
        assert growth_text(Growth(1_200, 1_000)) == "+200 (+20.0%) · 성장"
        assert growth_text(Growth(800, 1_000)) == "-200 (-20.0%) · 감소"
    with translation.override("en"):
        assert growth_text(Growth(1_200, 1_000)) == "+200 (+20.0%) · growth"
        assert growth_text(Growth(1_000, 1_000)) == "0 (0.0%) · no change"
    assert growth_text(Growth(None, 1)) == "–"


@pytest.fixture
def two_rounds(residents, manager):
    alice, _bob = residents
    earlier = new_round("2025년 하반기", title_en="2025 H2", due_in=timedelta(days=5))
    earlier.period_end -= timedelta(days=200)
    earlier.period_start -= timedelta(days=200)
    earlier.save()
    round_open(round_=earlier)
    investment_add(
        performance_return=return_of(alice, earlier),
        actor=alice.representative,
        amount=100_000_000,
        investor="창원엔젤클럽",
        round_type="seed",
        invested_on=date(2025, 9, 1),
    )
    accepted_return(alice, earlier, manager=manager, revenue=400_000_000, employees_full_time=8, employees_part_time=0)
    later = new_round()
    round_open(round_=later)
    ip_set(
        performance_return=return_of(alice, later), actor=alice.representative, kind="patent", applied=2, registered=1
    )
    current = accepted_return(
        alice, later, manager=manager, revenue=500_000_000, employees_full_time=10, employees_part_time=2
    )
    return current


def test_growth_against_the_previous_accepted_return_and_the_baseline(two_rounds, alice):
    baseline_set(firm=alice.firm, revenue=250_000_000, employees=5, investment=0, ip_count=0, as_of=date(2024, 3, 1))

    growth = return_growth(two_rounds)
    rows = {row["metric"].key: row for row in growth["rows"]}

    assert growth["previous"].round.title == "2025년 하반기"
    assert rows["revenue"]["previous"].change == 100_000_000 and rows["revenue"]["previous"].percent == Decimal("25.0")
    assert rows["revenue"]["baseline"].percent == Decimal("100.0")
    assert rows["employees"]["previous"].change == 4 and rows["employees"]["baseline"].change == 7
    assert rows["investment"]["previous"].trend == "worse"  # 100 M raised then, none this period
    assert rows["ip"]["previous"].change == 3 and rows["ip"]["baseline"].trend == "better"
    assert rows["exports"]["previous"].trend == "unknown"


def test_a_first_return_has_growth_only_against_the_baseline(open_round, alice, manager):
    current = accepted_return(alice, open_round, manager=manager)
    growth = return_growth(current)
    assert growth["previous"] is None and growth["baseline"] is None
    assert all(row["previous"].trend == "unknown" for row in growth["rows"])


def test_a_return_not_yet_accepted_is_not_the_previous_one(residents, alice, manager):
    earlier = new_round("이전 회차", due_in=timedelta(days=5))
    earlier.period_end -= timedelta(days=200)
    earlier.period_start -= timedelta(days=200)
    earlier.save()
    round_open(round_=earlier)
    filled(alice, earlier)  # a draft only
    later = new_round()
    round_open(round_=later)
    assert return_growth(accepted_return(alice, later, manager=manager))["previous"] is None


def test_the_baseline_comes_from_the_application_at_move_in(alice):
    application = ApplicationFactory(firm=alice.firm, headcount=4)
    LeaseFactory(firm=alice.firm, application=application, start_date=date(2024, 3, 1))

    baseline = baseline_from_application(firm=alice.firm)

    assert baseline.employees == 4 and baseline.as_of == date(2024, 3, 1)
    assert baseline.source == BaselineSource.APPLICATION
    assert baseline_from_application(firm=alice.firm) is None  # staff's figures are never overwritten


def test_staff_enter_a_baseline_on_the_return_page(submitted, alice, staff_client):
    response = staff_client.post(
        submitted.get_staff_url(),
        {
            "action": "baseline",
            "baseline-revenue": "200000000",
            "baseline-employees": "6",
            "baseline-as_of": "2024-03-01",
        },
    )
    assert response.status_code == 302
    assert alice.firm.performance_baseline.revenue == 200_000_000
    bad = staff_client.post(
        submitted.get_staff_url(), {"action": "baseline", "baseline-revenue": "-5", "baseline-as_of": "2024-03-01"}
    )
    assert bad.status_code == 200 and "revenue" in bad.context["baseline_form"].errors


def test_the_monthly_report_has_the_rounds_totals_and_medians(two_rounds):
    from portal.reports.monthly import monthly_report
    from portal.reports.xlsx import monthly_workbook

    report = monthly_report(two_rounds.round.period_end + timedelta(days=40))
    rounds = report["performance"]["rounds"]
    assert [item["title"] for item in rounds] == ["2026년 상반기", "2025년 하반기"]
    residents = rounds[0]["groups"][0]
    assert residents["firms"] == 1 and residents["revenue_total"] == 500_000_000 and residents["ip_total"] == 3
    sheet = monthly_workbook(report)["입주기업 성과"]
    assert any(cell.value == 500_000_000 for row in sheet.iter_rows() for cell in row)

"""The outcome math: improvement direction, median, mean, share meeting the target, exclusions."""

from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import translation

from programs.choices import Kpi, TargetScope
from programs.selectors import (
    Pair,
    kpi_change_percent,
    kpi_improvement_percent,
    meets_target,
    outcomes_rollup,
    rank_experts,
    rollup,
    summarise,
)
from tests.factories import KpiMeasurementFactory


@pytest.mark.parametrize(
    ("kpi", "baseline", "after", "improvement"),
    [
        (Kpi.PRODUCTIVITY, 100, 120, Decimal("20.0")),  # up is good
        (Kpi.PRODUCTIVITY, 100, 90, Decimal("-10.0")),
        (Kpi.DEFECT_RATE, 10, 9, Decimal("10.0")),  # down is good
        (Kpi.DEFECT_RATE, 10, 11, Decimal("-10.0")),
        (Kpi.PROCESS_TIME, 40, 34, Decimal("15.0")),
        (Kpi.WORKLOAD, 50, 55, Decimal("-10.0")),
    ],
)
def test_improvement_has_the_right_direction_for_each_kpi(kpi, baseline, after, improvement):
    assert kpi_improvement_percent(kpi, baseline, after) == improvement


def test_change_is_none_without_an_after_value_or_with_a_zero_baseline():
    assert kpi_change_percent(100, None) is None
    assert kpi_change_percent(0, 5) is None


def test_meets_target_reads_the_sign_of_the_target():
    assert meets_target(Kpi.PRODUCTIVITY, Decimal(18), Decimal(18))
    assert not meets_target(Kpi.PRODUCTIVITY, Decimal(17.9), Decimal(18))
    assert meets_target(Kpi.DEFECT_RATE, Decimal(-10), Decimal(-9))
    assert not meets_target(Kpi.DEFECT_RATE, Decimal(-8), Decimal(-9))


def test_summarise_gives_median_mean_and_share_meeting_the_target():
    summary = summarise(Kpi.PRODUCTIVITY, [Decimal(10), Decimal(20), Decimal(30), Decimal(40)], Decimal(25))
    assert summary.count == 4
    assert summary.median == Decimal("25.0")
    assert summary.mean == Decimal("25.0")
    assert summary.meeting == 2
    assert summary.share_meeting == Decimal("50.0")


def test_summarise_without_a_target_has_no_share_and_without_values_no_numbers():
    assert summarise(Kpi.PROCESS_TIME, [Decimal(-10)]).share_meeting is None
    empty = summarise(Kpi.PROCESS_TIME, [], Decimal(-15))
    assert (empty.count, empty.median, empty.mean, empty.share_meeting) == (0, None, None, None)


def test_rollup_per_year_uses_that_years_targets_and_overall_the_completion_targets():
    pairs = [
        Pair(1, Kpi.PRODUCTIVITY, 2025, Decimal(20)),
        Pair(2, Kpi.PRODUCTIVITY, 2026, Decimal(10)),
        Pair(3, Kpi.PRODUCTIVITY, 2026, Decimal(30)),
        Pair(4, Kpi.PRODUCTIVITY, 2026, None),  # no after value: left out
    ]
    targets = {
        (TargetScope.YEAR, 2026, Kpi.PRODUCTIVITY): Decimal(18),
        (TargetScope.COMPLETION, None, Kpi.PRODUCTIVITY): Decimal(25),
    }
    result = rollup(pairs, targets)
    assert [row.year for row in result["years"]] == [2025, 2026]
    year_2026 = result["years"][1].kpis[0]
    assert (year_2026.count, year_2026.median, year_2026.share_meeting) == (2, Decimal("20.0"), Decimal("50.0"))
    assert result["years"][0].kpis[0].target is None
    overall = result["overall"]
    assert overall.engagements == 3
    assert overall.kpis[0].count == 3
    assert overall.kpis[0].median == Decimal("20.0")
    assert overall.kpis[0].share_meeting == Decimal("33.3")


@pytest.mark.django_db
def test_only_verified_pairs_with_both_measurements_count():
    KpiMeasurementFactory()  # +20 %, verified
    KpiMeasurementFactory(verified_at=None, after_value=Decimal(150))  # not verified
    KpiMeasurementFactory(verified_at=None, after_value=None, after_on=None)  # no after value
    overall = outcomes_rollup()["overall"]
    assert overall.engagements == 1
    assert overall.kpis[0].count == 1
    assert overall.kpis[0].median == Decimal("20.0")


def _expert(name, skills, capacity, load):
    return SimpleNamespace(name=name, skill_slugs=set(skills), capacity=capacity, load=load, __str__=lambda: name)


def test_experts_are_ranked_by_skill_overlap_then_free_capacity_with_the_reason():
    needed = {"quality", "mes", "computer_vision", "process_control"}
    busy_match = _expert("a", ["quality", "mes", "computer_vision"], 3, 2)
    free_match = _expert("b", ["quality", "mes", "computer_vision", "lot_tracking"], 4, 2)
    no_match = _expert("c", ["digital_twin"], 5, 0)
    ranked = rank_experts(needed, [no_match, busy_match, free_match])
    assert [fit.expert.name for fit in ranked] == ["b", "a", "c"]
    with translation.override("en"):
        assert str(ranked[0].reason) == "3 of 4 skills match; 2 free slots"
    assert ranked[2].matched == 0


def test_an_expert_with_no_free_slot_never_ranks_above_one_who_can_lead():
    needed = {"quality", "mes"}
    full_best_match = _expert("full", ["quality", "mes"], 2, 2)
    free_partial_match = _expert("free", ["quality"], 2, 1)
    ranked = rank_experts(needed, [full_best_match, free_partial_match])
    assert [fit.expert.name for fit in ranked] == ["free", "full"]
    assert ranked[1].is_full and not ranked[0].is_full

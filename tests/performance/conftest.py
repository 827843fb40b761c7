"""Shared fixtures of the performance tests: residents with leases, a graduate, an open round."""

from datetime import timedelta

import pytest
from django.utils import timezone

from portal.time import hub_today
from tenants.choices import LeaseStatus
from tenants.performance.choices import ReturnStatus
from tenants.performance.models import PerformanceReturn
from tenants.performance.services import return_update, round_create, round_open

from ..factories import LeaseFactory


def lease_for(firm, **fields):
    return LeaseFactory(firm=firm, **fields)


def moved_out(firm, *, days_ago: int):
    """A lease that ended ``days_ago`` days ago by a move-out: the firm is a graduate since then."""
    left_on = hub_today() - timedelta(days=days_ago)
    return LeaseFactory(
        firm=firm,
        start_date=left_on - timedelta(days=400),
        end_date=left_on,
        moved_out_on=left_on,
        status=LeaseStatus.ENDED,
    )


def new_round(title="2026년 상반기", *, due_in=timedelta(days=20), **fields):
    today = hub_today()
    return round_create(
        title=title,
        title_en=fields.pop("title_en", "2026 H1"),
        period_start=fields.pop("period_start", today - timedelta(days=180)),
        period_end=fields.pop("period_end", today - timedelta(days=1)),
        due_at=timezone.now() + due_in,
        **fields,
    )


@pytest.fixture
def residents(alice, bob):
    lease_for(alice.firm)
    lease_for(bob.firm)
    return alice, bob


@pytest.fixture
def open_round(residents):
    round_ = new_round()
    round_open(round_=round_)
    return round_


def return_of(people, round_) -> PerformanceReturn:
    return PerformanceReturn.objects.get(firm=people.firm, round=round_)


def filled(people, round_, **figures) -> PerformanceReturn:
    figures = {"revenue": 500_000_000, "employees_full_time": 10, "employees_part_time": 2, "new_hires": 3, **figures}
    return return_update(performance_return=return_of(people, round_), actor=people.representative, **figures)


@pytest.fixture
def submitted(open_round, alice):
    from tenants.performance.services import return_submit

    performance_return = filled(alice, open_round)
    return return_submit(performance_return=performance_return, actor=alice.representative)


def accepted_return(people, round_, *, manager, **figures) -> PerformanceReturn:
    from tenants.performance.services import return_accept, return_submit

    performance_return = filled(people, round_, **figures)
    performance_return = return_submit(performance_return=performance_return, actor=people.representative)
    performance_return = return_accept(performance_return=performance_return, actor=manager)
    assert performance_return.status == ReturnStatus.ACCEPTED
    return performance_return

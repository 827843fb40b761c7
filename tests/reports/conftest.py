from datetime import date, datetime
from decimal import Decimal

import pytest

from portal.time import KST
from programs.models import BudgetLine, FundedProject, KpiTarget, Spending
from tests.factories import (
    ApplicationFactory,
    CohortFactory,
    ConsultingRequestFactory,
    EnrolmentFactory,
    KpiMeasurementFactory,
    LeaseFactory,
    MOUFactory,
    ObligationFactory,
    SiteFactory,
    SpaceFactory,
)

OCTOBER = date(2026, 10, 1)


def kst(year, month, day, hour=12, minute=0):
    return datetime(year, month, day, hour, minute, tzinfo=KST)


@pytest.fixture
def october(db):
    """A hub with known figures for October 2026, and rows on both sides of each edge of the month."""
    site = SiteFactory(name="경남창원산학융합원", name_en="")
    taken, free = SpaceFactory(site=site, seats=6), SpaceFactory(site=site, seats=6)
    SpaceFactory(site=SiteFactory(name="신화더플렉스시티"), seats=4)
    # Current on 31 October; the other one ended before it.
    LeaseFactory(space=taken, start_date=date(2026, 1, 1), end_date=date(2026, 12, 15), monthly_rent=330_000)
    LeaseFactory(space=free, start_date=date(2025, 10, 1), end_date=date(2026, 10, 20))

    # Submitted in October by KST: 15 Oct, and 31 Oct 23:30 (still 31 Oct in Seoul, 14:30 UTC).
    ApplicationFactory(stage="selected", submitted_at=kst(2026, 10, 15))
    ApplicationFactory(stage="under_review", submitted_at=kst(2026, 10, 31, 23, 30))
    # Outside: 30 September, and 1 November 00:10 KST (still 31 October in UTC).
    ApplicationFactory(stage="submitted", submitted_at=kst(2026, 9, 30))
    ApplicationFactory(stage="submitted", submitted_at=kst(2026, 11, 1, 0, 10))

    cohort = CohortFactory(starts_on=date(2026, 10, 5), ends_on=date(2026, 10, 30), capacity=20)
    cohort.closed_at = kst(2026, 10, 31)
    cohort.save()
    for state in ("completed", "completed", "not_completed", "waitlisted"):
        EnrolmentFactory(cohort=cohort, state=state, applied_at=kst(2026, 9, 20))
    CohortFactory(starts_on=date(2026, 12, 1), ends_on=date(2026, 12, 20))  # not running in October

    done = ConsultingRequestFactory(state="completed", submitted_at=kst(2026, 10, 2), completed_at=kst(2026, 10, 28))
    ConsultingRequestFactory(state="triaged", submitted_at=kst(2026, 8, 2))
    ConsultingRequestFactory(state="submitted", submitted_at=kst(2026, 11, 2))  # after the month
    KpiMeasurementFactory(
        request=done,
        baseline_value=Decimal("100"),
        after_value=Decimal("120"),
        after_on=date(2026, 10, 20),
        verified_at=kst(2026, 10, 25),
    )
    KpiMeasurementFactory(after_on=date(2026, 11, 5), verified_at=kst(2026, 11, 6))  # verified later
    KpiTarget.objects.create(scope="completion", year=None, kpi="productivity", target_percent=Decimal("25"))

    mou = MOUFactory(title="메가존클라우드 협력", effective_from=date(2025, 1, 1), expires_on=date(2026, 12, 31))
    MOUFactory(effective_from=date(2024, 1, 1), expires_on=date(2026, 9, 30), status="expired")
    ObligationFactory(mou=mou, title="입주기업 지원 실적 보고", due_on=date(2026, 10, 20))
    ObligationFactory(
        mou=mou, title="교육 과정 개설", due_on=date(2026, 10, 10), status="done", closed_at=kst(2026, 11, 2)
    )
    ObligationFactory(
        mou=mou, title="공동 세미나", due_on=date(2026, 10, 10), status="done", closed_at=kst(2026, 10, 9)
    )
    # Entered in November, due in October: it was overdue in October all the same.
    ObligationFactory(mou=mou, title="분기 실적 보고", due_on=date(2026, 10, 15))

    project = FundedProject.objects.create(name="초거대 제조AI 서비스 개발 및 실증", slug="hyperscale-ai")
    national = BudgetLine.objects.create(project=project, source="national", amount=15_000_000_000)
    BudgetLine.objects.create(project=project, source="local", amount=6_500_000_000)
    Spending.objects.create(request=done, budget_line=national, amount=120_000_000, spent_on=date(2026, 10, 5))
    Spending.objects.create(request=done, budget_line=national, amount=80_000_000, spent_on=date(2026, 9, 5))
    Spending.objects.create(request=done, budget_line=national, amount=50_000_000, spent_on=date(2026, 11, 3))
    return {"site": site, "cohort": cohort, "mou": mou}

"""Demo AI-adoption consulting: targets from DOMAIN.md, the hyperscale project's budget, experts, and
about 30 requests across industries and states whose verified KPI pairs land near, above and below
the targets; the month just ended has requests filed, one engagement finished and payments made.
Idempotent: targets and budget are upserted; requests are created once."""

import random
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth.models import Group
from django.utils import timezone

from portal.accounts.roles import CONSULTANT
from portal.reports.monthly import Period
from portal.time import KST, hub_today
from programs.choices import (
    CONSULTING_INDUSTRIES,
    ConsultingCategory,
    ConsultingState,
    FundingSource,
    Kpi,
    MilestoneKind,
    MilestoneStatus,
    TargetScope,
)
from programs.models import (
    Assignment,
    BudgetLine,
    ConsultingRequest,
    Expert,
    FundedProject,
    KpiMeasurement,
    KpiTarget,
    Milestone,
    Skill,
    Spending,
)
from tenants.models import Firm, FirmMembership
from tenants.partners.models import Partner

CENT = Decimal("0.01")
SKILLS = [
    ("quality", "품질·비전 검사", "Quality and vision inspection"),
    ("process_control", "공정 제어", "Process control"),
    ("lot_tracking", "LOT 추적", "LOT tracking"),
    ("injection_moulding", "사출 성형", "Injection moulding"),
    ("predictive_maintenance", "예지 보전", "Predictive maintenance"),
    ("virtual_commissioning", "가상 시운전", "Virtual commissioning"),
    ("mes", "MES 연동", "MES integration"),
    ("computer_vision", "컴퓨터 비전", "Computer vision"),
    ("time_series", "시계열 분석", "Time-series analysis"),
    ("digital_twin", "디지털 트윈", "Digital twin"),
]
EXPERTS = [
    ("consultant@hubbridge.kr", "한컨설", None, ["quality", "computer_vision", "mes", "process_control"], 4),
    ("expert.kim@hubbridge.kr", "김예지", None, ["predictive_maintenance", "time_series", "mes"], 3),
    ("expert.lee@partner.hubbridge.kr", "이트윈", 0, ["virtual_commissioning", "digital_twin"], 2),
    ("expert.park@partner.hubbridge.kr", "박사출", 1, ["injection_moulding", "process_control", "quality"], 3),
    ("expert.choi@partner.hubbridge.kr", "최추적", 2, ["lot_tracking", "mes", "time_series"], 2),
]
TITLES = {
    ConsultingCategory.QUALITY: "비전 검사로 외관 불량 줄이기",
    ConsultingCategory.PROCESS_CONTROL: "가공 공정 조건 최적화",
    ConsultingCategory.LOT_TRACKING: "실시간 LOT 추적 도입",
    ConsultingCategory.INJECTION_MOULDING: "AI 자율 사출 성형",
    ConsultingCategory.PREDICTIVE_MAINTENANCE: "설비 예지 보전",
    ConsultingCategory.VIRTUAL_COMMISSIONING: "디지털 트윈 가상 시운전",
}
# (productivity, defect rate, process time, workload) signed changes in % for completed engagements:
# some above the targets, some near, some below.
OUTCOMES = [
    (Decimal(31), Decimal(-14), Decimal(-22), Decimal(-12)),
    (Decimal(24), Decimal(-10), Decimal(-16), Decimal(-9)),
    (Decimal(19), Decimal(-9), Decimal(-15), Decimal(-6)),
    (Decimal(17), Decimal(-7), Decimal(-13), Decimal(-5)),
    (Decimal(12), Decimal(-4), Decimal(-9), Decimal(-3)),
    (Decimal(27), Decimal(-12), Decimal(-18), Decimal(-11)),
    (Decimal(21), Decimal(-8), Decimal(-14), Decimal(-4)),
    (Decimal(9), Decimal(-3), Decimal(-6), Decimal(-2)),
]
BASELINES = {
    Kpi.PRODUCTIVITY: (Decimal(120), "개/시간"),
    Kpi.DEFECT_RATE: (Decimal("4.5"), "%"),
    Kpi.PROCESS_TIME: (Decimal(48), "분"),
    Kpi.WORKLOAD: (Decimal(62), "NASA-TLX"),
}
STATE_PLAN = (
    [ConsultingState.COMPLETED] * 8
    + [ConsultingState.IN_PROGRESS] * 6
    + [ConsultingState.ASSIGNED] * 3
    + [ConsultingState.TRIAGED] * 3
    + [ConsultingState.SUBMITTED] * 5
    + [ConsultingState.DECLINED] * 2
    + [ConsultingState.WITHDRAWN] * 1
    + [ConsultingState.DRAFT] * 2
)


def seed_targets() -> None:
    year = hub_today().year
    rows = [
        (TargetScope.YEAR, year, Kpi.PRODUCTIVITY, 18),
        (TargetScope.YEAR, year, Kpi.DEFECT_RATE, -9),
        (TargetScope.YEAR, year, Kpi.WORKLOAD, -5),
        (TargetScope.YEAR, year - 1, Kpi.PRODUCTIVITY, 18),
        (TargetScope.YEAR, year - 1, Kpi.DEFECT_RATE, -9),
        (TargetScope.YEAR, year - 1, Kpi.WORKLOAD, -5),
        (TargetScope.COMPLETION, None, Kpi.PRODUCTIVITY, 25),
        (TargetScope.COMPLETION, None, Kpi.PROCESS_TIME, -15),
        (TargetScope.COMPLETION, None, Kpi.WORKLOAD, -10),
    ]
    for scope, target_year, kpi, percent in rows:
        # As stored (two decimals): otherwise every run logs an audit "change" from 18.00 to 18.
        KpiTarget.objects.update_or_create(
            scope=scope, year=target_year, kpi=kpi, defaults={"target_percent": Decimal(percent).quantize(CENT)}
        )


def seed_budget() -> list[BudgetLine]:
    project, _ = FundedProject.objects.get_or_create(
        slug="hyperscale-manufacturing-ai",
        defaults={"name": "초거대 제조 AI 서비스 개발 및 실증", "name_en": "Hyperscale manufacturing-AI service"},
    )
    amounts = {FundingSource.NATIONAL: 15_000, FundingSource.LOCAL: 6_500, FundingSource.OTHER: 1_200}
    return [
        BudgetLine.objects.update_or_create(project=project, source=source, defaults={"amount": millions * 1_000_000})[
            0
        ]
        for source, millions in amounts.items()
    ]


def seed_experts() -> list[Expert]:
    from .data import ensure_user

    skills = {
        slug: Skill.objects.get_or_create(slug=slug, defaults={"name": name, "name_en": name_en})[0]
        for slug, name, name_en in SKILLS
    }
    partners = list(Partner.objects.order_by("pk")[:3])
    group = Group.objects.get(name=CONSULTANT)
    experts = []
    for email, name, partner_index, skill_slugs, capacity in EXPERTS:
        user, _ = ensure_user(email, name)
        user.groups.add(group)
        partner = partners[partner_index] if partner_index is not None and partner_index < len(partners) else None
        expert, created = Expert.objects.get_or_create(
            user=user, defaults={"partner": partner, "capacity": capacity, "languages": "ko, en"}
        )
        if created:
            expert.skills.set([skills[slug] for slug in skill_slugs])
        experts.append(expert)
    return experts


def _kpi_pairs(request, outcome, *, after_on, verified: bool, missing_after: bool) -> None:
    """Baseline four months before ``after_on``; staff verify the pair within a week of the after
    measurement, so a past month's report counts it from then on."""
    verified_at = datetime.combine(after_on + timedelta(days=6), time(10), tzinfo=KST)
    for kpi, change in zip(Kpi, outcome, strict=True):
        baseline, unit = BASELINES[kpi]
        after = (baseline * (1 + change / 100)).quantize(Decimal("0.001"))
        KpiMeasurement.objects.create(
            request=request,
            kpi=kpi,
            baseline_value=baseline,
            baseline_unit=unit,
            baseline_method="2주 평균 (MES·품질 기록)",
            baseline_on=after_on - timedelta(days=120),
            after_value=None if missing_after else after,
            after_unit="" if missing_after else unit,
            after_method="" if missing_after else "2주 평균 (MES·품질 기록)",
            after_on=None if missing_after else after_on,
            verified_at=verified_at if verified and not missing_after else None,
        )


def _new_request(*, index: int, state: str, firm, created_by, created_at, rng, completed_at=None) -> ConsultingRequest:
    """A request filed at ``created_at`` and submitted a day later; the ``index`` picks its category,
    industry and data."""
    categories = [category for category in ConsultingCategory if category != ConsultingCategory.OTHER]
    industries = list(CONSULTING_INDUSTRIES)
    category = categories[index % len(categories)]
    untriaged = state in (ConsultingState.DRAFT, ConsultingState.SUBMITTED)
    request = ConsultingRequest.objects.create(
        firm=firm,
        created_by=created_by,
        title=TITLES[category],
        industry=industries[index % len(industries)],
        process_area=rng.choice(["사출 2라인", "CNC 가공동", "도장 공정", "조립 라인 A", "열처리로"]),
        problem_statement="불량 원인을 찾지 못해 재작업이 잦고, 설비 정지가 예고 없이 발생합니다.",
        has_sensors=index % 2 == 0,
        has_mes_erp=index % 3 != 0,
        has_quality_records=True,
        data_volume=f"{1 + index % 3}년치, 약 {10 + index * 3} GB",
        desired_outcome="불량률과 공정 시간을 줄이고 작업자 부담을 덜고 싶습니다.",
        preferred_schedule="상반기 중",
        may_name_firm=index % 3 == 0,
        consent_version="2026-12-01",
        consent_at=created_at,
        state=state,
        submitted_at=None if state == ConsultingState.DRAFT else created_at + timedelta(days=1),
        is_eligible=None if untriaged else True,
        category="" if untriaged else category,
        priority=rng.choice(["low", "normal", "normal", "high"]),
        triage_reason="" if untriaged else "지원 대상 제조기업",
        close_reason={
            ConsultingState.DECLINED: "지원 대상 업종이 아님",
            ConsultingState.WITHDRAWN: "내부 일정 변경",
        }.get(state, ""),
        completed_at=completed_at,
        created_at=created_at,
    )
    skill = Skill.objects.filter(slug=category).first()
    if skill and request.category:
        request.tags.add(skill)
    return request


def _engage(request, *, index: int, experts: list[Expert]) -> None:
    """Experts assigned and the milestones planned; all done once the engagement is completed."""
    fitting = [expert for expert in experts if request.category in {skill.slug for skill in expert.skills.all()}]
    lead = fitting[0] if fitting else experts[0]
    Assignment.objects.create(request=request, expert=lead, is_lead=True)
    if index % 4 == 0 and lead != experts[0]:
        Assignment.objects.create(request=request, expert=experts[0], is_lead=False)
    for offset, kind in enumerate([MilestoneKind.DIAGNOSIS, MilestoneKind.DATA_COLLECTION, MilestoneKind.POC]):
        done = request.state == ConsultingState.COMPLETED or offset == 0
        Milestone.objects.create(
            request=request,
            kind=kind,
            due_on=request.created_at.date() + timedelta(days=30 * (offset + 1)),
            status=MilestoneStatus.DONE if done else MilestoneStatus.PLANNED,
            notes="현장 진단 완료" if done else "",
        )


def seed_consulting() -> None:
    seed_targets()
    lines = seed_budget()
    experts = seed_experts()
    if ConsultingRequest.objects.exists():
        return
    rng = random.Random(8)
    today = hub_today()
    representatives = {
        membership.firm_id: membership.user
        for membership in FirmMembership.objects.filter(role="representative").select_related("user")
    }
    firms = list(Firm.objects.filter(pk__in=representatives).order_by("pk"))
    completed = 0
    running = []
    for index, state in enumerate(STATE_PLAN):
        firm = firms[index % len(firms)]
        created_at = timezone.now() - timedelta(days=400 - index * 12)
        request = _new_request(
            index=index,
            state=state,
            firm=firm,
            created_by=representatives[firm.pk],
            created_at=created_at,
            completed_at=created_at + timedelta(days=200) if state == ConsultingState.COMPLETED else None,
            rng=rng,
        )
        if state not in (ConsultingState.ASSIGNED, ConsultingState.IN_PROGRESS, ConsultingState.COMPLETED):
            continue
        _engage(request, index=index, experts=experts)
        if state == ConsultingState.COMPLETED:
            _kpi_pairs(
                request,
                OUTCOMES[completed],
                after_on=today - timedelta(days=20 + (365 if completed < 2 else 0)),
                verified=completed != 7,  # one pair set is still waiting for verification
                missing_after=False,
            )
            completed += 1
        elif state == ConsultingState.IN_PROGRESS:
            running.append(request)
            if index % 2 == 0:
                _kpi_pairs(
                    request, OUTCOMES[0], after_on=today - timedelta(days=20), verified=False, missing_after=True
                )
        Spending.objects.create(
            request=request,
            budget_line=lines[index % len(lines)],
            amount=rng.choice([30, 45, 60, 80]) * 1_000_000,
            spent_on=created_at.date() + timedelta(days=40),
            description="전문가 컨설팅 및 데이터 수집 장비",
        )
    seed_last_month_consulting(firms, representatives, experts, lines, running, rng)


def seed_last_month_consulting(firms, representatives, experts, lines, running, rng) -> None:
    """The month just ended, for the monthly hub report: an engagement that finished in it with its KPI
    pairs measured and verified, two requests filed in it, and payments to engagements still running."""
    month = Period.of(hub_today()).previous()

    def at(day: int, hour: int) -> datetime:
        return month.start + timedelta(days=day - 1, hours=hour)

    index = len(STATE_PLAN)
    firm = firms[index % len(firms)]
    finished = _new_request(
        index=index,
        state=ConsultingState.COMPLETED,
        firm=firm,
        created_by=representatives[firm.pk],
        created_at=at(1, 10) - timedelta(days=180),
        completed_at=at(21, 17),
        rng=rng,
    )
    _engage(finished, index=index, experts=experts)
    _kpi_pairs(
        finished,
        (Decimal(22), Decimal(-10), Decimal(-16), Decimal(-8)),
        after_on=month.first_day + timedelta(days=11),  # verified on the 18th
        verified=True,
        missing_after=False,
    )
    for amount, spent_on, description in [
        (60_000_000, finished.created_at.date() + timedelta(days=40), "전문가 컨설팅 및 데이터 수집 장비"),
        (35_000_000, month.first_day + timedelta(days=21), "PoC 검증과 최종 보고 (잔금)"),
    ]:
        Spending.objects.create(
            request=finished,
            budget_line=lines[index % len(lines)],
            amount=amount,
            spent_on=spent_on,
            description=description,
        )
    for offset, (state, day) in enumerate([(ConsultingState.TRIAGED, 3), (ConsultingState.SUBMITTED, 8)], start=1):
        firm = firms[(index + offset) % len(firms)]
        _new_request(
            index=index + offset,
            state=state,
            firm=firm,
            created_by=representatives[firm.pk],
            created_at=at(day, 15),
            rng=rng,
        )
    for position, request in enumerate(running[:3]):
        Spending.objects.create(
            request=request,
            budget_line=lines[position % len(lines)],
            amount=(25, 40, 30)[position] * 1_000_000,
            spent_on=month.first_day + timedelta(days=9 + 7 * position),
            description="PoC 개발 및 현장 실증 (중도금)",
        )

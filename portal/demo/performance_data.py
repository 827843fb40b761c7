"""Demo performance returns (issue 17): two past half-year rounds with accepted, corrected and late
returns from the residents and a few graduates, and the last half-year's round open with drafts.

Rounds are placed relative to today: the half-year that ended last is open now, the two before it
are done. Idempotent: a round whose title exists is left as it is.
"""

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from portal.accounts.models import User
from portal.accounts.roles import HUB_MANAGER
from portal.time import KST, hub_today
from tenants.choices import Industry, LeaseStatus
from tenants.models import Firm, Lease, Space
from tenants.performance.choices import IPKind, ReturnStatus
from tenants.performance.models import Baseline, PerformanceReturn, ReportingRound, ReturnStatusChange
from tenants.performance.services import (
    baseline_set,
    investment_add,
    ip_set,
    return_accept,
    return_send_back,
    return_submit,
    return_update,
    round_close,
    round_create,
    round_open,
)
from tenants.selectors import firm_representative

GRADUATES = [
    ("(주)그린팩토리솔루션", "Green Factory Solutions", Industry.AI_SOFTWARE, date(2025, 2, 28)),
    ("(주)오션드론랩", "Ocean Drone Lab", Industry.AI_SOFTWARE, date(2024, 8, 31)),
    ("(주)스마트용접테크", "Smart Welding Tech", Industry.AI_SOFTWARE, date(2025, 2, 28)),
    ("(주)비전큐에이", "VisionQA", Industry.AI_SOFTWARE, date(2023, 12, 31)),
]
INVESTORS = ["경남벤처투자", "창원엔젤클럽", "BNK벤처투자", "한국산업은행", "중소벤처기업진흥공단"]
CORRECTIONS = {
    "revenue": "부가가치세 과세표준증명원의 매출액과 다릅니다. 확인 후 고쳐 주세요.",
    "new_hires": "신규 채용 인원이 4대보험 가입자 명부와 맞지 않습니다.",
    "evidence": "매출 증빙(재무제표 또는 부가세 신고서)을 첨부해 주세요.",
}


def _half_years(today: date) -> list[tuple[date, date, str, str]]:
    """The last three half-years that have ended, oldest first: (start, end, Korean title, English title)."""
    year, first_half = (today.year, True) if today.month >= 7 else (today.year - 1, False)
    halves = []
    for _step in range(3):
        if first_half:
            halves.append((date(year, 1, 1), date(year, 6, 30), f"{year}년 상반기", f"{year} first half"))
            year, first_half = year - 1, False
        else:
            halves.append((date(year, 7, 1), date(year, 12, 31), f"{year}년 하반기", f"{year} second half"))
            first_half = True
    return list(reversed(halves))


def _at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=KST)


def seed_graduates() -> None:
    """Four firms that moved out of the hub in the last three years (graduates)."""
    from portal.demo.data import demo_brn, ensure_user
    from tenants.services import firm_register

    space = Space.objects.order_by("pk").first()
    if space is None:
        return
    for index, (name, name_en, industry, moved_out_on) in enumerate(GRADUATES):
        brn = demo_brn(80 + index)
        firm = Firm.objects.filter(brn=brn).first()
        if firm is None:
            representative, _created = ensure_user(f"grad{index + 1:02d}@demo.hubbridge.kr", f"졸업대표{index + 1}")
            firm = firm_register(
                user=representative,
                brn=brn,
                name=name,
                name_en=name_en,
                representative_name=representative.name,
                industry=industry,
                employees=12 + index * 5,
                postal_code="51140",
                address="경상남도 창원시 의창구 창원대학로 20",
            )
        if not firm.leases.exists():
            Lease.objects.create(
                firm=firm,
                space=space,
                start_date=moved_out_on - timedelta(days=3 * 365),
                end_date=moved_out_on,
                moved_out_on=moved_out_on,
                status=LeaseStatus.ENDED,
                monthly_rent=space.monthly_rent,
                deposit=space.deposit,
            )


def _figures(rng: random.Random, firm: Firm, step: int) -> dict:
    base = 80_000_000 + (firm.pk * 7_919_000) % 2_400_000_000
    growth = 1 + 0.12 * step + rng.uniform(-0.08, 0.1)
    full_time = max(2, (firm.employees or 5) + step * rng.randint(0, 3))
    new_hires = rng.randint(0, min(4, full_time))
    return {
        "revenue": int(base * growth) // 10_000 * 10_000,
        "employees_full_time": full_time,
        "employees_part_time": rng.randint(0, 3),
        "new_hires": new_hires,
        "youth_hires": rng.randint(0, new_hires),
        "exports_krw": int(base * 0.2 * growth) // 10_000 * 10_000 if firm.pk % 3 == 0 else None,
        "certifications": "ISO 9001" if firm.pk % 5 == 0 else "",
        "awards": "경남 스마트제조 혁신대상" if firm.pk % 11 == 0 and step == 2 else "",
        "products_launched": "AI 불량 검출 SaaS v2" if firm.pk % 4 == 0 else "",
    }


def _fill(performance_return, representative, rng, step) -> None:
    return_update(
        performance_return=performance_return,
        actor=representative,
        **_figures(rng, performance_return.firm, step),
    )
    if rng.random() < 0.25:
        investment_add(
            performance_return=performance_return,
            actor=representative,
            amount=rng.choice([50, 100, 200, 300, 500]) * 1_000_000,
            investor=rng.choice(INVESTORS),
            round_type=rng.choice(["seed", "pre_a", "series_a", "grant"]),
            invested_on=performance_return.round.period_start + timedelta(days=rng.randint(10, 170)),
        )
    if rng.random() < 0.3:
        ip_set(
            performance_return=performance_return,
            actor=representative,
            kind=rng.choice([IPKind.PATENT, IPKind.SOFTWARE, IPKind.TRADEMARK]),
            applied=rng.randint(1, 3),
            registered=rng.randint(0, 2),
            numbers="10-2025-0012345",
        )


def _backdate(performance_return, *, submitted_at: datetime, late: bool, accepted_at: datetime | None) -> None:
    """Put the demo's past actions on the days they would have happened (the services stamp now)."""
    PerformanceReturn.objects.filter(pk=performance_return.pk).update(
        submitted_at=submitted_at, is_late=late, accepted_at=accepted_at
    )
    changes = list(ReturnStatusChange.objects.filter(performance_return=performance_return).order_by("pk"))
    for offset, change in enumerate(changes):
        moment = (accepted_at if change.to_status == ReturnStatus.ACCEPTED else None) or submitted_at + timedelta(
            days=3 * offset
        )
        ReturnStatusChange.objects.filter(pk=change.pk).update(changed_at=moment)


def _past_round(half, *, step: int, reviewer: User, rng: random.Random) -> None:
    start, end, title, title_en = half
    due_at = _at(end + timedelta(days=45), 18)
    round_ = round_create(title=title, title_en=title_en, period_start=start, period_end=end, due_at=due_at)
    round_open(round_=round_, actor=reviewer, now=_at(end + timedelta(days=1)))
    returns = PerformanceReturn.objects.filter(round=round_).select_related("firm", "round").order_by("firm__pk")
    for index, performance_return in enumerate(returns):
        representative = firm_representative(performance_return.firm)
        if representative is None or index % 13 == 12:
            continue  # never handed in: overdue in the staff table
        _fill(performance_return, representative, rng, step)
        performance_return = return_submit(performance_return=performance_return, actor=representative)
        late = index % 9 == 4
        submitted_at = due_at + timedelta(days=6) if late else due_at - timedelta(days=rng.randint(2, 30))
        if index % 6 == 1:  # corrected once, field by field, then accepted
            comments = dict(list(CORRECTIONS.items())[: 1 + index % 3])
            performance_return = return_send_back(
                performance_return=performance_return, actor=reviewer, comments=comments
            )
            figures = {"revenue": (performance_return.revenue or 0) - 10_000_000} if "revenue" in comments else {}
            if "new_hires" in comments:
                figures["new_hires"] = max(0, (performance_return.new_hires or 0) - 1)
                figures["youth_hires"] = 0
            performance_return = return_update(performance_return=performance_return, actor=representative, **figures)
            performance_return = return_submit(performance_return=performance_return, actor=representative)
        performance_return = return_accept(performance_return=performance_return, actor=reviewer)
        _backdate(
            performance_return, submitted_at=submitted_at, late=late, accepted_at=submitted_at + timedelta(days=14)
        )
    round_close(round_=round_)
    ReportingRound.objects.filter(pk=round_.pk).update(opened_at=_at(end + timedelta(days=1)))


def _open_round(half, *, reviewer: User, rng: random.Random) -> None:
    start, end, title, title_en = half
    now = timezone.now()
    due_at = _at(hub_today() + timedelta(days=12), 18)
    round_ = round_create(title=title, title_en=title_en, period_start=start, period_end=end, due_at=due_at)
    round_open(round_=round_, actor=reviewer, now=now)
    returns = PerformanceReturn.objects.filter(round=round_).select_related("firm", "round").order_by("firm__pk")
    for index, performance_return in enumerate(returns):
        representative = firm_representative(performance_return.firm)
        if representative is None or index % 4 == 3:
            continue  # not started yet
        _fill(performance_return, representative, rng, 3)
        if index % 4 == 1:
            performance_return = return_submit(performance_return=performance_return, actor=representative)
            if index % 8 == 5:
                return_send_back(
                    performance_return=performance_return,
                    actor=reviewer,
                    comments={"revenue": CORRECTIONS["revenue"]},
                    note="증빙과 함께 다시 제출해 주세요.",
                )


def seed_baselines() -> None:
    """Each tenant's figures at move-in: the headcount of its application (or profile), and a revenue
    staff entered from its first financial statements."""
    for firm in Firm.objects.filter(leases__isnull=False).distinct().order_by("pk"):
        if Baseline.objects.filter(firm=firm).exists():
            continue
        lease = firm.leases.order_by("start_date", "pk").first()
        headcount = lease.application.headcount if lease.application_id else None
        baseline_set(
            firm=firm,
            revenue=(60_000_000 + (firm.pk * 7_919_000) % 2_400_000_000 * 7 // 10) // 10_000 * 10_000,
            employees=headcount if headcount is not None else max(1, (firm.employees or 4) - 2),
            investment=0,
            ip_count=firm.pk % 3,
            as_of=lease.start_date,
        )


def seed_performance() -> None:
    seed_graduates()
    seed_baselines()
    reviewer = User.objects.filter(groups__name=HUB_MANAGER).order_by("pk").first()
    rng = random.Random(17)
    *past, current = _half_years(hub_today())
    for step, half in enumerate(past, start=1):
        if not ReportingRound.objects.filter(title_ko=half[2]).exists():
            _past_round(half, step=step, reviewer=reviewer, rng=rng)
    if not ReportingRound.objects.filter(title_ko=current[2]).exists():
        _open_round(current, reviewer=reviewer, rng=rng)

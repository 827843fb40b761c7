"""Demo training programmes: past cohorts with attendance and certificates (the last one ran in the
month just ended), one open cohort nearly full with a waitlist, one upcoming. Idempotent, like the rest
of seed_demo."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from portal.accounts.models import User
from portal.reports.monthly import Period
from portal.time import KST
from programs.choices import EnrolmentState
from programs.models import Cohort, Programme, Session
from programs.services import attendance_mark, cohort_close, enrolment_apply
from tenants.partners.models import MOU

PROGRAMMES = [
    {
        "slug": "manufacturing-ai-basics",
        "title": "제조 AI 기초",
        "title_en": "Manufacturing AI basics",
        "topic": "ai_basics",
        "level": "beginner",
        "description": "제조 현장의 설비·품질 데이터를 이해하고 간단한 예측 모델을 직접 만들어 보는 입문 과정입니다.",
        "outcomes": "제조 데이터 전처리, 불량 예측 모델 학습과 평가, 결과를 현장 지표로 설명하기",
        "audience": "AI 도입을 준비하는 제조기업 실무자, 입주기업 신입 엔지니어",
        "description_en": "An introduction for people who want to understand equipment and quality data from the "
        "shop floor and build a simple prediction model themselves.",
        "outcomes_en": "Prepare manufacturing data, train and evaluate a defect prediction model, and explain the "
        "result in shop-floor terms",
        "audience_en": "Practitioners at manufacturers preparing to adopt AI; new engineers at resident firms",
    },
    {
        "slug": "smart-injection-data",
        "title": "스마트 사출 공정 데이터 분석",
        "title_en": "Smart injection moulding: process data analysis",
        "topic": "data",
        "level": "intermediate",
        "description": "사출 성형 설비의 공정 변수와 LOT 추적 데이터를 분석해 불량 원인을 찾고 조건을 최적화합니다.",
        "outcomes": "공정 변수와 품질의 관계 분석, 실시간 LOT 추적 데이터 활용, 자율 사출 조건 추천 실습",
        "audience": "사출·성형 공정 엔지니어, 품질 담당자",
        "description_en": "Analyse the process variables and lot tracking data of injection moulding machines to find "
        "the causes of defects and optimise the settings.",
        "outcomes_en": "Relate process variables to quality, use real-time lot tracking data, and practise "
        "recommending moulding settings automatically",
        "audience_en": "Injection moulding process engineers and quality staff",
    },
    {
        "slug": "digital-twin-commissioning",
        "title": "디지털 트윈 가상 시운전 실무",
        "title_en": "Digital twin virtual commissioning in practice",
        "topic": "digital_twin",
        "level": "advanced",
        "description": "시뮬레이션 도구로 생산 라인을 모델링하고 설비·인력 재배치를 가상 시운전으로 검증합니다.",
        "outcomes": "라인 모델링, PLC 연동 가상 시운전, 배치 변경안의 생산성 비교",
        "audience": "생산기술·설비 엔지니어, 디지털 트윈 도입 기업",
        "description_en": "Model a production line with simulation tools and check rearranged equipment and staff by "
        "virtual commissioning.",
        "outcomes_en": "Line modelling, virtual commissioning linked to PLCs, and comparing the productivity of "
        "layout changes",
        "audience_en": "Production and equipment engineers; firms adopting digital twins",
    },
]


def _at(day, hour) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=KST)


def _cohort(programme, name, *, starts_in_days, capacity, sessions=4, open_days=(-30, -3)):
    """A cohort starting ``starts_in_days`` from today; ``open_days`` are relative to its start."""
    today = timezone.localdate()
    starts_on = today + timedelta(days=starts_in_days)
    cohort = Cohort.objects.create(
        programme=programme,
        name=name,
        # "2026 2기" is "2026 cohort 2" in English.
        name_en=name.replace("기", "").replace(" ", " cohort ", 1),
        starts_on=starts_on,
        ends_on=starts_on + timedelta(days=7 * (sessions - 1)),
        venue="경남창원산학융합원 3층 교육장",
        venue_en="Gyeongnam Changwon Industry-Academia Convergence Institute, 3rd-floor training room",
        capacity=capacity,
        fee=0 if programme.level == "beginner" else 150_000,
        applications_open_at=_at(starts_on + timedelta(days=open_days[0]), 9),
        applications_close_at=_at(starts_on + timedelta(days=open_days[1]), 18),
        questions=["현재 맡고 있는 업무를 간단히 적어 주세요."],
        resident_priority_seats=2 if capacity >= 10 else 0,
        is_published=True,
    )
    for number in range(sessions):
        day = starts_on + timedelta(days=7 * number)
        Session.objects.create(
            cohort=cohort,
            title=f"{number + 1}회차",
            title_en=f"Session {number + 1}",
            starts_at=_at(day, 14),
            ends_at=_at(day, 17),
        )
    return cohort


def _fill(cohort, people, *, now):
    """Apply as if while the window was open (``now`` inside it)."""
    for person in people:
        enrolment_apply(
            cohort=cohort,
            user=person,
            consent_given=True,
            answers=dict.fromkeys(cohort.questions, "사출 공정 품질 관리"),
            now=now,
        )
    # The service stamps the moment it runs; the monthly report counts applications by when they came.
    enrolments = cohort.enrolments.filter(user__in=people)
    enrolments.update(applied_at=now, consent_at=now)
    enrolments.exclude(seated_at=None).update(seated_at=now)


def seed_programs() -> None:
    if Programme.objects.exists():
        return
    programmes = [Programme.objects.create(**spec) for spec in PROGRAMMES]
    # The hyperscale manufacturing-AI MOU plans technical training: link it to the courses.
    hyperscale = MOU.objects.filter(title__contains="초거대").first()
    if hyperscale:
        hyperscale.training_programmes.set(programmes[:2])
    people = list(User.objects.filter(email__startswith="member").order_by("email"))
    basics, injection, twin = programmes

    # Three past cohorts: attendance marked, closed, certificates issued. The last one ran in the month
    # just ended (applications on the 1st to the 5th, sessions from the 6th to the 27th), so the monthly
    # report has a closed cohort to show.
    last_month = Period.of(timezone.localdate()).previous()
    last_month_start = (last_month.first_day + timedelta(days=5) - timezone.localdate()).days
    for programme, name, starts_in, open_days, group in (
        (basics, "2026 1기", -120, (-30, -3), people[:12]),
        (injection, "2026 1기", -90, (-30, -3), people[12:22]),
        (twin, "2026 1기", last_month_start, (-5, -1), people[45:57]),
    ):
        cohort = _cohort(programme, name, starts_in_days=starts_in, capacity=len(group) + 2, open_days=open_days)
        _fill(cohort, group, now=cohort.applications_open_at + timedelta(hours=1))
        seated = list(cohort.enrolments.filter(state=EnrolmentState.SEATED).order_by("pk"))
        for index, session in enumerate(cohort.sessions.order_by("starts_at")):
            # Most attend every session; every fifth person misses half of them and does not complete.
            present = {e.pk for position, e in enumerate(seated) if position % 5 != 4 or index % 2 == 0}
            attendance_mark(session=session, present_enrolment_ids=present)
        cohort_close(cohort=cohort)

    # Open now, nearly full, with a waitlist: 20 seats, 23 applicants, then two cancellations.
    open_cohort = _cohort(basics, "2026 2기", starts_in_days=21, capacity=20, open_days=(-28, -2))
    _fill(open_cohort, people[22:45], now=timezone.now())
    # Upcoming: applications open next week.
    _cohort(twin, "2027 1기", starts_in_days=60, capacity=16, open_days=(-53, -15))

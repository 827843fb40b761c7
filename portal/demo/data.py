"""Demo data for development: the two Hub&Bridge sites, 44 resident firms, people and staff roles.

Every function is idempotent: running ``seed_demo`` twice changes nothing. Not for production.
"""

import functools
import io
import random
from datetime import date, datetime, timedelta
from decimal import Decimal

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import Q
from django.test.utils import override_settings
from django.utils import timezone

from portal.accounts.models import User
from portal.accounts.roles import (
    AUDITOR,
    CONSULTANT,
    HUB_MANAGER,
    PROGRAMME_OFFICER,
    REVIEWER,
    ROLE_PERMISSIONS,
    sync_roles,
)
from portal.accounts.services import consent_record_answers
from portal.demo.consulting_data import seed_consulting
from portal.demo.corrections_data import seed_corrections
from portal.demo.desk_data import seed_desk
from portal.demo.notices_data import seed_notices
from portal.demo.performance_data import seed_performance
from portal.demo.programs_data import seed_programs
from portal.demo.rooms_data import seed_rooms
from portal.reports.monthly import Period
from portal.time import KST
from tenants.brn import brn_check_digit
from tenants.choices import (
    ApplicationStage,
    Industry,
    LeaseStatus,
    MembershipRole,
    SpaceKind,
)
from tenants.models import (
    Application,
    CallCriterion,
    CallRequirement,
    Firm,
    FirmMembership,
    Site,
    Space,
    TenancyCall,
)
from tenants.partners.choices import PartnerKind, Recurrence, RenewalDecision
from tenants.partners.models import MOU, Partner, PartnerContact
from tenants.partners.services import (
    mou_activate,
    mou_create,
    mou_decide_renewal,
    mou_expire,
    mou_renew,
    mou_terminate,
    mou_update,
    obligation_complete,
    obligation_create,
    obligation_waive,
)
from tenants.selectors import firm_representative
from tenants.services import (
    application_create_draft,
    application_stage_decision,
    application_start_review,
    application_submit,
    application_update_draft,
    application_withdraw,
    applications_apply_staged_decisions,
    attachment_add,
    firm_register,
    lease_create,
    lease_create_from_application,
    review_assign,
    review_declare_conflict,
    review_submit,
)

DEMO_PASSWORD = "hubbridge-demo-2026"
# Every demo staff person's authenticator app (README "Demo logins"): add it to an app by hand, or print
# the current code with `manage.py demo_totp`. Development only, like the password.
DEMO_TOTP_SECRET = "HUBBRIDGEDEMOSTAFFTOTPKEYAAAAAAA"
FIRM_COUNT = 44
# The last of the 44 moved in during the month just ended, selected in that month's rolling call:
# seed_calls gives it its lease, so the monthly report has a lease that began in the month.
NEWEST_RESIDENT = FIRM_COUNT - 1

SITES = [
    {
        "slug": "gcic",
        "name": "경남창원산학융합원",
        "name_en": "Gyeongnam Changwon Industry-Academia Convergence Institute",
        "postal_code": "51140",
        "address": "경상남도 창원시 의창구 창원대학로 20",
        "description": "산학 협력 연구동 안의 Hub&Bridge 입주 공간입니다.",
        "description_en": "Hub&Bridge tenant space in the industry-academia research building.",
        "contact_phone": "055-000-0101",
        "contact_email": "gcic@hubbridge.example.kr",
        "office_hours": "평일 09:00–18:00 (점심 12:00–13:00), 3층 운영사무실",
        "office_hours_en": "Working days 09:00–18:00 (lunch 12:00–13:00), office on the 3rd floor",
        "floors": (3, 4, 5),
    },
    {
        "slug": "flex-city",
        "name": "신화더플렉스시티",
        "name_en": "Shinhwa The Flex City",
        "postal_code": "51573",
        "address": "경상남도 창원시 성산구 완암로 50",
        "description": "창원국가산업단지 안의 지식산업센터에 있는 Hub&Bridge 입주 공간입니다.",
        "description_en": (
            "Hub&Bridge tenant space in a knowledge-industry centre inside the Changwon National Industrial Complex."
        ),
        "contact_phone": "055-000-0202",
        "contact_email": "flexcity@hubbridge.example.kr",
        "office_hours": "평일 09:00–18:00 (점심 12:00–13:00), 7층 운영사무실",
        "office_hours_en": "Working days 09:00–18:00 (lunch 12:00–13:00), office on the 7th floor",
        "floors": (7, 8, 9),
    },
]

STAFF = [
    ("admin@hubbridge.kr", "관리자", None),
    ("manager@hubbridge.kr", "박허브", HUB_MANAGER),
    ("officer@hubbridge.kr", "최사업", PROGRAMME_OFFICER),
    ("reviewer@hubbridge.kr", "정심사", REVIEWER),
    ("reviewer2@hubbridge.kr", "오평가", REVIEWER),
    ("reviewer3@hubbridge.kr", "서검토", REVIEWER),
    ("consultant@hubbridge.kr", "한컨설", CONSULTANT),
    ("auditor@hubbridge.kr", "윤감사", AUDITOR),
]
APPLICANT_COUNT = 12
LEASE_END_OFFSETS = (5, 21, 45, 80, 150, 240, 330, 420, 510, 600, 700)

NAME_PARTS = [
    ("가온", "Gaon"),
    ("한빛", "Hanbit"),
    ("누리", "Nuri"),
    ("다온", "Daon"),
    ("세움", "Seum"),
    ("미르", "Mir"),
    ("온새", "Onsae"),
    ("해솔", "Haesol"),
    ("라온", "Raon"),
    ("새솔", "Saesol"),
    ("창원", "Changwon"),
]
DOMAIN_PARTS = [
    ("AI", "AI", Industry.AI_SOFTWARE),
    ("데이터랩", "Data Lab", Industry.DATA_CLOUD),
    ("로보틱스", "Robotics", Industry.ROBOTICS),
    ("디지털트윈", "Digital Twin", Industry.DIGITAL_TWIN),
    ("비전", "Vision", Industry.AI_SOFTWARE),
    ("클라우드", "Cloud", Industry.DATA_CLOUD),
    ("스마트팩토리", "Smart Factory", Industry.IOT_5G),
    ("모빌리티", "Mobility", Industry.AUTOMOTIVE),
    ("에어로", "Aero", Industry.AEROSPACE),
    ("드론", "Drone", Industry.DRONES),
    ("정밀", "Precision", Industry.MACHINERY),
]
SURNAMES = "김이박최정강조윤장임한오서신권황안송류홍"
GIVEN_NAMES = [
    "민준",
    "서연",
    "도윤",
    "지우",
    "하준",
    "서윤",
    "시우",
    "지민",
    "예준",
    "하은",
    "주원",
    "수아",
    "지호",
    "유진",
]
DESCRIPTIONS = {
    Industry.AI_SOFTWARE: "제조 현장의 비전 검사와 공정 이상 탐지를 위한 AI 소프트웨어를 개발합니다.",
    Industry.DATA_CLOUD: "설비 데이터 수집과 클라우드 기반 제조 데이터 플랫폼을 제공합니다.",
    Industry.ROBOTICS: "협동 로봇과 공정 자동화 솔루션을 만듭니다.",
    Industry.DIGITAL_TWIN: "디지털 트윈 기반 가상 시운전과 설비 배치 최적화를 지원합니다.",
    Industry.IOT_5G: "5G·IoT 센서 네트워크로 스마트 공장을 구축합니다.",
    Industry.AUTOMOTIVE: "자동차 부품 공정의 품질 예측 모델을 개발합니다.",
    Industry.AEROSPACE: "항공 부품 가공 공정의 데이터 분석을 수행합니다.",
    Industry.DRONES: "산업용 드론과 설비 점검 자동화를 연구합니다.",
    Industry.MACHINERY: "정밀 기계 가공 설비의 예지 보전 솔루션을 제공합니다.",
}
DESCRIPTIONS_EN = {
    Industry.AI_SOFTWARE: "Builds AI software for vision inspection and process anomaly detection on the shop floor.",
    Industry.DATA_CLOUD: "Collects equipment data and offers a cloud manufacturing data platform.",
    Industry.ROBOTICS: "Makes collaborative robots and process automation solutions.",
    Industry.DIGITAL_TWIN: "Supports virtual commissioning and equipment layout optimisation with digital twins.",
    Industry.IOT_5G: "Builds smart factories with 5G and IoT sensor networks.",
    Industry.AUTOMOTIVE: "Develops quality prediction models for automotive parts processes.",
    Industry.AEROSPACE: "Analyses the data of aerospace parts machining processes.",
    Industry.DRONES: "Researches industrial drones and automated equipment inspection.",
    Industry.MACHINERY: "Offers predictive maintenance for precision machining equipment.",
}


def demo_brn(index: int) -> str:
    """A valid BRN at the Changwon tax office (609), mostly corporations, some sole proprietors."""
    kind = ("81", "86", "87", "88", "01", "81")[index % 6]
    first_nine = f"609{kind}{index + 1:04d}"
    return first_nine + str(brn_check_digit(first_nine))


@functools.cache
def demo_password_hash() -> str:
    # Hash once: hashing for each of the ~140 demo people would take half a minute.
    return make_password(DEMO_PASSWORD)


def person_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN_NAMES)


def ensure_user(email: str, name: str, *, staff: bool = False, superuser: bool = False) -> tuple[User, bool]:
    user = User.objects.filter(email=email).first()
    created = user is None
    if created:
        factory = User.objects.create_superuser if superuser else User.objects.create_user
        user = factory(email=email, password=None, name=name, is_staff=staff or superuser)
        user.password = demo_password_hash()
        user.save(update_fields=["password"])
        consent_record_answers(
            user=user, answers={"personal_info": True, "mobile_phone": False, "marketing": False}, ip_address=None
        )
    EmailAddress.objects.get_or_create(user=user, email=email, defaults={"primary": True, "verified": True})
    return user, created


def seed_staff() -> None:
    sync_roles()
    for email, name, role in STAFF:
        user, _ = ensure_user(email, name, staff=True, superuser=role is None)
        if role:
            user.groups.add(Group.objects.get(name=role))


def seed_staff_mfa() -> None:
    """Staff must use two-factor authentication: every demo staff person (staff flag or a staff role,
    experts included) gets an authenticator with DEMO_TOTP_SECRET, unless they have one already."""
    staff = User.objects.filter(Q(is_staff=True) | Q(groups__name__in=ROLE_PERMISSIONS)).distinct()
    for person in staff.exclude(authenticator__type=Authenticator.Type.TOTP):
        TOTP.activate(person, DEMO_TOTP_SECRET)


def seed_sites() -> list[Space]:
    spaces = []
    for spec in SITES:
        site, _ = Site.objects.get_or_create(
            slug=spec["slug"],
            defaults={
                key: spec[key] for key in ("name", "name_en", "postal_code", "address", "description", "description_en")
            },
        )
        if not site.contact_phone:  # sites seeded before they had contacts get them once
            Site.objects.filter(pk=site.pk).update(
                contact_phone=spec["contact_phone"],
                contact_email=spec["contact_email"],
                office_hours_ko=spec["office_hours"],
                office_hours_en=spec["office_hours_en"],
            )
        for floor in spec["floors"]:
            for number in range(1, 11):
                is_room = number <= 8
                space, _ = Space.objects.get_or_create(
                    site=site,
                    code=f"{floor}{number:02d}",
                    defaults={
                        "kind": SpaceKind.ROOM if is_room else SpaceKind.DESK,
                        "floor": floor,
                        "area_m2": Decimal("33.00") if is_room else Decimal("6.60"),
                        "seats": 6 if is_room else 1,
                        "monthly_rent": 330_000 if is_room else 60_000,
                        "deposit": 1_000_000 if is_room else 200_000,
                    },
                )
                spaces.append(space)
    return spaces


def seed_firms(spaces: list[Space]) -> None:
    rng = random.Random(2024)
    rooms_by_site = {}
    for space in spaces:
        if space.kind == SpaceKind.ROOM:
            rooms_by_site.setdefault(space.site_id, []).append(space)
    site_ids = sorted(rooms_by_site)
    for index in range(FIRM_COUNT):
        prefix_ko, prefix_en = NAME_PARTS[index % len(NAME_PARTS)]
        domain_ko, domain_en, industry = DOMAIN_PARTS[(index * 7 + index // len(NAME_PARTS)) % len(DOMAIN_PARTS)]
        brn = demo_brn(index)
        number = f"{index + 1:02d}"
        representative, _ = ensure_user(f"rep{number}@demo.hubbridge.kr", person_name(rng))
        members = [ensure_user(f"member{number}{suffix}@demo.hubbridge.kr", person_name(rng))[0] for suffix in "ab"]
        firm = Firm.objects.filter(brn=brn).first()
        if firm is None:
            firm = firm_register(
                user=representative,
                brn=brn,
                name=f"(주){prefix_ko}{domain_ko}" if brn[3:5] != "01" else f"{prefix_ko}{domain_ko}",
                name_en=f"{prefix_en} {domain_en}" + (" Co., Ltd." if brn[3:5] != "01" else ""),
                representative_name=representative.name,
                industry=industry,
                founded_on=date(2012 + index % 12, 1 + index % 12, 1 + index % 27),
                employees=3 + (index * 5) % 40,
                postal_code=SITES[index % 2]["postal_code"],
                address=SITES[index % 2]["address"],
                phone=f"055-{200 + index:03d}-{1000 + index * 37:04d}",
                website=f"https://{prefix_en.lower()}-{domain_en.lower().replace(' ', '')}.example.kr",
                description=DESCRIPTIONS.get(industry, ""),
                description_en=DESCRIPTIONS_EN.get(industry, ""),
                public_profile=index % 5 != 4,
            )
        for member in members:
            FirmMembership.objects.get_or_create(user=member, defaults={"firm": firm, "role": MembershipRole.MEMBER})
        if index != NEWEST_RESIDENT and not firm.leases.exists():
            site_rooms = rooms_by_site[site_ids[index % 2]]
            # Ends spread from next week to two years out, so the 90/30/7-day lists have rows.
            lease_create(
                firm=firm,
                space=site_rooms[index // 2],
                start_date=date(2024, 3 + index % 6, 1),
                end_date=timezone.localdate() + timedelta(days=LEASE_END_OFFSETS[index % len(LEASE_END_OFFSETS)]),
            )


def seed_applicant_firms() -> list[Firm]:
    """Firms that applied to the calls but are not residents (yet)."""
    rng = random.Random(2025)
    firms = []
    for index in range(APPLICANT_COUNT):
        prefix_ko, prefix_en = NAME_PARTS[(index + 3) % len(NAME_PARTS)]
        domain_ko, domain_en, industry = DOMAIN_PARTS[(index * 5 + 2) % len(DOMAIN_PARTS)]
        brn = demo_brn(100 + index)
        number = f"{index + 1:02d}"
        representative, _ = ensure_user(f"applicant{number}@demo.hubbridge.kr", person_name(rng))
        firm = Firm.objects.filter(brn=brn).first() or firm_register(
            user=representative,
            brn=brn,
            name=f"(주){prefix_ko}{domain_ko}테크",
            name_en=f"{prefix_en} {domain_en} Tech Co., Ltd.",
            representative_name=representative.name,
            industry=industry,
            founded_on=date(2019 + index % 6, 1 + index % 12, 1 + index % 27),
            employees=2 + index * 3,
            postal_code="51390",
            address="경상남도 창원시 의창구 중앙대로 " + str(100 + index),
            description=DESCRIPTIONS.get(industry, ""),
            public_profile=True,
        )
        firms.append(firm)
    return firms


def _demo_pdf(name: str):
    content = b"%PDF-1.4\n% Hub&Bridge demo document\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def _new_call(*, title, title_en, opens_at, closes_at, blind_review=False) -> TenancyCall:
    call = TenancyCall.objects.create(
        title=title,
        title_en=title_en,
        body=(
            "창원 지역 디지털 혁신 거점 Hub&Bridge에 입주할 AI·소프트웨어·디지털 트윈 기업을 모집합니다.\n"
            "입주기업에는 사무 공간, 창원국가산업단지 제조기업과의 실증 연계, "
            "클라우드·시뮬레이션 파트너 지원을 제공합니다."
        ),
        body_en=(
            "Hub&Bridge, Changwon's regional digital-innovation hub, invites AI, software and digital-twin firms.\n"
            "Residents get office space, demonstrations with manufacturers of the Changwon National Industrial "
            "Complex, and support from cloud and simulation partners."
        ),
        eligibility="사업자등록을 마친 디지털 기업(창업 7년 이내 우대). 입주 후 6개월 안에 창원에 사업장을 둘 것.",
        eligibility_en=(
            "Digital firms with a business registration (founded within seven years preferred), with a place of "
            "business in Changwon within six months of moving in."
        ),
        space_kinds=["room", "desk"],
        opens_at=opens_at,
        closes_at=closes_at,
        blind_review=blind_review,
        is_published=True,
    )
    call.sites.set(Site.objects.all())
    for position, (name, name_en, required) in enumerate(
        [
            ("사업자등록증", "Business registration certificate", True),
            ("사업계획서", "Business plan", True),
            ("재무제표", "Financial statements", False),
        ],
        start=1,
    ):
        CallRequirement.objects.create(call=call, name=name, name_en=name_en, required=required, position=position)
    for position, (name, name_en, weight) in enumerate(
        [("기술성", "Technology", 40), ("사업성", "Business viability", 30), ("지역 기여도", "Regional impact", 30)],
        start=1,
    ):
        CallCriterion.objects.create(call=call, name=name, name_en=name_en, weight=weight, position=position)
    return call


def _apply(call, firm, *, submit=True) -> Application:
    representative = firm_representative(firm)
    application = application_create_draft(call=call, firm=firm, user=representative)
    application = application_update_draft(
        application=application,
        summary="제조 현장 AI 적용 솔루션: 비전 검사와 공정 데이터 분석",
        plan="창원국가산업단지 제조기업과 품질 검사·공정 데이터 실증을 진행하고, 지역 인력 2명을 채용할 계획입니다.",
        requested_site=call.sites.first(),
        requested_space_kind="room",
        headcount=4,
    )
    if submit:
        for requirement in call.requirements.all():
            attachment_add(
                application=application,
                requirement=requirement,
                file=_demo_pdf(f"{requirement.name}.pdf"),
                user=representative,
            )
        application = application_submit(application=application, actor=representative)
    return application


def _review(application, reviewers, officer, base_score: int) -> None:
    application_start_review(application=application, actor=officer)
    criteria = list(application.call.criteria.all())
    for offset, reviewer in enumerate(reviewers):
        assignment = review_assign(application=application, reviewer=reviewer, actor=officer)
        review_declare_conflict(assignment=assignment, has_conflict=False)
        scores = {c.pk: (min(100, base_score + offset * 4 - c.position * 2), "") for c in criteria}
        review_submit(assignment=assignment, scores=scores, comment="데모 심사 의견입니다.")


def _date_application(application, *, submitted_at, reviewed_at=None, decided_at=None) -> None:
    """The services stamp the moment they run: move an application's history back to when it happened."""
    Application.objects.filter(pk=application.pk).update(
        created_at=submitted_at - timedelta(days=2), submitted_at=submitted_at, decided_at=decided_at
    )
    application.attachments.update(uploaded_at=submitted_at - timedelta(hours=1))
    moments = {
        ApplicationStage.SUBMITTED: submitted_at,
        ApplicationStage.UNDER_REVIEW: reviewed_at,
        ApplicationStage.SELECTED: decided_at,
        ApplicationStage.REJECTED: decided_at,
    }
    for stage, moment in moments.items():
        if moment:
            application.stage_changes.filter(to_stage=stage).update(changed_at=moment)
    if reviewed_at:
        application.review_assignments.update(assigned_at=reviewed_at)
        application.review_assignments.exclude(submitted_at=None).update(submitted_at=reviewed_at + timedelta(days=2))


def seed_calls(applicants: list[Firm]) -> None:
    """One closed call, decided; one that ran in the month just ended; one open call with applications
    in every stage."""
    if TenancyCall.objects.exists():
        return
    now = timezone.now()
    officer = User.objects.get(email="officer@hubbridge.kr")
    reviewers = list(User.objects.filter(groups__name=REVIEWER).order_by("email"))
    closed = _new_call(
        title="2026년 상반기 Hub&Bridge 입주기업 모집",
        title_en="Hub&Bridge tenants, first half of 2026",
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=1),
    )
    decided = []
    for index, firm in enumerate(applicants[:5]):
        application = _apply(closed, firm)
        _review(application, reviewers, officer, base_score=90 - index * 9)
        decision = ApplicationStage.SELECTED if index < 2 else ApplicationStage.REJECTED
        reason = "기술성과 지역 기여도가 우수함" if index < 2 else "이번 차수 정원 초과로 차순위"
        application_stage_decision(application=application, decision=decision, reason=reason)
        decided.append(application)
    applications_apply_staged_decisions(call=closed, actor=officer)
    TenancyCall.objects.filter(pk=closed.pk).update(
        opens_at=datetime(2026, 1, 5, 9, 0, tzinfo=KST), closes_at=datetime(2026, 2, 6, 18, 0, tzinfo=KST)
    )
    for index, application in enumerate(decided):
        _date_application(
            application,
            submitted_at=datetime(2026, 1, 12, 11, 0, tzinfo=KST) + timedelta(days=5 * index),
            reviewed_at=datetime(2026, 2, 9, 10, 0, tzinfo=KST),
            decided_at=datetime(2026, 2, 20, 14, 0, tzinfo=KST),
        )
    seed_last_month_call(applicants, reviewers, officer)
    open_call = _new_call(
        title="2026년 하반기 Hub&Bridge 입주기업 모집",
        title_en="Hub&Bridge tenants, second half of 2026",
        opens_at=now - timedelta(days=10),
        closes_at=(now + timedelta(days=20)).astimezone(KST).replace(hour=18, minute=0, second=0, microsecond=0),
        blind_review=True,
    )
    drafts, submitted, reviewing, withdrawn = applicants[5:7], applicants[7:9], applicants[9:11], applicants[11:12]
    for firm in drafts:
        _apply(open_call, firm, submit=False)
    for firm in submitted:
        _apply(open_call, firm)
    for index, firm in enumerate(reviewing):
        _review(_apply(open_call, firm), reviewers[:2], officer, base_score=82 - index * 6)
    for firm in withdrawn:
        application_withdraw(application=_apply(open_call, firm), actor=firm_representative(firm))


def seed_last_month_call(applicants: list[Firm], reviewers: list[User], officer: User) -> None:
    """A rolling call that ran in the month just ended, for the monthly hub report: five applications,
    two selected (one of them moved in before the month was out), one rejected, two still under review."""
    month = Period.of(timezone.localdate()).previous()

    def at(day: int, hour: int) -> datetime:
        return month.start + timedelta(days=day - 1, hours=hour)

    now = timezone.now()
    call = _new_call(
        title=f"{month.first_day.year}년 {month.first_day.month}월 Hub&Bridge 수시 입주기업 모집",
        title_en=f"Hub&Bridge rolling call for tenants, {month.first_day:%B %Y}",
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=1),
    )
    newcomer = Firm.objects.get(brn=demo_brn(NEWEST_RESIDENT))
    # (firm, day of the month it was submitted, review score, decision, reason); applicants[2:5] were the
    # first-half call's runners-up, trying again.
    plan = [
        (newcomer, 3, 90, ApplicationStage.SELECTED, "창원국가산업단지 실증 계획이 구체적이고 지역 채용 계획이 우수함"),
        (applicants[2], 6, 84, ApplicationStage.SELECTED, "상반기 차순위 기업으로, 보완한 사업계획의 기술성이 우수함"),
        (applicants[3], 9, 66, ApplicationStage.REJECTED, "실증 대상 제조기업과 일정이 확정되지 않음"),
        (applicants[4], 11, 78, "", ""),  # waiting for a site visit before the decision
        (applicants[6], 14, 74, "", ""),
    ]
    applications = []
    for firm, _day, score, decision, reason in plan:
        application = _apply(call, firm)
        _review(application, reviewers, officer, base_score=score)
        if decision:
            application_stage_decision(application=application, decision=decision, reason=reason)
        applications.append(application)
    applications_apply_staged_decisions(call=call, actor=officer)
    TenancyCall.objects.filter(pk=call.pk).update(opens_at=at(1, 9), closes_at=at(15, 18))
    for application, (_firm, day, _score, decision, _reason) in zip(applications, plan, strict=True):
        _date_application(
            application,
            submitted_at=at(day, 10 + day % 6),
            reviewed_at=at(16, 10),
            decided_at=at(20, 14) if decision else None,
        )
    free_room = (
        Space.objects.filter(site=applications[0].requested_site, kind=SpaceKind.ROOM)
        .exclude(leases__status=LeaseStatus.ACTIVE)
        .order_by("code")
        .first()
    )
    starts_on = month.first_day + timedelta(days=26)
    lease_create_from_application(
        application=applications[0],
        space=free_room,
        start_date=starts_on,
        end_date=starts_on.replace(year=starts_on.year + 2) - timedelta(days=1),
    )


# Partners and MOUs -------------------------------------------------------------------------------

# (name, English name, kind, country, website, logo initials or None). Real organisations get no BRN:
# the demo does not invent registration numbers for them; the fictional manufacturers get valid ones.
PARTNERS = [
    ("메가존클라우드", "Megazone Cloud", PartnerKind.CLOUD, "KR", "https://www.megazone.com", "MZ"),
    ("구글 클라우드", "Google Cloud", PartnerKind.CLOUD, "US", "https://cloud.google.com", "GC"),
    ("비주얼컴포넌츠", "Visual Components", PartnerKind.SOFTWARE, "FI", "https://www.visualcomponents.com", "VC"),
    ("서울대학교", "Seoul National University", PartnerKind.UNIVERSITY, "KR", "https://www.snu.ac.kr", "SNU"),
    ("경남대학교", "Kyungnam University", PartnerKind.UNIVERSITY, "KR", "https://www.kyungnam.ac.kr", "KU"),
    ("한국과학기술원", "KAIST", PartnerKind.UNIVERSITY, "KR", "https://www.kaist.ac.kr", "KAIST"),
    ("한국산업기술시험원", "KTL", PartnerKind.RESEARCH_INSTITUTE, "KR", "https://www.ktl.re.kr", None),
    ("한국전자기술연구원", "KETI", PartnerKind.RESEARCH_INSTITUTE, "KR", "https://www.keti.re.kr", None),
]
MANUFACTURERS = [
    ("(주)창원정밀기계", "Changwon Precision Machinery Co., Ltd."),
    ("(주)경남에어로부품", "Gyeongnam Aero Parts Co., Ltd."),
    ("(주)마산사출테크", "Masan Injection Tech Co., Ltd."),
    ("(주)진해드론시스템", "Jinhae Drone Systems Co., Ltd."),
]
PARTNER_CONTACTS = {
    "메가존클라우드": [("김지원", "공공사업팀 매니저", "jiwon.kim@megazone.example.kr", "02-2000-1234")],
    "비주얼컴포넌츠": [("이서준", "Korea Sales Manager", "seojun.lee@visualcomponents.example.com", "")],
    "한국전자기술연구원": [("박민서", "선임연구원", "minseo.park@keti.example.kr", "031-789-1234")],
    "(주)마산사출테크": [("정하늘", "생산기술팀장", "haneul.jung@masan-injection.example.kr", "055-252-1234")],
}


def _demo_logo(initials: str, colour: tuple[int, int, int]) -> SimpleUploadedFile:
    """A plain square logo with the partner's initials (the demo ships no real trademarks)."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGB", (160, 160), colour)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=44 if len(initials) <= 3 else 34)
    left, top, right, bottom = draw.textbbox((0, 0), initials, font=font)
    draw.text(((160 - right - left) / 2, (160 - bottom - top) / 2), initials, fill="white", font=font)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return SimpleUploadedFile("logo.png", buffer.getvalue(), content_type="image/png")


def seed_partners() -> dict[str, Partner]:
    colours = [(11, 92, 173), (15, 124, 156), (30, 125, 69), (161, 92, 0), (93, 63, 211), (180, 35, 24)]
    partners = {}
    for index, (name, name_en, kind, country, website, initials) in enumerate(PARTNERS):
        partner, created = Partner.objects.get_or_create(
            name=name, defaults={"name_en": name_en, "kind": kind, "country": country, "website": website}
        )
        if created and initials:
            partner.logo.save("logo.png", _demo_logo(initials, colours[index % len(colours)]))
        partners[name_en] = partner
    for index, (name, name_en) in enumerate(MANUFACTURERS):
        partners[name_en], _ = Partner.objects.get_or_create(
            name=name,
            defaults={
                "name_en": name_en,
                "kind": PartnerKind.MANUFACTURER,
                "country": "KR",
                "brn": demo_brn(200 + index),
            },
        )
    for name, people in PARTNER_CONTACTS.items():
        partner = Partner.objects.get(name=name)
        for person, title, email, phone in people:
            PartnerContact.objects.get_or_create(
                partner=partner, name=person, defaults={"title": title, "email": email, "phone": phone}
            )
    return partners


def _mou(partners, *, active=True, **fields) -> MOU:
    mou = mou_create(partners=partners, **fields)
    if active:
        mou = mou_activate(mou=mou)
    return mou


def _obligations(mou, rows) -> None:
    """``rows``: (party or None for the hub, what, due in days from today or None, repeats, end state, note)."""
    today = timezone.localdate()
    for party, title, due_in, recurrence, state, note in rows:
        obligation = obligation_create(
            mou=mou,
            party=party,
            title=title,
            due_on=today + timedelta(days=due_in) if due_in is not None else None,
            recurrence=recurrence,
        )
        if state == "done":
            obligation_complete(obligation=obligation, note=note)
        elif state == "waived":
            obligation_waive(obligation=obligation, reason=note)


def seed_mous() -> None:
    """The anchor MOUs (Megazone Cloud, Visual Components), the hyperscale manufacturing-AI MOU with its
    many parties, and MOUs in every other state, with obligations open, overdue, done and waived."""
    partners = seed_partners()
    if MOU.objects.exists():
        return
    today = timezone.localdate()
    day = lambda offset: today + timedelta(days=offset)  # noqa: E731
    megazone, google, visual = partners["Megazone Cloud"], partners["Google Cloud"], partners["Visual Components"]
    snu, kyungnam, kaist = (
        partners["Seoul National University"],
        partners["Kyungnam University"],
        partners["KAIST"],
    )
    ktl, keti = partners["KTL"], partners["KETI"]
    precision, aero, injection, drones = (partners[name_en] for _, name_en in MANUFACTURERS)

    # Megazone Cloud: the first anchor term ran a year and was renewed; the second ends within 90 days.
    anchor_purpose = (
        "Hub&Bridge 앵커기업으로서 창원에 거점을 두고, 입주기업과 지역 제조기업에 클라우드 인프라·크레딧과 "
        "기술 교육을 지원하며 지역 인재를 채용한다."
    )
    anchor_purpose_en = (
        "As a Hub&Bridge anchor firm, keep a base in Changwon, give resident firms and regional manufacturers "
        "cloud infrastructure, credits and training, and hire local talent."
    )
    first_term = _mou(
        [megazone],
        title="Hub&Bridge 앵커기업 유치 및 클라우드 협력 업무협약",
        title_en="Hub&Bridge anchor firm and cloud cooperation MOU",
        purpose=anchor_purpose,
        purpose_en=anchor_purpose_en,
        programme="지역 디지털 혁신 거점 조성",
        signed_on=day(-680),
        effective_from=day(-670),
        expires_on=day(-306),
        auto_renew=True,
        notice_period_days=30,
        is_public=True,
    )
    anchor = mou_renew(mou=first_term, effective_from=day(-305), expires_on=day(60), signed_on=day(-320))
    mou_expire(mou=first_term)
    anchor = mou_activate(mou=anchor)
    mou_update(mou=anchor, firms=list(Firm.objects.order_by("pk")[:3]))
    _obligations(
        first_term,
        [
            (
                None,
                "Hub&Bridge 사무공간 제공(메가존클라우드 창원 거점)",
                -640,
                "",
                "done",
                "신화더플렉스시티 8층 입주 완료",
            ),
            (megazone, "입주기업 클라우드 크레딧 지원 실적 보고(1년 차)", -330, "", "done", "12개사, 총 1.8억 원 상당"),
        ],
    )
    _obligations(
        anchor,
        [
            (megazone, "입주기업 클라우드 크레딧 지원 현황 보고", 10, Recurrence.QUARTERLY, "open", ""),
            (megazone, "지역 인재 채용 실적 제출", -20, "", "open", ""),
            (megazone, "제조 데이터 플랫폼 기술 교육 운영", -90, "", "done", "2회 운영, 48명 수료"),
            (None, "앵커기업 임차료 감면 적용", -280, "", "done", "감면 50% 적용"),
        ],
    )

    # Visual Components: digital-twin simulation for virtual commissioning.
    visual_mou = _mou(
        [visual],
        title="디지털 트윈 기반 가상 시운전 협력 업무협약",
        title_en="Digital-twin virtual commissioning MOU",
        purpose=(
            "디지털 트윈 시뮬레이션으로 설비·인력 재배치를 가상 시운전하는 글로벌 제조 융합 SW 사업을 함께 추진하고, "
            "지역 기업에 소프트웨어와 교육을 지원한다."
        ),
        purpose_en=(
            "Run the global manufacturing convergence software programme together: virtual commissioning of "
            "equipment and people with digital-twin simulation, with software and training for regional firms."
        ),
        programme="글로벌 제조 융합 SW (2024–2028)",
        signed_on=day(-500),
        effective_from=day(-500),
        expires_on=day(230),
        notice_period_days=60,
        is_public=True,
    )
    _obligations(
        visual_mou,
        [
            (visual, "가상 시운전 교육과정 운영(연 2회)", 40, Recurrence.YEARLY, "open", ""),
            (None, "실증 공간과 설비 데이터 제공", -300, "", "done", "경남창원산학융합원 실증동 제공"),
            (
                visual,
                "실증 기업 4곳 소프트웨어 라이선스 지원",
                -120,
                "",
                "waived",
                "국비 사업으로 라이선스를 구매해 면제",
            ),
        ],
    )

    # Hyperscale manufacturing-AI service development and demonstration: many parties.
    hyperscale = _mou(
        [snu, kyungnam, kaist, ktl, keti, google, megazone, precision, aero, injection, drones],
        title="초거대 제조AI 서비스 개발 및 실증 업무협약",
        title_en="Hyperscale manufacturing-AI service development and demonstration MOU",
        purpose=(
            "대학·연구기관·클라우드 기업·지역 제조기업이 함께 초거대 제조AI 서비스를 개발하고 창원국가산업단지에서 "
            "실증한다. AI 데이터 표준과 보안체계, 실시간 LOT 추적, AI 기반 자율 사출성형을 포함한다."
        ),
        purpose_en=(
            "Universities, research institutes, cloud firms and regional manufacturers develop hyperscale "
            "manufacturing-AI services and demonstrate them in the Changwon National Industrial Complex: AI data "
            "standards and security, real-time LOT tracking, AI-based autonomous injection moulding."
        ),
        programme="초거대 제조AI 서비스 개발 및 실증 (총사업비 227억 원)",
        signed_on=day(-400),
        effective_from=day(-400),
        expires_on=day(1060),
        notice_period_days=90,
        is_public=True,
    )
    mou_update(mou=hyperscale, firms=list(Firm.objects.order_by("pk")[3:7]))
    _obligations(
        hyperscale,
        [
            (keti, "AI 데이터 표준 및 보안체계 결과 보고", -60, "", "done", "표준안 1건, 보안 기술 3건"),
            (ktl, "설비 데이터 수집 130건 품질 검증", 5, "", "open", ""),
            (kyungnam, "제조 AI 인력 양성 교육 운영", -3, "", "open", ""),
            (injection, "AI 자율 사출성형 실증 데이터 제공", 30, "", "open", ""),
            (precision, "실시간 LOT 추적 실증 참여", -150, "", "done", "2개 라인 적용"),
            (google, "클라우드 AI 모델 학습 환경 제공", 2, "", "open", ""),
            (None, "연차 성과 보고회 개최", 100, Recurrence.YEARLY, "open", ""),
        ],
    )

    # An MOU that ran out, one signed but not in effect yet, a draft and a terminated one.
    smart_factory = _mou(
        [precision, keti],
        title="스마트공장 설비 데이터 협력 업무협약",
        title_en="Smart-factory equipment data MOU",
        purpose="정밀기계 가공 설비의 데이터를 수집·분석해 예지 보전 모델을 시범 적용한다.",
        purpose_en="Collect and analyse precision-machining equipment data to pilot predictive maintenance.",
        signed_on=day(-1200),
        effective_from=day(-1190),
        expires_on=day(-100),
        notice_period_days=30,
        is_public=True,
    )
    mou_decide_renewal(mou=smart_factory, decision=RenewalDecision.LET_EXPIRE)
    mou_expire(mou=smart_factory)
    _obligations(smart_factory, [(keti, "예지 보전 시범 적용 최종 보고", -130, "", "done", "최종 보고서 접수")])
    _mou(
        [snu],
        active=False,
        title="AI 자율제조 지원센터 설립 협력 업무협약",
        title_en="AI autonomous-manufacturing support centre MOU",
        purpose="2028년 창원 AI 자율제조 지원센터 설립을 위해 공용 AI 모델과 AI 인력 양성 과정을 함께 설계한다.",
        purpose_en=(
            "Design the shared AI models and AI workforce training of the Changwon AI autonomous-manufacturing "
            "support centre opening in 2028."
        ),
        signed_on=day(-10),
        effective_from=day(20),
        expires_on=day(20 + 3 * 365),
        notice_period_days=90,
        is_public=True,
    )
    _mou(
        [kaist],
        active=False,
        title="제조AI 공동연구 업무협약(안)",
        title_en="Manufacturing-AI joint research MOU (draft)",
        purpose="제조 공정 최적화 AI 공동연구와 연구 인력 교류(협의 중).",
        purpose_en="Joint research on AI for process optimisation and researcher exchange (under negotiation).",
        effective_from=day(60),
        expires_on=day(60 + 2 * 365),
    )
    drone_mou = _mou(
        [drones],
        title="산업용 드론 설비 점검 실증 협력 업무협약",
        title_en="Industrial drone inspection demonstration MOU",
        purpose="산업단지 설비 점검에 산업용 드론을 실증한다.",
        purpose_en="Demonstrate industrial drones for equipment inspection in the industrial complex.",
        signed_on=day(-250),
        effective_from=day(-240),
        expires_on=day(490),
    )
    _obligations(drone_mou, [(drones, "드론 실증 계획서 제출", -200, "", "waived", "협약 해지로 면제")])
    mou_terminate(
        mou=drone_mou, reason="기업의 사업 전환으로 실증을 이어갈 수 없어 양측 합의로 해지", terminated_on=day(-180)
    )


def seed_demo() -> None:
    # Demo mail goes nowhere (the outbox rows are still written, as in production). The override
    # wraps the transaction because mail is sent when it commits.
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"), transaction.atomic():
        seed_staff()
        seed_firms(seed_sites())
        seed_calls(seed_applicant_firms())
        seed_corrections()
        seed_mous()
        seed_programs()
        seed_consulting()
        seed_notices()
        seed_desk()
        seed_rooms()
        seed_performance()
        seed_staff_mfa()

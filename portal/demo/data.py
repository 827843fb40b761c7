"""Demo data for development: the two Hub&Bridge sites, 44 resident firms, people and staff roles.

Every function is idempotent: running ``seed_demo`` twice changes nothing. Not for production.
"""

import functools
import random
from datetime import date
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction

from portal.accounts.models import User
from portal.accounts.roles import CONSULTANT, HUB_MANAGER, PROGRAMME_OFFICER, REVIEWER, sync_roles
from portal.accounts.services import consent_record_answers
from tenants.brn import brn_check_digit
from tenants.choices import Industry, MembershipRole, SpaceKind
from tenants.models import Firm, FirmMembership, Site, Space
from tenants.services import firm_register, lease_create

DEMO_PASSWORD = "hubbridge-demo-2026"
FIRM_COUNT = 44

SITES = [
    {
        "slug": "gcic",
        "name": "경남창원산학융합원",
        "name_en": "Gyeongnam Changwon Industry-Academia Convergence Institute",
        "postal_code": "51140",
        "address": "경상남도 창원시 의창구 창원대학로 20",
        "description": "산학 협력 연구동 안의 Hub&Bridge 입주 공간입니다.",
        "description_en": "Hub&Bridge tenant space in the industry-academia research building.",
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
        "floors": (7, 8, 9),
    },
]

STAFF = [
    ("admin@hubbridge.kr", "관리자", None),
    ("manager@hubbridge.kr", "박허브", HUB_MANAGER),
    ("officer@hubbridge.kr", "최사업", PROGRAMME_OFFICER),
    ("reviewer@hubbridge.kr", "정심사", REVIEWER),
    ("consultant@hubbridge.kr", "한컨설", CONSULTANT),
]

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


def seed_sites() -> list[Space]:
    spaces = []
    for spec in SITES:
        site, _ = Site.objects.get_or_create(
            slug=spec["slug"],
            defaults={
                key: spec[key] for key in ("name", "name_en", "postal_code", "address", "description", "description_en")
            },
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
                public_profile=index % 5 != 4,
            )
        for member in members:
            FirmMembership.objects.get_or_create(user=member, defaults={"firm": firm, "role": MembershipRole.MEMBER})
        if not firm.leases.exists():
            site_rooms = rooms_by_site[site_ids[index % 2]]
            lease_create(
                firm=firm,
                space=site_rooms[index // 2],
                start_date=date(2024, 3 + index % 6, 1),
                end_date=date(2026 + index % 2, 12, 31) if index % 11 else date(2027, 2, 28),
            )


@transaction.atomic
def seed_demo() -> None:
    seed_staff()
    seed_firms(seed_sites())

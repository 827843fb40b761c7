import itertools
from datetime import date, timedelta
from decimal import Decimal

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.utils import timezone

from portal.accounts.models import User
from tenants.brn import brn_check_digit
from tenants.choices import ApplicationStage, Industry, MembershipRole
from tenants.models import (
    Application,
    CallCriterion,
    CallRequirement,
    Firm,
    FirmInvitation,
    FirmMembership,
    Lease,
    Site,
    Space,
    TenancyCall,
)

_brn_serial = itertools.count(1)


def next_brn() -> str:
    first_nine = f"61081{next(_brn_serial):04d}"
    return first_nine + str(brn_check_digit(first_nine))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.kr")
    name = factory.Sequence(lambda n: f"사용자{n}")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def verified(user, create, extracted, **kwargs):
        if create:
            user.save()
            EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)


def user_in_role(role: str, **fields):
    """A person in one of the staff roles of ``portal.accounts.roles`` (its groups must exist)."""
    person = UserFactory(**fields)
    person.groups.add(Group.objects.get(name=role))
    return person


class FirmFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Firm

    brn = factory.LazyFunction(next_brn)
    name = factory.Sequence(lambda n: f"(주)테스트{n}")
    representative_name = "홍길동"
    industry = Industry.AI_SOFTWARE
    postal_code = "51140"
    address = "경상남도 창원시 의창구 창원대학로 20"
    public_profile = True


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FirmMembership

    firm = factory.SubFactory(FirmFactory)
    user = factory.SubFactory(UserFactory)
    role = MembershipRole.MEMBER


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FirmInvitation

    firm = factory.SubFactory(FirmFactory)
    email = factory.Sequence(lambda n: f"invitee{n}@example.kr")
    token = factory.Sequence(lambda n: f"token-{n:040d}")
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site

    name = factory.Sequence(lambda n: f"사이트{n}")
    name_en = factory.Sequence(lambda n: f"Site {n}")
    slug = factory.Sequence(lambda n: f"site-{n}")
    postal_code = "51140"
    address = "경상남도 창원시"


class SpaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Space

    site = factory.SubFactory(SiteFactory)
    code = factory.Sequence(lambda n: f"{n:03d}")
    floor = 3
    area_m2 = Decimal("33.00")
    seats = 6
    monthly_rent = 330_000
    deposit = 1_000_000


class LeaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lease

    firm = factory.SubFactory(FirmFactory)
    space = factory.SubFactory(SpaceFactory)
    start_date = factory.LazyFunction(lambda: date.today() - timedelta(days=30))
    end_date = factory.LazyFunction(lambda: date.today() + timedelta(days=335))
    monthly_rent = 330_000
    deposit = 1_000_000


class TenancyCallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TenancyCall
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"2026년 Hub&Bridge 입주기업 모집 {n}차")
    title_en = factory.Sequence(lambda n: f"Hub&Bridge tenants 2026, round {n}")
    body = "창원 디지털 혁신 거점 입주기업을 모집합니다."
    eligibility = "AI·소프트웨어 기업"
    space_kinds = factory.LazyFunction(lambda: ["room", "desk"])
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=7))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    is_published = True

    @factory.post_generation
    def with_requirements_and_criteria(call, create, extracted, **kwargs):
        if not create or extracted is False:
            return
        CallRequirement.objects.create(call=call, name="사업자등록증", name_en="Business registration", position=1)
        CallRequirement.objects.create(call=call, name="사업계획서", name_en="Business plan", position=2)
        CallRequirement.objects.create(
            call=call, name="재무제표", name_en="Financial statements", required=False, position=3
        )
        CallCriterion.objects.create(call=call, name="기술성", name_en="Technology", weight=40, position=1)
        CallCriterion.objects.create(call=call, name="사업성", name_en="Business", weight=40, position=2)
        CallCriterion.objects.create(call=call, name="지역 기여", name_en="Regional impact", weight=20, position=3)


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    call = factory.SubFactory(TenancyCallFactory)
    firm = factory.SubFactory(FirmFactory)
    summary = "제조 AI 비전 검사 솔루션"
    plan = "입주 후 창원 제조기업과 실증을 진행합니다."
    stage = ApplicationStage.DRAFT


def pdf_upload(name="plan.pdf", size=None):
    """A small, real-looking PDF upload (type is detected from the %PDF- signature)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    content = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    if size:
        content = content + b"0" * (size - len(content))
    return SimpleUploadedFile(name, content, content_type="application/pdf")


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "programs.Programme"

    title = factory.Sequence(lambda n: f"제조 AI 기초 {n}")
    title_en = factory.Sequence(lambda n: f"Manufacturing AI basics {n}")
    slug = factory.Sequence(lambda n: f"programme-{n}")
    topic = "ai_basics"
    level = "beginner"
    description = "제조 현장 데이터로 AI 모델을 만드는 기초 과정"


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "programs.Cohort"

    programme = factory.SubFactory(ProgrammeFactory)
    name = factory.Sequence(lambda n: f"{n}기")
    starts_on = factory.LazyFunction(lambda: date.today() + timedelta(days=20))
    ends_on = factory.LazyFunction(lambda: date.today() + timedelta(days=40))
    venue = "경남창원산학융합원 3층 교육장"
    capacity = 10
    applications_open_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=3))
    applications_close_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=10))
    is_published = True


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "programs.Session"

    cohort = factory.SubFactory(CohortFactory)
    title = factory.Sequence(lambda n: f"{n}회차")
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=20))
    ends_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=20, hours=3))


class EnrolmentFactory(factory.django.DjangoModelFactory):
    """A seated participant made directly (tests of attendance, certificates, lists)."""

    class Meta:
        model = "programs.Enrolment"

    cohort = factory.SubFactory(CohortFactory)
    user = factory.SubFactory(UserFactory)
    state = "seated"
    consent_version = "2026-11-01"


def _kst_today():
    """Today in KST (the hub's day), as MOU dates and "overdue" count it."""
    from portal.time import hub_today

    return hub_today()


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "partners.Partner"

    name = factory.Sequence(lambda n: f"파트너기관{n}")
    name_en = factory.Sequence(lambda n: f"Partner {n}")
    kind = "cloud"
    country = "KR"
    website = factory.Sequence(lambda n: f"https://partner{n}.example.kr")


class PartnerContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "partners.PartnerContact"

    partner = factory.SubFactory(PartnerFactory)
    name = factory.Sequence(lambda n: f"담당자{n}")
    title = "사업팀장"
    email = factory.Sequence(lambda n: f"contact{n}@partner.example.kr")
    phone = "010-1234-5678"


class MOUFactory(factory.django.DjangoModelFactory):
    """An MOU in effect (signed a year ago, ending in a year) with one partner unless ``partners`` is given."""

    class Meta:
        model = "partners.MOU"
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"디지털 혁신 협력 업무협약 {n}")
    title_en = factory.Sequence(lambda n: f"Digital innovation MOU {n}")
    purpose = "창원 제조기업의 AI 도입을 함께 지원한다."
    purpose_en = "Support AI adoption by Changwon manufacturers together."
    status = "active"
    signed_on = factory.LazyFunction(lambda: _kst_today() - timedelta(days=365))
    effective_from = factory.LazyFunction(lambda: _kst_today() - timedelta(days=365))
    expires_on = factory.LazyFunction(lambda: _kst_today() + timedelta(days=365))
    notice_period_days = 30
    is_public = True

    @factory.post_generation
    def partners(mou, create, extracted, **kwargs):
        if create:
            mou.partners.set(extracted if extracted is not None else [PartnerFactory()])


class ObligationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "partners.Obligation"

    mou = factory.SubFactory(MOUFactory)
    title = factory.Sequence(lambda n: f"실적 보고 {n}")
    due_on = factory.LazyFunction(lambda: _kst_today() + timedelta(days=30))
    status = "open"


class SkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "programs.Skill"
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"skill-{n}")
    name = factory.LazyAttribute(lambda skill: skill.slug)


class ExpertFactory(factory.django.DjangoModelFactory):
    """An expert of the hub with the given ``skills`` (slugs) and capacity 3."""

    class Meta:
        model = "programs.Expert"
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    capacity = 3
    languages = "ko, en"

    @factory.post_generation
    def skills(expert, create, extracted, **kwargs):
        if create and extracted:
            expert.skills.set([SkillFactory(slug=slug) for slug in extracted])


class ConsultingRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "programs.ConsultingRequest"

    firm = factory.SubFactory(FirmFactory)
    created_by = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"사출 불량 예측 {n}")
    industry = "automotive"
    process_area = "사출 성형 2라인"
    problem_statement = "불량률이 높고 원인을 모릅니다."
    desired_outcome = "불량률 10% 감소"
    consent_version = "2026-12-01"
    consent_at = factory.LazyFunction(timezone.now)
    state = "submitted"
    submitted_at = factory.LazyFunction(timezone.now)


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "programs.Assignment"

    request = factory.SubFactory(ConsultingRequestFactory, state="in_progress")
    expert = factory.SubFactory(ExpertFactory)
    is_lead = True


class KpiMeasurementFactory(factory.django.DjangoModelFactory):
    """A verified productivity pair: 100 → 120 units/hour (+20 %)."""

    class Meta:
        model = "programs.KpiMeasurement"

    request = factory.SubFactory(ConsultingRequestFactory, state="in_progress")
    kpi = "productivity"
    baseline_value = Decimal("100")
    baseline_unit = "units/hour"
    baseline_method = "MES 집계"
    baseline_on = date(2026, 1, 10)
    after_value = Decimal("120")
    after_unit = "units/hour"
    after_method = "MES 집계"
    after_on = date(2026, 6, 10)
    verified_at = factory.LazyFunction(timezone.now)


class CertificateFactory(factory.django.DjangoModelFactory):
    """A completion certificate (without its PDF) for a completed enrolment."""

    class Meta:
        model = "programs.Certificate"

    enrolment = factory.SubFactory(EnrolmentFactory, state="completed")
    number = factory.Sequence(lambda n: f"HB-2026-{n:04d}")
    verification_code = factory.Sequence(lambda n: f"verify{n:026d}")
    issued_on = factory.LazyFunction(_kst_today)


class OutboxMessageFactory(factory.django.DjangoModelFactory):
    """A mail already sent to ``user`` (the recipient is their address unless given)."""

    class Meta:
        model = "notifications.OutboxMessage"

    user = factory.SubFactory(UserFactory)
    recipient = factory.LazyAttribute(lambda message: message.user.email if message.user else "someone@example.kr")
    dedup_key = factory.Sequence(lambda n: f"test:{n}")
    template = "firm_registered"
    subject = factory.Sequence(lambda n: f"[Hub&Bridge] 알림 {n}")
    status = "sent"
    sent_at = factory.LazyFunction(timezone.now)


class NoticeFactory(factory.django.DjangoModelFactory):
    """A published public notice, a minute old, unless told otherwise."""

    class Meta:
        model = "notices.Notice"

    title = factory.Sequence(lambda n: f"공지 {n}")
    title_en = factory.Sequence(lambda n: f"Notice {n}")
    body = "입주기업 여러분께 알려 드립니다.\n\n- 첫째\n- 둘째"
    body_en = "A notice to resident firms.\n\n- first\n- second"
    state = "published"
    publish_at = factory.LazyFunction(lambda: timezone.now() - timedelta(minutes=1))


class ResourceFactory(factory.django.DjangoModelFactory):
    """A meeting room open Monday to Friday 09:00–18:00 KST (``weekdays=[]`` for none), 30-minute slots."""

    class Meta:
        model = "booking.Resource"
        skip_postgeneration_save = True

    site = factory.SubFactory(SiteFactory)
    name = factory.Sequence(lambda n: f"회의실 {n}")
    name_en = factory.Sequence(lambda n: f"Meeting room {n}")
    capacity = 8
    slot_minutes = 30

    @factory.post_generation
    def weekdays(resource, create, extracted, **kwargs):
        from datetime import time

        from tenants.booking.models import OpeningHours

        for weekday in range(5) if extracted is None else extracted:
            OpeningHours.objects.create(resource=resource, weekday=weekday, opens_at=time(9), closes_at=time(18))


class BookingFactory(factory.django.DjangoModelFactory):
    """A confirmed booking of an hour, tomorrow at 10:00 KST, written directly (no service checks)."""

    class Meta:
        model = "booking.Booking"

    resource = factory.SubFactory(ResourceFactory)
    firm = factory.SubFactory(FirmFactory)
    starts_at = factory.LazyFunction(
        lambda: (timezone.localtime() + timedelta(days=1)).replace(hour=10, minute=0, second=0, microsecond=0)
    )
    ends_at = factory.LazyAttribute(lambda booking: booking.starts_at + timedelta(hours=1))
    occupied_until = factory.LazyAttribute(lambda booking: booking.ends_at + booking.resource.buffer)
    purpose = "주간 회의"
    status = "confirmed"
    is_resident = True

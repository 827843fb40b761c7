import itertools
from datetime import date, timedelta
from decimal import Decimal

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

from portal.accounts.models import User
from tenants.brn import brn_check_digit
from tenants.choices import Industry, MembershipRole
from tenants.models import Firm, FirmInvitation, FirmMembership, Lease, Site, Space

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


class FirmFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Firm

    brn = factory.LazyFunction(next_brn)
    name = factory.Sequence(lambda n: f"(주)테스트{n}")
    name_en = factory.Sequence(lambda n: f"Test {n} Co., Ltd.")
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

"""Demo rooms and facilities: resources at both sites and a realistic month of their bookings.

Bookings are made through the services as they would have been at the time (``now`` a couple of
days before each one), then checked in or marked no-show once past, so the calendars, the day
board, the quota, the charges and the monthly report all have something to show. It includes a
pending outsider request, a weekly series, a blackout and a firm close to its monthly quota.
Running it twice changes nothing.
"""

import random
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError

from portal.accounts.models import User
from portal.accounts.roles import HUB_MANAGER
from portal.time import KST, hub_today, is_working_day
from tenants.booking.choices import Audience, BlackoutAction, ResourceKind
from tenants.booking.models import Blackout, OpeningHours, Resource
from tenants.booking.services import (
    blackout_create,
    booking_approve,
    booking_check_in,
    booking_create,
    booking_create_weekly,
    booking_mark_no_show,
)
from tenants.models import Firm, Site
from tenants.selectors import firm_representative, resident_firms

WEEKDAYS = range(5)

RESOURCES = {
    "gcic": [
        {
            "name": "회의실 A",
            "name_en": "Meeting room A",
            "kind": ResourceKind.MEETING_ROOM,
            "capacity": 8,
            "equipment": "75인치 디스플레이, 화상회의 카메라, 화이트보드",
            "equipment_en": "75-inch display, video-conference camera, whiteboard",
            "buffer_minutes": 10,
            "resident_quota_hours": 10,
            "hours": {day: (time(9), time(18)) for day in WEEKDAYS},
        },
        {
            "name": "세미나실",
            "name_en": "Seminar hall",
            "kind": ResourceKind.SEMINAR_HALL,
            "capacity": 60,
            "equipment": "빔 프로젝터, 무선 마이크 4대, 강연대",
            "equipment_en": "Projector, four wireless microphones, lectern",
            "audience": Audience.PUBLIC,
            "requires_approval": True,
            "hourly_rate": 80_000,
            "resident_quota_hours": 8,
            "buffer_minutes": 30,
            "slot_minutes": 60,
            "max_hours": 8,
            "hours": {**{day: (time(9), time(21)) for day in WEEKDAYS}, 5: (time(10), time(16))},
        },
        {
            "name": "디지털 트윈 테스트베드",
            "name_en": "Digital-twin test bed",
            "kind": ResourceKind.EQUIPMENT,
            "capacity": 4,
            "equipment": "Visual Components 가상 시운전 워크스테이션 2대, 협동로봇 1대",
            "equipment_en": "Two Visual Components virtual-commissioning workstations, one cobot",
            "audience": Audience.FIRMS,
            "requires_approval": True,
            "hourly_rate": 50_000,
            "slot_minutes": 60,
            "max_hours": 8,
            "hours": {day: (time(9), time(18)) for day in WEEKDAYS},
        },
    ],
    "flex-city": [
        {
            "name": "회의실 B",
            "name_en": "Meeting room B",
            "kind": ResourceKind.MEETING_ROOM,
            "capacity": 6,
            "equipment": "55인치 디스플레이, 화이트보드",
            "equipment_en": "55-inch display, whiteboard",
            "audience": Audience.PUBLIC,
            "hourly_rate": 20_000,
            "buffer_minutes": 10,
            "resident_quota_hours": 10,
            "hours": {day: (time(9), time(18)) for day in WEEKDAYS},
        },
        {
            "name": "영상 스튜디오",
            "name_en": "Video studio",
            "kind": ResourceKind.STUDIO,
            "capacity": 5,
            "equipment": "조명 3점, 크로마키, 4K 카메라",
            "equipment_en": "Three-point lighting, chroma key, 4K camera",
            "hourly_rate": 40_000,
            "resident_quota_hours": 6,
            "buffer_minutes": 30,
            "slot_minutes": 60,
            "hours": {day: (time(9), time(22)) for day in WEEKDAYS},
        },
    ],
}

PURPOSES = ["주간 회의", "고객사 미팅", "투자 유치 미팅", "채용 면접", "제품 시연", "기술 세미나", "촬영"]


def _resources() -> list[Resource]:
    made = []
    for slug, specs in RESOURCES.items():
        site = Site.objects.get(slug=slug)
        for spec in specs:
            spec = dict(spec)
            hours = spec.pop("hours")
            resource = Resource.objects.create(site=site, **spec)
            for weekday, (opens_at, closes_at) in hours.items():
                OpeningHours.objects.create(resource=resource, weekday=weekday, opens_at=opens_at, closes_at=closes_at)
            made.append(resource)
    return made


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=KST)


def _book(resource, firm, start, hours, *, now):
    person = firm_representative(firm)
    try:
        return booking_create(
            resource=resource,
            firm=firm,
            user=person,
            starts_at=start,
            ends_at=start + timedelta(hours=hours),
            purpose=PURPOSES[(firm.pk + start.day) % len(PURPOSES)],
            attendees=min(resource.capacity, 4),
            now=now,
        )
    except ValidationError:
        return None  # taken, over quota or closed that day: the demo simply books less


def _settle(booking, manager, real_now, *, no_show=False):
    """Approve a request, and check in (or mark a no-show) once its time has come."""
    if booking.status == "pending":
        booking = booking_approve(booking=booking, actor=manager)
    if booking.starts_at + timedelta(minutes=20) <= real_now:
        if no_show:
            booking_mark_no_show(booking=booking, actor=manager, now=booking.starts_at + timedelta(minutes=20))
        else:
            booking_check_in(booking=booking, actor=manager, now=booking.starts_at + timedelta(minutes=5))


def seed_rooms() -> None:
    if Resource.objects.exists():
        return
    manager = User.objects.filter(groups__name=HUB_MANAGER).order_by("pk").first()
    resources = _resources()
    rng = random.Random(19)
    real_now = datetime.now(KST)
    today = hub_today()
    first = (today.replace(day=1) - timedelta(days=1)).replace(day=1)  # the month before this one
    residents = list(resident_firms(today).order_by("pk")[:16])
    no_shown = set()
    day = first
    while day <= today + timedelta(days=21):
        if is_working_day(day):
            for resource in resources:
                for _slot in range(rng.randint(0, 2)):
                    firm = rng.choice(residents[2:])  # the first two have their own bookings below
                    start = _at(day, rng.randint(9, 15))
                    booking = _book(resource, firm, start, rng.choice((1, 1, 2)), now=start - timedelta(days=2))
                    if booking is not None:
                        no_show = firm.pk not in no_shown and rng.random() < 0.05
                        if no_show:
                            no_shown.add(firm.pk)
                        _settle(booking, manager, real_now, no_show=no_show)
        day += timedelta(days=1)

    hall, test_bed, room_b = resources[1], resources[2], resources[3]
    outsiders = list(Firm.objects.exclude(pk__in=resident_firms(today).values("pk")).order_by("pk")[:2])
    next_week = today + timedelta(days=7 - today.weekday())  # next Monday
    if outsiders:
        # A request from a firm that is not a resident, waiting for staff (the approval queue).
        _book(hall, outsiders[0], _at(next_week + timedelta(days=2), 14), 3, now=real_now)
        # Charged outsider bookings of last month, held and checked in (the charges page).
        for offset, hours in ((3, 2), (10, 4)):
            start = _at(_next_working_day(first + timedelta(days=offset)), 10)
            booking = _book(test_bed, outsiders[-1], start, hours, now=start - timedelta(days=5))
            if booking is not None:
                _settle(booking, manager, real_now)

    # A weekly series: a resident's Thursday stand-up in meeting room B for six weeks.
    series_firm = residents[1]
    thursday = today + timedelta(days=(3 - today.weekday()) % 7 or 7)
    booking_create_weekly(
        resource=room_b,
        firm=series_firm,
        user=firm_representative(series_firm),
        starts_at=_at(thursday, 17),
        ends_at=_at(thursday, 18),
        weeks=6,
        purpose="주간 스탠드업",
        skip_conflicts=True,
        now=real_now,
    )

    # A firm close to its monthly quota of meeting room A (10 hours): booked up to 9.
    _quota_near_limit(resources[0], residents[0], today, real_now, manager)

    if not Blackout.objects.exists():
        blackout_create(
            site=hall.site,
            resource=hall,
            starts_at=_at(next_week + timedelta(days=4), 9),
            ends_at=_at(next_week + timedelta(days=4), 21),
            reason="냉난방 설비 정기 점검",
            action=BlackoutAction.BLOCK,
            actor=manager,
        )


def _next_working_day(day: date) -> date:
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def _quota_near_limit(room, firm, today, real_now, manager) -> None:
    from tenants.booking.services import quota_hours_used

    day = today.replace(day=1)
    while (
        quota_hours_used(resource=room, firm=firm, day=today) < room.resident_quota_hours - 1
        and day.month == today.month
    ):
        if is_working_day(day):
            for hour in (9, 11, 16):
                left = room.resident_quota_hours - 1 - quota_hours_used(resource=room, firm=firm, day=today)
                if left <= 0:
                    break
                start = _at(day, hour)
                booking = _book(room, firm, start, min(2, left), now=min(real_now, start - timedelta(days=1)))
                if booking is not None:
                    _settle(booking, manager, real_now)
        day += timedelta(days=1)

"""Demo service-desk requests: one in every state, one overdue, a repair with a photo, internal notes,
a certificate of residence issued, and last month's requests for the monthly report. Idempotent:
requests are created once. Dates are set back after filing, as the other demo modules do."""

import io
from datetime import timedelta

from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from portal.accounts.roles import SERVICE_DESK
from portal.reports.monthly import Period
from portal.time import add_working_days, hub_today
from tenants.choices import MembershipRole
from tenants.desk.certificates import residence_certificate_issue
from tenants.desk.choices import Actor, Priority, RequestCategory, RequestState
from tenants.desk.models import ServiceRequest
from tenants.desk.services import (
    request_sites,
    service_request_assign,
    service_request_confirm,
    service_request_create,
    service_request_reply,
    service_request_transition,
)
from tenants.models import FirmMembership

# (category, subject, description, urgency, the states it goes through after "received")
PLAN = [
    (
        RequestCategory.REPAIRS,
        "에어컨 누수",
        "사무실 천장 에어컨에서 물이 떨어집니다. 사진을 첨부합니다.",
        Priority.HIGH,
        [],
    ),
    (
        RequestCategory.ACCESS_CARD,
        "신규 직원 출입카드 2매",
        "이번 주 입사한 직원 2명의 출입카드를 요청합니다.",
        Priority.NORMAL,
        [RequestState.IN_PROGRESS],
    ),
    (
        RequestCategory.PARKING,
        "방문 차량 주차 등록",
        "다음 주 화요일 고객사 방문 차량 1대 등록을 부탁드립니다.",
        Priority.LOW,
        [RequestState.WAITING],
    ),
    (
        RequestCategory.NETWORK,
        "유선 인터넷 불통",
        "회의실 벽면 랜 포트 두 곳이 연결되지 않습니다.",
        Priority.URGENT,
        [RequestState.IN_PROGRESS, RequestState.RESOLVED],
    ),
    (
        RequestCategory.CLEANING,
        "카펫 얼룩 청소",
        "입구 쪽 카펫에 커피 얼룩이 있습니다.",
        Priority.NORMAL,
        [RequestState.RESOLVED, RequestState.CLOSED],
    ),
    (
        RequestCategory.MOVE,
        "사무실 가구 반입",
        "책상 4개 반입을 위해 화물 엘리베이터 사용을 요청합니다.",
        Priority.NORMAL,
        [RequestState.REJECTED],
    ),
]


def _photo() -> SimpleUploadedFile:
    image = Image.new("RGB", (640, 420), (214, 226, 236))
    draw = ImageDraw.Draw(image)
    draw.rectangle((60, 40, 580, 150), fill=(240, 243, 246), outline=(120, 130, 140), width=4)
    for x in (200, 320, 440):
        draw.ellipse((x, 190, x + 26, 240), fill=(60, 120, 200))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=80)
    return SimpleUploadedFile("aircon-leak.jpg", buffer.getvalue(), content_type="image/jpeg")


def _backdate(service_request, *, days: int) -> None:
    """Move a request's filing (and its timeline) back ``days``, with its due date from then."""
    moved = timezone.now() - timedelta(days=days)
    shift = service_request.created_at - moved
    ServiceRequest.objects.filter(pk=service_request.pk).update(
        created_at=moved, due_on=add_working_days(hub_today(moved), 2)
    )
    for entry in service_request.entries.all():
        type(entry).objects.filter(pk=entry.pk).update(created_at=entry.created_at - shift)
    if service_request.resolved_at:
        ServiceRequest.objects.filter(pk=service_request.pk).update(resolved_at=service_request.resolved_at - shift)


def seed_desk() -> None:
    from .data import ensure_user

    desk_person, _ = ensure_user("desk@hubbridge.kr", "이시설", staff=True)
    desk_person.groups.add(Group.objects.get(name=SERVICE_DESK))
    if ServiceRequest.objects.exists():
        return
    people = [
        membership.user
        for membership in FirmMembership.objects.filter(role=MembershipRole.MEMBER)
        .select_related("user", "firm")
        .order_by("firm_id", "pk")
        if request_sites(membership.firm).exists()
    ]
    # One person per firm, so each firm's page shows its own.
    by_firm = {}
    for person in people:
        by_firm.setdefault(person.membership.firm_id, person)
    people = list(by_firm.values())

    def file(person, category, subject, description, urgency, files=()):
        site = request_sites(person.membership.firm).first()
        space = site.spaces.filter(leases__firm=person.membership.firm).first()
        return service_request_create(
            user=person,
            category=category,
            site=site,
            space=space,
            subject=subject,
            description=description,
            urgency=urgency,
            files=files,
        )

    for index, (category, subject, description, urgency, states) in enumerate(PLAN):
        person = people[index % len(people)]
        service_request = file(person, category, subject, description, urgency, [_photo()] if index == 0 else ())
        service_request_assign(
            service_request=service_request, owner=desk_person, priority=urgency, due_on=service_request.due_on
        )
        for state in states:
            if state == RequestState.CLOSED:
                service_request_confirm(service_request=service_request, user=person)
                continue
            text = {
                RequestState.WAITING: "방문 차량의 차량번호를 알려 주세요.",
                RequestState.RESOLVED: "조치를 마쳤습니다. 확인 부탁드립니다.",
                RequestState.REJECTED: "화물 엘리베이터는 주말에만 사용할 수 있어 평일 요청은 받을 수 없습니다.",
            }.get(state, "")
            service_request_transition(
                service_request=service_request, to_state=state, actor=Actor.STAFF, user=desk_person, text=text
            )
        if index == 1:
            service_request_reply(
                service_request=service_request,
                user=desk_person,
                actor=Actor.STAFF,
                internal=True,
                text="카드 재고 3매 남음. 다음 주 추가 발주 필요.",
            )
    # Overdue: a repair filed a week ago that nobody has taken up.
    overdue = file(
        people[-1], RequestCategory.REPAIRS, "복도 조명 깜빡임", "3층 복도 조명이 계속 깜빡입니다.", Priority.NORMAL
    )
    _backdate(overdue, days=7)
    # A certificate of residence, issued.
    document = file(
        people[0],
        RequestCategory.DOCUMENT,
        "입주확인서 발급",
        "은행 제출용 입주확인서 1부를 요청합니다.",
        Priority.NORMAL,
    )
    residence_certificate_issue(service_request=document, user=desk_person, purpose="금융기관 제출용")
    # Last month, for the monthly report: filed and resolved, one late.
    last_month = Period.of(hub_today()).previous()
    for offset, (person, late) in enumerate(zip(people[:4], (False, False, True, False), strict=False)):
        service_request = file(
            person,
            RequestCategory.ACCESS_CARD,
            f"출입카드 재발급 {offset + 1}",
            "분실한 출입카드 재발급",
            Priority.NORMAL,
        )
        service_request_transition(
            service_request=service_request, to_state=RequestState.RESOLVED, actor=Actor.STAFF, user=desk_person
        )
        service_request_confirm(service_request=service_request, user=person)
        service_request.refresh_from_db()
        filed = last_month.start + timedelta(days=3 + offset * 5, hours=10)
        resolved = filed + timedelta(days=6 if late else 1)
        ServiceRequest.objects.filter(pk=service_request.pk).update(
            created_at=filed, resolved_at=resolved, closed_at=resolved, due_on=add_working_days(hub_today(filed), 1)
        )

"""Demo of the correction loop (서류 보완 요청): one received application of the open call returned
to its firm with a comment on its business plan and a deadline five working days away (18:00 KST).

Receipt numbers (접수번호) need no seeding: every demo submission goes through ``application_submit``.
"""

from datetime import datetime, time

from django.contrib.auth import get_user_model

from portal.time import KST, add_working_days, hub_today
from tenants.choices import ApplicationStage
from tenants.models import Application, CorrectionRequest
from tenants.services import application_return_for_correction


def seed_corrections() -> None:
    if CorrectionRequest.objects.exists():
        return
    application = (
        Application.objects.filter(stage=ApplicationStage.SUBMITTED, call__closes_at__gt=datetime.now(KST))
        .select_related("call")
        .order_by("pk")
        .first()
    )
    if application is None:
        return
    officer = get_user_model().objects.get(email="officer@hubbridge.kr")
    plan = application.call.requirements.filter(name_ko="사업계획서").first() or application.call.requirements.first()
    application_return_for_correction(
        application=application,
        actor=officer,
        due_at=datetime.combine(add_working_days(hub_today(), 5), time(18, 0), tzinfo=KST),
        comment="제출 서류를 확인한 결과 아래 사항의 보완이 필요합니다. 기한 내 다시 제출해 주세요.",
        document_comments={plan: "3개년 매출·고용 계획과 실증 대상 제조기업 확약서가 빠졌습니다."},
    )

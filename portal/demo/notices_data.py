"""Demo notices (공지사항): every category, pinned and scheduled ones, resident-only and staff-only ones,
links to a call, a cohort and an MOU, and a file. Idempotent, like the rest of seed_demo."""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from portal.accounts.models import User
from portal.notices.models import Notice
from portal.notices.services import notice_create, notice_publish
from portal.time import hub_today
from programs.models import Cohort
from tenants.models import TenancyCall
from tenants.partners.models import MOU

GUIDE_PDF = b"%PDF-1.4\n% Hub&Bridge demo notice attachment\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _notices(now, today) -> list[dict]:
    call = TenancyCall.objects.order_by("-opens_at").first()
    cohort = Cohort.objects.order_by("-starts_on").first()
    mou = MOU.objects.filter(is_public=True).order_by("-signed_on").first()
    return [
        {
            "title": "2026년 하반기 Hub&Bridge 입주기업 모집 공고",
            "title_en": "Call for resident firms, second half of 2026",
            "category": "call",
            "body": "경남창원산학융합원과 신화더플렉스시티에 입주할 디지털 기업을 모집합니다.\n\n"
            "## 모집 개요\n\n| 항목 | 내용 |\n|---|---|\n| 대상 | AI·5G·디지털 트윈 분야 기업 |\n"
            "| 접수 | 포털 온라인 접수 |\n\n첨부한 **공고문**을 확인하고 [모집공고](/calls/)에서 신청하세요.",
            "body_en": "We are looking for digital firms to move into our two sites.\n\n"
            "Read the attached **announcement** and apply under [Calls](/calls/).",
            "call": call,
            "pinned_until": today + timedelta(days=30),
            "publish_at": now - timedelta(days=2),
            "attachment": "2026_하반기_입주기업_모집공고.pdf",
        },
        {
            "title": "2026년 상반기 입주기업 선정 결과 발표",
            "title_en": "Results: resident firms selected for the first half of 2026",
            "category": "result",
            "body": "심사 결과 선정된 기업을 알려 드립니다. 개별 결과는 *내 신청* 화면에서 확인할 수 있습니다.",
            "body_en": "The firms selected are announced. Each firm finds its own result under *My applications*.",
            "publish_at": now - timedelta(days=20),
        },
        {
            "title": "제조 AI 기초 과정 수강생 모집",
            "title_en": "Places open: Manufacturing AI basics",
            "category": "event",
            "body": "제조 현장 데이터로 예측 모델을 만들어 보는 입문 과정입니다. 입주기업 우선 배정 좌석이 있습니다.",
            "body_en": "An introductory course building prediction models from shop-floor data. Some seats are "
            "kept for resident firms.",
            "cohort": cohort,
            "publish_at": now - timedelta(days=6),
        },
        {
            "title": "12월 정기 소방 점검 및 정전 안내",
            "title_en": "December fire inspection and power cut",
            "category": "facility",
            "audience": "residents",
            "body": "12월 둘째 주 토요일 09:00~12:00 건물 전체 정전이 예정되어 있습니다.\n\n"
            "- 서버와 장비는 미리 종료해 주세요.\n- 출입카드는 정상 작동합니다.",
            "body_en": "The whole building has no power on the second Saturday of December, 09:00-12:00.\n\n"
            "- Shut servers and equipment down beforehand.\n- Access cards keep working.",
            "pinned_until": today + timedelta(days=10),
            "publish_at": now - timedelta(days=1),
        },
        {
            "title": "입주기업 주차 등록 갱신 안내",
            "title_en": "Renew your firm's parking registration",
            "category": "facility",
            "audience": "residents",
            "body": "내년 주차 등록은 이달 말까지 갱신해 주세요. 미갱신 차량은 방문 차량으로 처리됩니다.",
            "body_en": "Renew next year's parking registration by the end of this month.",
            "publish_at": now - timedelta(days=9),
        },
        {
            "title": "메가존클라우드와 클라우드 지원 MOU 체결",
            "title_en": "Cloud support MOU signed with Megazone Cloud",
            "category": "general",
            "body": "입주기업을 위한 클라우드 크레딧과 기술 지원을 제공하는 MOU를 체결했습니다.",
            "body_en": "An MOU brings cloud credits and technical support to resident firms.",
            "mou": mou,
            "publish_at": now - timedelta(days=14),
        },
        {
            "title": "연말 입주기업 네트워킹 데이",
            "title_en": "Year-end networking day for resident firms",
            "category": "event",
            "audience": "residents",
            "body": "입주기업 간 협업 사례를 나누는 네트워킹 행사를 엽니다. 참가 신청은 공지 게시 후 받습니다.",
            "body_en": "A networking event to share collaboration stories between resident firms.",
            "publish_at": now + timedelta(days=3),  # scheduled
            "mail_audience": True,
        },
        {
            "title": "2027년 AI 자율제조 지원센터 설명회",
            "title_en": "Briefing: the Changwon AI autonomous-manufacturing support centre",
            "category": "event",
            "body": "2028년 개소 예정인 창원 AI 자율제조 지원센터의 공용 AI 모델과 인력 양성 계획을 소개합니다.",
            "body_en": "The shared AI models and training plans of the support centre opening in 2028.",
            "publish_at": now + timedelta(days=7),  # scheduled
        },
        {
            "title": "공지사항 작성 기준 (직원용)",
            "title_en": "How we write notices (staff)",
            "category": "general",
            "audience": "staff",
            "body": "공고와 결과 발표는 한국어와 영어로 함께 게시하고, 첨부파일은 PDF 또는 HWP로 올립니다.",
            "body_en": "Calls and results go out in Korean and English; attach files as PDF or HWP.",
            "publish_at": now - timedelta(days=30),
        },
        {
            "title": "포털 점검 안내 (작성 중)",
            "title_en": "Portal maintenance (draft)",
            "category": "general",
            "body": "점검 일정은 확정 후 안내합니다.",
            "draft": True,
        },
    ]


def seed_notices() -> None:
    if Notice.objects.exists():
        return
    now, today = timezone.now(), hub_today()
    officer = User.objects.filter(email="officer@hubbridge.kr").first()
    for row in _notices(now, today):
        attachment = row.pop("attachment", None)
        draft = row.pop("draft", False)
        files = [SimpleUploadedFile(attachment, GUIDE_PDF, content_type="application/pdf")] if attachment else []
        notice = notice_create(created_by=officer, attachments=files, **row)
        if not draft:
            notice_publish(notice=notice)

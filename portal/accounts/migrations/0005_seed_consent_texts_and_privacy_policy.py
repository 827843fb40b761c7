"""The sign-up consent texts with their retention periods, and the privacy policy's versions, as data.

The programme consent texts are added by the programs app's own migration.
"""

from datetime import date

from django.db import migrations

SIGNUP_TEXTS = [
    # item, version, required, years, runs from, Korean, English
    (
        "personal_info", "2026-11-01", True, 1, "last_sign_in",
        "회원 탈퇴 시 또는 마지막 로그인 후 1년까지",
        "Until you delete your account, or 1 year after your last sign-in.",
    ),
    (
        "mobile_phone", "2026-11-01", False, None, "withdrawal",
        "동의 철회 또는 회원 탈퇴 시까지", "Until you withdraw consent or delete your account.",
    ),
    (
        "marketing", "2026-11-01", False, None, "withdrawal",
        "동의 철회 또는 회원 탈퇴 시까지", "Until you withdraw consent or delete your account.",
    ),
]

OFFICER_KO = """개인정보 보호책임자: Hub&Bridge 운영사무국장 (창원 지역 디지털혁신거점, 경남창원산학융합원)
연락처: privacy@hubbridge.kr · 055-000-0000
개인정보 침해 신고: 개인정보침해신고센터(privacy.kisa.or.kr, 국번 없이 118), 개인정보분쟁조정위원회(www.kopico.go.kr, 1833-6972)"""

OFFICER_EN = """Privacy officer: Head of the Hub&Bridge operations office (Changwon Regional Digital Innovation Hub, Gyeongnam Changwon Industry-Academia Convergence Institute)
Contact: privacy@hubbridge.kr · +82-55-000-0000
Complaints: the Personal Information Infringement Report Center (privacy.kisa.or.kr, 118) and the Personal Information Dispute Mediation Committee (www.kopico.go.kr, 1833-6972)"""

BODY_2026_11_KO = f"""창원 지역 디지털혁신거점 Hub&Bridge 포털(이하 "포털")은 「개인정보 보호법」에 따라 이용자의 개인정보를 보호하고 관련 고충을 신속히 처리하기 위해 다음과 같이 개인정보처리방침을 둡니다.

1. 처리하는 개인정보 항목과 목적
- 회원 가입(필수): 이메일, 비밀번호(해시로만 저장), 이름 — 회원 식별, 로그인, 사업 신청 처리
- 휴대전화 번호(선택): 마감·일정 변경 문자 안내
- 소식 수신(선택): 이메일, 이름 — 교육 기수, 입주 모집, 행사 안내
- 교육 신청(필수): 이름, 이메일, 소속 기업, 신청 문항 답변, 출석 — 신청·좌석·출석 관리, 수료증 발급과 진위 확인
- 교육 사진(선택), 사후 설문(선택): 사진, 이름, 이메일
- 동의 기록: 동의한 문구의 버전, 일시, 접속 IP

2. 보유 기간
- 회원 정보: 회원 탈퇴 시 또는 마지막 로그인 후 1년까지. 1년이 되기 30일 전에 이메일로 알려 드립니다.
- 교육 신청·출석·수료증: 기수 종료 후 3년
- 사후 설문: 동의 철회 시 또는 기수 종료 후 2년
- 선택 동의 항목: 동의 철회 또는 회원 탈퇴 시까지
기간이 지나면 매일 실행되는 작업이 개인정보를 파기(익명화)합니다.

3. 제3자 제공과 처리 위탁
- 이메일 발송: 포털이 계약한 메일 발송 사업자에게 수신 주소와 메일 내용의 발송을 위탁합니다.
- 제3자 제공은 법령에 근거가 있거나 이용자가 동의한 경우에만 합니다.

4. 이용자의 권리
언제든지 "내 계정 > 개인정보"에서 내 정보를 내려받고(JSON, 화면), 선택 동의를 철회하고, 회원 탈퇴를 할 수 있습니다.

5. 개인정보 보호책임자
{OFFICER_KO}"""

BODY_2026_11_EN = f"""The Hub&Bridge Portal of the Changwon Regional Digital Innovation Hub ("the portal") keeps this privacy policy under the Personal Information Protection Act, to protect your personal information and handle complaints promptly.

1. What we process and why
- Account (required): e-mail, password (stored only as a hash), name — identifying you, signing in, handling your applications
- Mobile phone (optional): text reminders about deadlines and changes
- News (optional): e-mail, name — new cohorts, calls for tenants, events
- Training applications (required): name, e-mail, firm, answers to the cohort's questions, attendance — application, seat and attendance, issuing and verifying certificates
- Training photos (optional), follow-up survey (optional): photos, name, e-mail
- Consent records: the version of the text you agreed to, the time and the IP address

2. How long we keep it
- Account: until you delete it, or 1 year after your last sign-in. We e-mail you 30 days before.
- Training applications, attendance and certificates: 3 years after the cohort ends
- Follow-up survey: until you withdraw consent or 2 years after the cohort ends
- Optional items: until you withdraw consent or delete your account
A daily job destroys (anonymises) personal data once its period has passed.

3. Third parties and processors
- E-mail delivery: the portal's contracted mail delivery provider sends mail on our behalf (address and content).
- We give personal information to third parties only where a law allows it or you agreed.

4. Your rights
At any time, under "My account > Privacy", download your data (JSON and a readable page), withdraw optional consents, or delete your account.

5. Privacy officer
{OFFICER_EN}"""

BODY_2026_12_KO = BODY_2026_11_KO.replace(
    "- 동의 기록:",
    "- AI 도입 컨설팅 신청(필수): 기업 담당자의 이름·이메일·전화번호, 신청서에 적은 공장 데이터 — 신청 처리, 전문가 배정, 과제 수행과 성과 보고\n- 동의 기록:",
).replace(
    "- 사후 설문:",
    "- 컨설팅 신청·과제 기록: 과제 종료 후 5년(재원 기관에 대한 성과 보고용)\n- 사후 설문:",
).replace(
    "- 제3자 제공은",
    "- 컨설팅 전문가: 배정된 과제에 한해 협력 기관 소속 전문가가 과제 정보를 봅니다.\n"
    "- 성과(KPI) 보고: 사업 재원 기관(창원시 등)과 KPI 협력 기관에 기업 단위의 성과 수치를 제공합니다. 개인을 식별하는 정보는 제공하지 않습니다.\n"
    "- 제3자 제공은",
).replace(
    "4. 이용자의 권리",
    "4. 접속기록\n직원이 개인정보를 조회·검색·내려받기 한 기록(누가, 언제, 어디서, 누구의 정보를)을 2년 이상 보관하며, 이용자는 자신에 관한 기록을 내 정보 내려받기에서 볼 수 있습니다.\n\n5. 이용자의 권리",
).replace("5. 개인정보 보호책임자", "6. 개인정보 보호책임자")

BODY_2026_12_EN = BODY_2026_11_EN.replace(
    "- Consent records:",
    "- AI-adoption consulting requests (required): name, e-mail and phone of the firm's contact, the plant data described in the request — handling the request, matching experts, running the engagement and reporting outcomes\n- Consent records:",
).replace(
    "- Follow-up survey:",
    "- Consulting requests and engagement records: 5 years after the engagement ends (outcome reports to the funders)\n- Follow-up survey:",
).replace(
    "- We give personal",
    "- Consulting experts: experts of partner organisations see an engagement's information only when assigned to it.\n"
    "- Outcome (KPI) reports: the programme's funders (e.g. Changwon City) and KPI partners receive figures per firm, never information that identifies a person.\n"
    "- We give personal",
).replace(
    "4. Your rights",
    "4. Access records\nEvery time staff view, search or download someone's personal data we record who, when, from where and whose data, and keep it at least 2 years; your data download shows the records about you.\n\n5. Your rights",
).replace("5. Privacy officer", "6. Privacy officer")

POLICIES = [
    ("2026-11-01", date(2026, 11, 1), "최초 제정", "First version.", BODY_2026_11_KO, BODY_2026_11_EN),
    (
        "2026-12-01",
        date(2026, 12, 1),
        "AI 도입 컨설팅 신청 항목, 성과(KPI) 보고, 접속기록, 보유 기간 경과 시 자동 파기를 추가했습니다.",
        "Added consulting requests, outcome (KPI) reports, access records and the automatic purge after the retention period.",
        BODY_2026_12_KO,
        BODY_2026_12_EN,
    ),
]


def seed(apps, schema_editor):
    ConsentText = apps.get_model("accounts", "ConsentText")
    PrivacyPolicy = apps.get_model("accounts", "PrivacyPolicy")
    for item, version, required, years, start, korean, english in SIGNUP_TEXTS:
        ConsentText.objects.update_or_create(
            item=item,
            version=version,
            defaults={
                "required": required,
                "retention_years": years,
                "retention_start": start,
                "retention": korean,
                "retention_en": english,
            },
        )
    for version, effective_on, changes, changes_en, body, body_en in POLICIES:
        PrivacyPolicy.objects.update_or_create(
            version=version,
            defaults={
                "effective_on": effective_on,
                "changes": changes,
                "changes_en": changes_en,
                "body": body,
                "body_en": body_en,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_consent_texts_privacy_policy_anonymised")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]

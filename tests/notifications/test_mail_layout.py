"""Every mail the portal sends, in both languages, has a real HTML part, the portal's name and an absolute link."""

import re
from pathlib import Path

import allauth
import pytest
from allauth.account.adapter import get_adapter
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import mail
from django.utils import translation

from portal.accounts.adapter import REFERENCE_TEMPLATE
from portal.notifications.choices import MAIL_KINDS
from portal.notifications.models import OutboxMessage
from portal.notifications.services import outbox_deliver

from ..factories import UserFactory

PORTAL_TEMPLATES = sorted(
    path.name.removesuffix("_subject.txt")
    for path in (Path(settings.BASE_DIR) / "templates/notifications/email").glob("*_subject.txt")
)
ALLAUTH_PREFIXES = sorted(
    f"account/email/{path.name.removesuffix('_message.txt')}"
    for path in (Path(allauth.__file__).parent / "templates/account/email").glob("*_message.txt")
    if path.name not in {"base_message.txt"}
)
# One value for every name the portal's mail templates use (the callers pass strings, counts and absolute URLs).
SAMPLE_CONTEXT = {
    **dict.fromkeys(
        ["mou_title", "firm_name", "call_title", "title", "obligation_title", "cohort", "name", "invited_by"], "가온AI"
    ),
    **dict.fromkeys(["due_on", "expires_at", "expires_on", "notice_deadline", "starts_at", "closes_at"], "2026-12-31"),
    **dict.fromkeys(["reason", "party", "partners", "venue"], "창원"),
    **dict.fromkeys(["url", "accept_url", "decline_url"], "http://127.0.0.1:8000/my/"),
    "days": 3,
    "days_left": 3,
    "state": "seated",
    "stage": "received",
    "receipt_number": "HB-2026-000123",
    "due_at": "2026-12-31 18:00",
    "documents": ["사업계획서: 재무 계획을 보완해 주세요"],
}
ABSOLUTE_LINK = re.compile(r"https?://[^\s\"'<>]+")


def assert_complete(sent) -> None:
    html = next(body for body, mime in sent.alternatives if mime == "text/html")
    for part in (sent.body, html):
        assert settings.SITE_NAME in part.replace("&amp;", "&")
        assert ABSOLUTE_LINK.search(part)
    assert "<body" in html and len(re.sub(r"<[^>]+>", "", html).split()) > 5
    assert "{{" not in sent.body and "{%" not in sent.body


def deliver(row: OutboxMessage):
    outbox_deliver(message_id=row.pk)
    row.refresh_from_db()
    assert row.status == "sent", row.last_error
    return mail.outbox[-1]


def test_the_lists_of_mail_templates_are_found():
    assert "firm_invitation" in PORTAL_TEMPLATES and len(PORTAL_TEMPLATES) >= 15
    assert "account/email/password_reset_key" in ALLAUTH_PREFIXES and len(ALLAUTH_PREFIXES) >= 10


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ko", "en"])
@pytest.mark.parametrize("template", PORTAL_TEMPLATES)
def test_every_portal_mail_renders_in_the_layout(template, language):
    row = OutboxMessage.objects.create(
        dedup_key=f"{template}:{language}",
        recipient="a@example.kr",
        template=template,
        context=SAMPLE_CONTEXT,
        language=language,
    )
    assert_complete(deliver(row))


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ko", "en"])
@pytest.mark.parametrize("prefix", ALLAUTH_PREFIXES)
def test_every_allauth_mail_renders_in_the_layout(prefix, language, django_capture_on_commit_callbacks):
    user = UserFactory(email="layout@example.kr")
    context = {"user": user, "code": "834112", "activate_url": f"{settings.SITE_URL}/x/", "password_reset_url": ""}
    with translation.override(language), django_capture_on_commit_callbacks(execute=True):
        get_adapter().send_mail(prefix, user.email, context)
    assert_complete(mail.outbox[-1])


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "greeting", "domain_sentence"),
    [("ko", "안녕하세요 Hub&Bridge입니다!", "127.0.0.1:8000"), ("en", "Hello from Hub&Bridge!", "on 127.0.0.1:8000")],
)
def test_confirmation_and_reset_mails_name_the_site_and_have_html(language, greeting, domain_sentence, settings):
    settings.SITE_URL = "http://127.0.0.1:8000"
    user = UserFactory(email="named@example.kr")
    address = EmailAddress.objects.get(user=user)
    address.verified = False
    address.save()
    rows = [
        OutboxMessage.objects.create(
            dedup_key=f"reset:{language}",
            recipient=user.email,
            template=REFERENCE_TEMPLATE,
            language=language,
            context={"kind": "password_reset", "prefix": "account/email/password_reset_key", "user_id": user.pk},
        ),
        OutboxMessage.objects.create(
            dedup_key=f"confirm:{language}",
            recipient=user.email,
            template=REFERENCE_TEMPLATE,
            language=language,
            context={
                "kind": "email_confirmation",
                "prefix": "account/email/email_confirmation_signup",
                "email_address_id": address.pk,
            },
        ),
    ]
    for row in rows:
        sent = deliver(row)
        html = next(body for body, mime in sent.alternatives if mime == "text/html")
        assert sent.body.startswith(greeting) and greeting.replace("&", "&amp;") in html
        assert sent.subject.startswith("[Hub&Bridge] ")
        assert_complete(sent)
    assert domain_sentence in mail.outbox[-1].body and " 에서 " not in mail.outbox[-1].body


@pytest.mark.django_db
def test_the_site_name_comes_from_settings(settings):
    settings.SITE_NAME = "창원 허브"
    row = OutboxMessage.objects.create(
        dedup_key="n", recipient="a@example.kr", template="firm_invitation", context=SAMPLE_CONTEXT
    )
    sent = deliver(row)
    assert "창원 허브" in sent.body and "창원 허브" in sent.alternatives[0][0]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("template", "context", "dedup_key", "label"),
    [
        ("firm_invitation", {}, "x1", "기업 초대"),
        (REFERENCE_TEMPLATE, {"prefix": "account/email/password_reset_key"}, "x2", "비밀번호 재설정"),
        ("prerendered", {"subject": "s", "body": "b"}, "allauth:account/email/email_confirmation:1", "이메일 확인"),
        ("prerendered", {"subject": "s", "body": "b"}, "allauth:account/email/password_changed:1", "계정 메일"),
    ],
)
def test_staff_see_what_a_mail_is_about_never_its_template_name(template, context, dedup_key, label):
    row = OutboxMessage(template=template, context=context, dedup_key=dedup_key)
    with translation.override("ko"):
        assert row.kind_label == label
    assert set(PORTAL_TEMPLATES) <= set(MAIL_KINDS)

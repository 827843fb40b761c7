"""Scheduled publication, the mail to subscribers (once each), and the page cache that must follow both."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from portal.notices import services
from portal.notices.choices import NoticeState
from portal.notices.services import notice_create, notice_publish, notice_transition, notice_update
from portal.notifications.models import OutboxMessage

from ..factories import NoticeFactory, UserFactory


@pytest.fixture
def subscribers(resident, bob):
    resident.mail_notices = True
    resident.language = "en"
    resident.save()
    bob.member.mail_notices = True
    bob.member.save()
    return {"resident": resident, "outsider": bob.member, "not subscribed": UserFactory()}


def _draft(**fields):
    return notice_create(title="3월 입주기업 간담회", title_en="Residents' meeting in March", body="본문", **fields)


def _mails(notice):
    return OutboxMessage.objects.filter(dedup_key__startswith=f"notice:{notice.pk}:")


def test_the_transition_table_refuses_what_it_does_not_list(db):
    notice = _draft()
    with pytest.raises(ValidationError):
        notice_transition(notice=notice, to_state=NoticeState.WITHDRAWN, reason="x")
    notice_transition(notice=notice, to_state=NoticeState.PUBLISHED)
    with pytest.raises(ValidationError):
        notice_transition(notice=notice, to_state=NoticeState.DRAFT)
    with pytest.raises(ValidationError) as refused:
        notice_transition(notice=notice, to_state=NoticeState.WITHDRAWN, reason="  ")
    assert "reason" in refused.value.message_dict


def test_publish_with_a_future_time_schedules_and_the_task_publishes_it_when_due(db):
    at = timezone.now() + timedelta(hours=2)
    notice = notice_publish(notice=_draft(publish_at=at))
    assert notice.state == NoticeState.SCHEDULED
    assert services.notices_publish_due() == 0
    assert services.notices_publish_due(now=at + timedelta(seconds=30)) == 1
    notice.refresh_from_db()
    assert (notice.state, notice.publish_at) == (NoticeState.PUBLISHED, at)
    assert services.notices_publish_due(now=at + timedelta(minutes=1)) == 0  # a second run finds nothing


def test_a_scheduled_notice_appears_on_time_on_a_cached_page_without_any_edit(client, db, monkeypatch):
    at = timezone.now() + timedelta(hours=1)
    notice = notice_publish(notice=_draft(publish_at=at))
    first = client.get(reverse("notices:list"))
    assert first["X-Public-Cache"] == "miss" and notice.title not in first.content.decode()
    assert client.get(reverse("notices:list"))["X-Public-Cache"] == "hit"
    real_now = timezone.now
    monkeypatch.setattr(timezone, "now", lambda: real_now() + timedelta(hours=1, minutes=1))
    later = client.get(reverse("notices:list"))
    assert notice.title in later.content.decode()
    assert client.get(reverse("home")).content.decode().count(notice.title) == 1
    assert client.get(reverse("notices:feed")).content.decode().count(notice.title) == 1


def test_withdrawing_or_editing_shows_on_the_next_anonymous_request(client, db):
    notice = NoticeFactory(title="주차장 공사 안내")
    url = notice.get_absolute_url()
    client.get(url)
    client.get(reverse("notices:list"))
    assert client.get(url)["X-Public-Cache"] == "hit"
    notice_update(notice=notice, title_ko="주차장 공사 일정 변경")
    assert "일정 변경" in client.get(url).content.decode()
    assert "일정 변경" in client.get(reverse("notices:list")).content.decode()
    notice_transition(notice=notice, to_state=NoticeState.WITHDRAWN, reason="잘못 게시")
    assert client.get(url).status_code in (302, 404)
    assert "일정 변경" not in client.get(reverse("notices:list")).content.decode()
    assert "일정 변경" not in client.get(reverse("home")).content.decode()


def test_publishing_mails_each_subscriber_of_the_audience_once_in_their_language(subscribers, db):
    notice = _draft(audience="residents", mail_audience=True)
    notice_publish(notice=notice)
    with pytest.raises(ValidationError):
        notice_publish(notice=notice)  # a double click: refused, nothing more sent
    notice_transition(notice=notice, to_state=NoticeState.WITHDRAWN, reason="다시 게시")
    notice_transition(notice=notice, to_state=NoticeState.DRAFT)
    notice_publish(notice=notice)  # published again: still one mail each
    mails = list(_mails(notice))
    assert [mail.recipient for mail in mails] == [subscribers["resident"].email]
    assert mails[0].language == "en"
    assert mails[0].context["title"] == "Residents' meeting in March"
    assert mails[0].context["url"].endswith(notice.get_absolute_url())


def test_a_public_notice_goes_to_every_subscriber_and_only_to_them(subscribers, db):
    notice = notice_publish(notice=_draft(mail_audience=True))
    assert {mail.recipient for mail in _mails(notice)} == {
        subscribers["resident"].email,
        subscribers["outsider"].email,
    }
    korean = _mails(notice).get(recipient=subscribers["outsider"].email)
    assert (korean.language, korean.context["title"]) == ("ko", "3월 입주기업 간담회")


def test_the_due_task_run_twice_mails_once(subscribers, db):
    at = timezone.now() + timedelta(minutes=5)
    notice = notice_publish(notice=_draft(publish_at=at, mail_audience=True))
    later = at + timedelta(minutes=1)
    assert services.notices_publish_due(now=later) + services.notices_publish_due(now=later) == 1
    assert _mails(notice).count() == 2


def test_a_notice_without_mail_sends_nothing(subscribers, db):
    notice = notice_publish(notice=_draft())
    assert not _mails(notice).exists()


def test_the_mail_renders_in_the_recipients_language(subscribers, db):
    from portal.notifications.services import outbox_render

    notice = notice_publish(notice=_draft(mail_audience=True))
    english = _mails(notice).get(recipient=subscribers["resident"].email)
    subject, body, _html = outbox_render(english)
    assert "Residents' meeting in March" in subject
    assert notice.get_absolute_url() in body
    korean = _mails(notice).get(recipient=subscribers["outsider"].email)
    assert "공지" in outbox_render(korean)[0]


def test_a_published_notice_cannot_move_into_the_future(db):
    notice = NoticeFactory()
    with pytest.raises(ValidationError):
        notice_update(notice=notice, publish_at=timezone.now() + timedelta(days=1))


def test_a_notice_links_to_one_call_cohort_or_mou_at_most(db):
    from ..factories import CohortFactory, TenancyCallFactory

    with pytest.raises(ValidationError):
        _draft(call=TenancyCallFactory(), cohort=CohortFactory())


def test_subscribing_is_one_of_the_notification_choices(client, user):
    client.force_login(user)
    response = client.post(
        reverse("accounts:notification_language"), {"language": "ko", "mail_notices": "on"}, follow=True
    )
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.mail_notices is True
    assert 'name="mail_notices"' in response.content.decode()

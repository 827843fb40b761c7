"""The person's own notification list and their notification language, on the "My account" page."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ..factories import OutboxMessageFactory, UserFactory

# Session, user, the layout's own and the page's (count and rows): the same with 1 message or many.
NOTIFICATIONS_PAGE_QUERIES = 7


@pytest.fixture
def person(db):
    return UserFactory(email="minji@example.kr", language="ko")


@pytest.fixture
def person_client(client, person):
    client.force_login(person)
    return client


def test_anonymous_visitors_are_sent_to_sign_in(client, db):
    response = client.get(reverse("accounts:notifications"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_person_sees_only_their_own_notifications(person_client, person):
    OutboxMessageFactory(user=person, subject="입주 신청이 접수되었습니다")
    OutboxMessageFactory(user=None, recipient=person.email, subject="초대장이 도착했습니다")
    OutboxMessageFactory(subject="다른 사람의 선정 결과")

    page = person_client.get(reverse("accounts:notifications")).content.decode()

    assert "입주 신청이 접수되었습니다" in page
    assert "초대장이 도착했습니다" in page  # addressed by e-mail before the account existed
    assert "다른 사람의 선정 결과" not in page


def test_notifications_are_newest_first(person_client, person):
    older = OutboxMessageFactory(user=person)
    newer = OutboxMessageFactory(user=person)
    type(older).objects.filter(pk=older.pk).update(created_at=timezone.now() - timedelta(days=3))

    response = person_client.get(reverse("accounts:notifications"))

    assert list(response.context["page"]) == [newer, older]


def test_without_notifications_the_page_says_so(person_client):
    response = person_client.get(reverse("accounts:notifications"), HTTP_ACCEPT_LANGUAGE="en")
    assert "has not sent you any mail yet" in response.content.decode()


@pytest.mark.parametrize("messages", [1, 40])
def test_notification_queries_do_not_grow_with_messages(person_client, person, django_assert_max_num_queries, messages):
    OutboxMessageFactory.create_batch(messages, user=person)
    with django_assert_max_num_queries(NOTIFICATIONS_PAGE_QUERIES):
        response = person_client.get(reverse("accounts:notifications"))
    assert response.status_code == 200


def test_the_account_page_links_to_the_notifications(person_client):
    page = person_client.get(reverse("accounts:privacy")).content.decode()
    assert reverse("accounts:notifications") in page


def test_choosing_the_notification_language_persists(person_client, person):
    response = person_client.post(reverse("accounts:notification_language"), {"language": "en"})

    assert response.status_code == 302
    person.refresh_from_db()
    assert person.language == "en"


def test_an_unknown_language_is_a_form_error(person_client, person):
    response = person_client.post(reverse("accounts:notification_language"), {"language": "xx"})

    assert response.status_code == 200
    assert response.context["language_form"].errors["language"]
    person.refresh_from_db()
    assert person.language == "ko"


def test_the_language_form_cannot_be_opened_with_get(person_client):
    assert person_client.get(reverse("accounts:notification_language")).status_code == 405

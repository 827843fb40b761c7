"""Signed-in pages from the cache (portal/personalcache.py): who gets an entry, and that no change is missed."""

import time
from datetime import UTC, datetime
from unittest import mock

import pytest
from django.contrib.auth.models import Group
from django.contrib.messages import constants
from django.contrib.messages.storage.cookie import CookieStorage
from django.contrib.sessions.backends.cached_db import SessionStore as CachedDbSession
from django.core.cache import cache
from django.db import connection, transaction
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal import personalcache
from portal.accounts.middleware import LAST_SEEN_AT
from portal.accounts.models import AccessRecord
from tenants.models import Application

from ..factories import ApplicationFactory, TenancyCallFactory, UserFactory

MY_APPLICATIONS = "/my/applications/"


def until_cached(client, path, **extra):
    """GET ``path`` until it is answered from the cache (the first build teaches the view's tables, the
    second is stored); every answer is returned."""
    answers = []
    for _ in range(3):
        answers.append(client.get(path, **extra))
        if answers[-1].get("X-Personal-Cache") == "hit":
            return answers
    raise AssertionError(f"{path} was never answered from the cache: {[a.get('X-Personal-Cache') for a in answers]}")


@pytest.fixture
def representative(client, alice):
    client.force_login(alice[1])
    return client


@pytest.mark.django_db
def test_a_signed_in_page_is_answered_from_the_cache_with_the_same_body_and_no_store(representative, alice):
    ApplicationFactory(firm=alice[0], call=TenancyCallFactory(title="스마트공장 입주 공모"))
    *built, hit = until_cached(representative, MY_APPLICATIONS)
    assert hit.content == built[-1].content
    assert "스마트공장 입주 공모".encode() in hit.content
    assert hit["Cache-Control"] == "private, no-store"
    assert "csrfmiddlewaretoken" in hit.content.decode()  # the sign-out form, valid for this session's cookie


@pytest.mark.django_db
def test_another_firm_and_another_session_of_the_same_person_never_get_the_entry(representative, alice, bob):
    ApplicationFactory(firm=alice[0], call=TenancyCallFactory(title="앨리스의 공모"))
    until_cached(representative, MY_APPLICATIONS)
    other_firm = Client()
    other_firm.force_login(bob[1])
    seen = other_firm.get(MY_APPLICATIONS)
    assert seen.get("X-Personal-Cache") != "hit" and "앨리스의 공모".encode() not in seen.content
    second_browser = Client()
    second_browser.force_login(alice[1])
    assert second_browser.get(MY_APPLICATIONS).get("X-Personal-Cache") != "hit"


@pytest.mark.django_db
@pytest.mark.parametrize("how", ["save", "queryset update", "raw sql", "delete"])
def test_every_kind_of_write_shows_on_the_next_request(representative, alice, how):
    application = ApplicationFactory(firm=alice[0], call=TenancyCallFactory(title="변경 전 공모"))
    until_cached(representative, MY_APPLICATIONS)
    call = application.call
    if how == "save":
        call.title = "변경 후 공모"
        call.save()
    elif how == "queryset update":
        type(call).objects.filter(pk=call.pk).update(title="변경 후 공모")
    elif how == "raw sql":
        with connection.cursor() as cursor:
            cursor.execute(
                f'UPDATE "{call._meta.db_table}" SET "title_ko" = %s WHERE "id" = %s', ["변경 후 공모", call.pk]
            )
    else:
        Application.objects.filter(pk=application.pk).delete()
    fresh = representative.get(MY_APPLICATIONS)
    assert fresh.get("X-Personal-Cache") != "hit"
    assert "변경 전 공모".encode() not in fresh.content
    if how != "delete":
        assert "변경 후 공모".encode() in fresh.content


@pytest.mark.django_db(transaction=True)
def test_a_write_committed_while_the_page_was_being_built_is_not_hidden_behind_it(alice):
    """The versions are read before the page reads rows: a commit after the rows were read (here, by
    the time the page is stored) leaves the entry with versions that are no longer current."""
    browser = Client()
    browser.force_login(alice[1])
    application = ApplicationFactory(firm=alice[0], call=TenancyCallFactory(title="처음 공모"))
    until_cached(browser, MY_APPLICATIONS)
    browser.get(MY_APPLICATIONS)
    real_storable = personalcache._storable

    def commit_elsewhere_then_store(request, response):
        with transaction.atomic():
            type(application.call).objects.filter(pk=application.call_id).update(title_ko="나중 공모")
        personalcache._requests.writes.clear()  # as if another process had written it
        return real_storable(request, response)

    personalcache._local.clear()
    cache.clear()  # the next build is stored: the page it stores shows the old title
    with mock.patch.object(personalcache, "_storable", commit_elsewhere_then_store):
        stale = browser.get(MY_APPLICATIONS)
    assert "처음 공모".encode() in stale.content
    fresh = browser.get(MY_APPLICATIONS)
    assert fresh.get("X-Personal-Cache") != "hit" and "나중 공모".encode() in fresh.content


@pytest.mark.django_db
def test_a_staff_person_who_lost_the_role_gets_no_cached_staff_page(client, manager, alice):
    client.force_login(manager)
    until_cached(client, reverse("tenants:staff_firms"))
    manager.groups.clear()
    assert client.get(reverse("tenants:staff_firms")).status_code in (302, 403)


@pytest.mark.django_db
def test_each_cached_staff_page_of_personal_data_writes_its_access_record(client, manager, alice):
    client.force_login(manager)
    before = AccessRecord.objects.count()
    answers = until_cached(client, reverse("tenants:staff_firms"))
    records = AccessRecord.objects.order_by("pk")[before:]
    assert len(records) == len(answers)  # the hit too
    assert {(r.action, r.view_name, r.actor_id) for r in records} == {
        (records[0].action, "tenants:staff_firms", manager.pk)
    }


@pytest.mark.django_db
def test_an_export_is_never_stored(client, manager, alice):
    client.force_login(manager)
    for _ in range(3):
        answer = client.get(reverse("tenants:staff_firms"), {"export": "csv"})
        assert answer.get("X-Personal-Cache") != "hit"


@pytest.mark.django_db
def test_an_idle_session_ends_before_a_cached_page_could_answer(representative, settings):
    until_cached(representative, MY_APPLICATIONS)
    session = representative.session
    session[LAST_SEEN_AT] = time.time() - settings.USER_SESSION_IDLE_SECONDS - 60
    session.save()
    ended = representative.get(MY_APPLICATIONS)
    assert ended.status_code == 302 and reverse("account_login") in ended["Location"]


@pytest.mark.django_db
def test_signing_out_and_in_again_builds_the_page_afresh(representative, alice):
    until_cached(representative, MY_APPLICATIONS)
    representative.post(reverse("account_logout"))
    representative.force_login(alice[1])
    assert representative.get(MY_APPLICATIONS).get("X-Personal-Cache") != "hit"


@pytest.mark.django_db
def test_a_waiting_message_is_shown_not_a_cached_page(representative):
    until_cached(representative, MY_APPLICATIONS)
    storage = CookieStorage(representative.get(MY_APPLICATIONS).wsgi_request)
    storage.add(constants.SUCCESS, "저장했습니다")
    carrier = HttpResponse()
    storage.update(carrier)  # the cookie a redirect after a successful form would have set
    representative.cookies.update(carrier.cookies)
    answer = representative.get(MY_APPLICATIONS)
    assert answer.get("X-Personal-Cache") != "hit" and "저장했습니다".encode() in answer.content


@pytest.mark.django_db
def test_an_entry_lives_a_minute_at_most(representative):
    until_cached(representative, MY_APPLICATIONS)
    later = time.time() + personalcache.MAX_AGE + 1
    with mock.patch("django.utils.timezone.now", return_value=datetime.fromtimestamp(later, tz=UTC)):
        assert representative.get(MY_APPLICATIONS).get("X-Personal-Cache") != "hit"


@pytest.mark.django_db
def test_the_api_list_is_cached_for_the_session_and_a_new_row_shows_at_once(representative, alice):
    ApplicationFactory(firm=alice[0])
    *_, hit = until_cached(representative, "/api/applications/", HTTP_ACCEPT="application/json")
    assert hit.json()["count"] == 1
    ApplicationFactory(firm=alice[0], call=TenancyCallFactory())
    assert representative.get("/api/applications/", HTTP_ACCEPT="application/json").json()["count"] == 2


@pytest.mark.django_db
def test_a_bulk_load_in_one_transaction_bumps_each_table_once_at_once_and_once_on_commit(alice):
    group = Group.objects.create(name="벌크")
    with mock.patch.object(personalcache, "_bump", wraps=personalcache._bump) as bump:
        personalcache._requests.bumped = set()
        with transaction.atomic():
            for index in range(20):
                Group.objects.create(name=f"그룹{index}")
            Group.objects.filter(pk=group.pk).update(name="벌크2")
    at_once = [call.args[0] for call in bump.call_args_list]
    assert at_once == [{"auth_group"}]  # the commit's bump is owed by this test's own transaction
    owed = [f.tables for _, f, _ in connection.run_on_commit if isinstance(f, personalcache._BumpOnCommit)]
    assert frozenset({"auth_group"}) in owed


def personal_pages_without_arguments() -> list[str]:
    """Every opted-in address that takes no argument, read from the URLconf."""
    from django.urls import get_resolver

    found = []

    def walk(patterns, prefix=""):
        for pattern in patterns:
            route = prefix + str(pattern.pattern).lstrip("^").rstrip("$")
            if hasattr(pattern, "url_patterns"):
                walk(pattern.url_patterns, route)
            elif "<" not in route and "(?P" not in route and "format" not in route:
                path = "/" + route.replace("\\", "")
                if personalcache._personal_view(path):
                    found.append(path)

    walk(get_resolver().url_patterns)
    return sorted(set(found))


def test_the_opted_in_pages_are_the_documented_ones():
    assert personal_pages_without_arguments() == [
        "/api/applications/",
        "/api/firms/",
        "/api/leases/",
        "/api/spaces/",
        "/my/applications/",
        "/my/firm/",
        "/staff/",
        "/staff/calls/",
        "/staff/firms/",
        "/staff/leases/",
        "/staff/programs/",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("path", [p for p in personal_pages_without_arguments() if not p.startswith("/my/")])
def test_every_opted_in_staff_page_and_list_is_answered_from_the_cache_and_a_change_shows(client, roles, path):
    person = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(person)
    until_cached(client, path)
    type(person).objects.filter(pk=person.pk).update(name="새 이름")  # the user: every signed-in page reads it
    assert client.get(path).get("X-Personal-Cache") != "hit"


@pytest.mark.django_db
def test_a_hit_loads_neither_the_user_nor_any_row(representative):
    until_cached(representative, MY_APPLICATIONS)
    with CaptureQueriesContext(connection) as queries:
        assert representative.get(MY_APPLICATIONS)["X-Personal-Cache"] == "hit"
    assert all('"django_session"' in query["sql"] for query in queries.captured_queries), queries.captured_queries


@pytest.mark.django_db
def test_a_password_changed_elsewhere_ends_the_session_though_its_page_is_cached(representative, alice):
    until_cached(representative, MY_APPLICATIONS)
    person = alice[1]
    person.set_password("another-horse-battery-staple")
    person.save()
    ended = representative.get(MY_APPLICATIONS)
    assert ended.status_code == 302 and reverse("account_login") in ended["Location"]


@pytest.mark.django_db
def test_with_cached_db_sessions_as_in_production_a_hit_asks_the_cache_once(alice, settings):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    browser = Client()
    browser.force_login(alice[1])
    until_cached(browser, MY_APPLICATIONS)
    with (
        mock.patch.object(cache, "get_many", wraps=cache.get_many) as get_many,
        mock.patch.object(CachedDbSession, "load", autospec=True, side_effect=CachedDbSession.load) as load,
        CaptureQueriesContext(connection) as queries,
    ):
        hit = browser.get(MY_APPLICATIONS)
    assert hit["X-Personal-Cache"] == "hit"
    assert (get_many.call_count, load.call_count, len(queries.captured_queries)) == (1, 0, 0)
    session = browser.session
    session["portal.some_choice"] = "changed"  # what a page may show: its entry no longer answers
    session.save()
    assert browser.get(MY_APPLICATIONS).get("X-Personal-Cache") != "hit"

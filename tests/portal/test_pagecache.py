"""The page cache of anonymous public pages (portal/pagecache.py): privacy, invalidation, revalidation, CSRF."""

from datetime import timedelta
from unittest import mock

import pytest
from auditlog.context import auditlog_value
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.http import HttpResponse
from django.template import engines
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from portal import pagecache
from portal.middleware import AuditlogOnWritesMiddleware
from portal.pagecache import public_pages_changed
from portal.wsgi import application
from programs.services import enrolment_apply
from tenants.partners.services import mou_update

from ..factories import (
    CohortFactory,
    FirmFactory,
    LeaseFactory,
    MOUFactory,
    PartnerFactory,
    TenancyCallFactory,
    UserFactory,
)

PUBLIC_URLS = [
    "/",
    "/programs/",
    "/calls/",
    "/tenants/",
    "/partners/",
    "/outcomes/",
    "/api/cohorts/",
    "/api/programmes/",
    "/api/directory/",
    "/api/calls/",
    "/api/partners/",
    "/api/outcomes/",
]


def anonymous(language="en", **headers) -> Client:
    return Client(HTTP_ACCEPT_LANGUAGE=language, **headers)


@pytest.mark.django_db
@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_second_anonymous_read_of_a_public_page_comes_from_the_cache(url):
    first = anonymous().get(url)
    second = anonymous().get(url)
    assert first.status_code == second.status_code == 200
    assert (first["X-Public-Cache"], second["X-Public-Cache"]) == ("miss", "hit")
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    assert second["Cache-Control"] == "public, no-cache"
    assert {"accept", "accept-language", "cookie"} <= {v.strip().lower() for v in second["Vary"].split(",")}
    assert not second.cookies


@pytest.mark.django_db
def test_a_signed_in_persons_name_never_reaches_the_cached_anonymous_page_and_back(client):
    person = UserFactory(name="홍길순비밀", email="gilsoon@example.kr")
    client.force_login(person)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    signed_in = client.get("/")
    assert "홍길순비밀".encode() in signed_in.content or b"Sign Out" in signed_in.content
    assert "X-Public-Cache" not in signed_in
    first = anonymous().get("/")
    second = anonymous().get("/")
    for response in (first, second):
        assert "홍길순비밀".encode() not in response.content
        assert b"Sign Out" not in response.content and b"Sign In" in response.content
    assert second["X-Public-Cache"] == "hit"
    # The reverse: with the anonymous page cached, the signed-in person still gets their own page.
    again = client.get("/")
    assert "X-Public-Cache" not in again
    assert b"Sign Out" in again.content


@pytest.mark.django_db
def test_a_request_with_a_token_or_a_messages_cookie_is_never_served_or_stored(user):
    anonymous().get("/api/cohorts/")
    with_token = anonymous(HTTP_AUTHORIZATION="Token abc").get("/api/cohorts/")
    assert "X-Public-Cache" not in with_token
    with_messages = anonymous()
    with_messages.cookies["messages"] = "x"
    assert "X-Public-Cache" not in with_messages.get("/")


@pytest.mark.django_db
def test_languages_and_query_strings_are_cached_apart():
    CohortFactory(programme__title="용접 AI", programme__title_en="Welding AI")
    korean = Client(HTTP_ACCEPT_LANGUAGE="ko").get("/programs/")
    english = anonymous().get("/programs/")
    assert english["X-Public-Cache"] == "miss"
    assert "용접 AI".encode() in korean.content and b"Welding AI" in english.content
    searched = anonymous().get("/programs/", {"q": "nothing-like-this"})
    assert searched["X-Public-Cache"] == "miss"
    assert b"Welding AI" not in searched.content
    assert anonymous().get("/programs/", {"q": "nothing-like-this"})["X-Public-Cache"] == "hit"


@pytest.mark.django_db
def test_an_edit_through_a_service_shows_on_the_next_anonymous_request(django_capture_on_commit_callbacks):
    partner = PartnerFactory(name="창원대학교", name_en="Changwon University")
    mou = MOUFactory(title="AI 공동연구", is_public=True, partners=[partner])
    assert "AI 공동연구".encode() in anonymous("ko").get("/partners/").content
    assert anonymous("ko").get("/partners/")["X-Public-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        mou_update(mou=mou, title="제조 데이터 공동연구")
    fresh = anonymous("ko").get("/partners/")
    assert fresh["X-Public-Cache"] == "miss"
    assert "제조 데이터 공동연구".encode() in fresh.content


@pytest.mark.django_db
def test_the_copy_a_process_keeps_answers_only_while_the_versions_match(django_capture_on_commit_callbacks):
    # One Client is one process: its middleware keeps the entries it served (LOCAL_ENTRIES).
    browser = anonymous("ko")
    mou = MOUFactory(title="AI 공동연구", is_public=True, partners=[PartnerFactory()])
    assert browser.get("/partners/")["X-Public-Cache"] == "miss"
    assert browser.get("/partners/")["X-Public-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        mou_update(mou=mou, title="제조 데이터 공동연구")
    fresh = browser.get("/partners/")
    assert fresh["X-Public-Cache"] == "miss"
    assert "제조 데이터 공동연구".encode() in fresh.content
    cache.delete("public-page:version:partners")
    assert browser.get("/partners/")["X-Public-Cache"] == "miss"


@pytest.mark.django_db
def test_another_processs_entry_is_fetched_once_and_then_answered_from_this_processs_copy():
    built = anonymous().get("/outcomes/")
    pagecache._local.clear()  # another process built it: this one has no copy yet
    browser = anonymous()
    with mock.patch.object(cache, "get_many", wraps=cache.get_many) as round_trip:
        first, second = browser.get("/outcomes/"), browser.get("/outcomes/")
    assert (first["X-Public-Cache"], second["X-Public-Cache"]) == ("hit", "hit")
    assert first.content == second.content == built.content
    (asked_first,), (asked_second,) = (call.args for call in round_trip.call_args_list)
    assert [key for key in asked_first if key.startswith("public-page:entry:")]  # with the versions, one trip
    assert all(key.startswith("public-page:version:") for key in asked_second)  # the versions only


@override_settings(SECURE_HSTS_SECONDS=3600, SECURE_SSL_REDIRECT=True, ALLOWED_HOSTS=["portal.example.kr"])
@pytest.mark.django_db
def test_a_hit_sends_every_header_of_the_page_it_stored_and_checks_the_host_and_scheme():
    browser = anonymous(HTTP_HOST="portal.example.kr")
    stored, hit = browser.get("/programs/", secure=True), browser.get("/programs/", secure=True)
    assert hit["X-Public-Cache"] == "hit"
    for header in ("Strict-Transport-Security", "Content-Security-Policy", "X-Frame-Options", "Content-Type"):
        assert hit[header] == stored[header], header
    assert hit["X-Content-Type-Options"] == "nosniff"
    assert hit["Content-Length"] == str(len(hit.content))
    assert browser.get("/programs/").status_code == 301  # plain HTTP goes to HTTPS first
    assert anonymous(HTTP_HOST="elsewhere.example.kr").get("/programs/", secure=True).status_code == 400


@pytest.mark.django_db
def test_a_seat_taken_by_a_conditional_update_shows_on_the_cohort_page(django_capture_on_commit_callbacks):
    cohort = CohortFactory(capacity=2)
    url = reverse("programs:cohort_detail", args=[cohort.pk])
    before = anonymous().get(url)
    assert anonymous().get(url)["X-Public-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        enrolment_apply(cohort=cohort, user=UserFactory(), answers={}, consent_given=True)
    after = anonymous().get(url)
    assert after["X-Public-Cache"] == "miss"
    assert after["ETag"] != before["ETag"]


@pytest.mark.django_db
def test_a_directory_change_saved_in_the_admin_or_a_factory_shows_at_once():
    anonymous("ko").get("/tenants/")
    LeaseFactory(firm=FirmFactory(name="새입주기업", public_profile=True))
    assert "새입주기업".encode() in anonymous("ko").get("/tenants/").content


@pytest.mark.django_db
def test_a_call_opening_by_the_clock_is_not_served_stale():
    call = TenancyCallFactory(opens_at=timezone.now() + timedelta(minutes=5))
    anonymous().get("/calls/")
    assert anonymous().get("/calls/")["X-Public-Cache"] == "hit"
    later = timezone.now() + timedelta(minutes=6)
    with mock.patch("django.utils.timezone.now", return_value=later):
        reopened = anonymous().get("/calls/")
    assert reopened["X-Public-Cache"] == "miss"
    assert call.state(later) == "open"


@pytest.mark.django_db
def test_a_version_lost_from_the_cache_never_lets_an_old_entry_answer():
    anonymous().get("/partners/")
    cache.delete("public-page:version:partners")
    assert anonymous().get("/partners/")["X-Public-Cache"] == "miss"


@pytest.mark.django_db
def test_if_none_match_answers_304_and_a_changed_page_answers_200():
    first = anonymous().get("/outcomes/")
    not_modified = anonymous(HTTP_IF_NONE_MATCH=first["ETag"]).get("/outcomes/")
    assert not_modified.status_code == 304
    assert not_modified.content == b""
    assert not_modified["ETag"] == first["ETag"]
    since = anonymous(HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).get("/outcomes/")
    assert since.status_code == 304
    public_pages_changed("outcomes")
    assert anonymous(HTTP_IF_NONE_MATCH='"something-else"').get("/outcomes/").status_code == 200


@pytest.mark.django_db
def test_the_language_switch_works_from_a_cached_page_with_csrf_checks_on():
    browser = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="ko")
    browser.get("/programs/")
    cached = browser.get("/programs/")
    assert cached["X-Public-Cache"] == "hit"
    body = cached.content.decode()
    assert "csrfmiddlewaretoken" not in body and not cached.cookies
    assert 'action="/i18n/setlang/"' in body
    switched = browser.post("/i18n/setlang/", {"language": "en", "next": "/programs/"}, HTTP_ORIGIN="http://testserver")
    assert switched.status_code == 302 and switched["Location"] == "/programs/"
    english = browser.get("/programs/")
    assert english.content != cached.content
    assert 'lang="en"' in english.content.decode()


@pytest.mark.django_db
def test_the_language_switch_refuses_a_cross_site_post():
    browser = Client(enforce_csrf_checks=True)
    assert browser.post("/i18n/setlang/", {"language": "en"}, HTTP_ORIGIN="https://evil.example").status_code == 403
    assert browser.post("/i18n/setlang/", {"language": "en"}, HTTP_SEC_FETCH_SITE="cross-site").status_code == 403
    assert "django_language" not in browser.cookies


@pytest.mark.django_db
def test_search_and_sign_up_links_on_a_cached_page_need_no_token():
    anonymous().get("/tenants/")
    cached = anonymous().get("/tenants/").content.decode()
    assert 'method="get"' in cached.lower()
    assert reverse("account_signup") in cached
    assert anonymous().get(reverse("account_signup")).status_code == 200


@pytest.mark.django_db
def test_pages_that_set_a_cookie_are_never_stored():
    login = anonymous().get(reverse("account_login"))
    assert "X-Public-Cache" not in login
    assert not any(key.startswith(":1:public-page:entry") for key in cache._cache)


@override_settings(DEBUG=False)
def test_templates_are_compiled_once_per_process():
    loaders = engines["django"].engine.loaders
    assert loaders[0][0] == "django.template.loaders.cached.Loader"


@pytest.mark.django_db
def test_the_audit_middleware_records_the_actor_of_a_write_and_skips_reads():
    seen = {}

    def view(request):
        seen[request.method] = auditlog_value.get(None)
        return HttpResponse()

    middleware = AuditlogOnWritesMiddleware(view)
    request = Client().get("/").wsgi_request
    request.user = UserFactory()
    auditlog_value.set(None)
    request.method = "GET"
    middleware(request)
    request.method = "POST"
    middleware(request)
    assert seen["GET"] is None
    assert seen["POST"]["actor"] == request.user


def wsgi_get(path: str, **headers) -> tuple[str, dict, bytes]:
    """``path`` through portal.wsgi.application, as gunicorn calls it: status, headers, body."""
    environ = Client()._base_environ(PATH_INFO=path, REQUEST_METHOD="GET", QUERY_STRING="", **headers)
    answer = {}

    def start_response(status, response_headers, exc_info=None):
        answer["status"], answer["headers"] = status, dict(response_headers)

    # As Django's test client does: the handler's signals would close the test's database connection.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        body = application(environ, start_response)
        content = b"".join(body)
        getattr(body, "close", lambda: None)()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return answer["status"], answer["headers"], content


@pytest.mark.django_db
def test_the_wsgi_front_answers_a_hit_before_django_with_the_stored_headers_and_body():
    stored = anonymous("ko").get("/programs/")
    started = []
    request_started.connect(started.append, weak=False, dispatch_uid="test-front")
    try:
        status, headers, content = wsgi_get("/programs/", HTTP_ACCEPT_LANGUAGE="ko")
    finally:
        request_started.disconnect(dispatch_uid="test-front")
    assert status == "200 OK" and headers["X-Public-Cache"] == "hit"
    assert not started  # Django's handler never ran
    assert content == stored.content
    for name in ("Content-Type", "Content-Security-Policy", "X-Frame-Options", "ETag", "Vary", "Cache-Control"):
        assert headers[name] == stored[name], name
    assert headers["Content-Length"] == str(len(content))


@pytest.mark.django_db
def test_the_wsgi_front_leaves_misses_conditionals_sessions_and_bad_hosts_to_django(django_user_model):
    status, headers, _ = wsgi_get("/partners/")
    assert status == "200 OK" and headers["X-Public-Cache"] == "miss"  # built by Django, then stored
    etag = wsgi_get("/partners/")[1]["ETag"]
    assert wsgi_get("/partners/", HTTP_IF_NONE_MATCH=etag)[0].startswith("304")  # the middleware's 304
    user = UserFactory(name="홍길동")
    browser = Client()
    browser.force_login(user)
    session = browser.cookies["sessionid"].value
    status, headers, content = wsgi_get("/partners/", HTTP_COOKIE=f"sessionid={session}")
    assert "X-Public-Cache" not in headers and headers["Cache-Control"] == "private, no-store"  # built for them
    assert reverse("account_logout").encode() in content  # the signed-in navigation
    assert wsgi_get("/partners/", HTTP_HOST="elsewhere.example.kr")[0].startswith("400")

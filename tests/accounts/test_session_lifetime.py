"""Sessions end after an idle time and an absolute lifetime: shorter for staff (30 min / 12 h) than for
firm users (2 h / 24 h). The middleware's clock is replaced, so no test waits."""

import time
from types import SimpleNamespace

import pytest
from django.urls import reverse

from portal.accounts import middleware

MINUTE = 60
HOUR = 60 * MINUTE


@pytest.fixture
def clock(monkeypatch):
    """The clock of portal.accounts.middleware; ``clock.now`` moves on by ``clock.advance(seconds)``."""
    state = SimpleNamespace(now=time.time())
    state.advance = lambda seconds: setattr(state, "now", state.now + seconds)
    monkeypatch.setattr(middleware, "time", SimpleNamespace(time=lambda: state.now))
    return state


def staff_page():
    return reverse("tenants:staff_dashboard")


def signed_out(response) -> bool:
    return response.status_code == 302 and response.url.startswith(reverse("account_login"))


def test_a_staff_session_ends_after_30_idle_minutes(client, manager, clock):
    client.force_login(manager)
    clock.advance(30 * MINUTE - 1)
    assert client.get(staff_page()).status_code == 200
    clock.advance(30 * MINUTE + 1)
    response = client.get(staff_page())
    assert signed_out(response) and "next=%2Fstaff%2F" in response.url
    assert "_auth_user_id" not in client.session


def test_activity_keeps_a_staff_session_alive_until_its_12_hours(client, manager, clock):
    client.force_login(manager)
    for _ in range(12 * 3):  # a request every 20 minutes for 12 hours
        clock.advance(20 * MINUTE)
        assert client.get(staff_page()).status_code == 200
    clock.advance(20 * MINUTE)
    assert signed_out(client.get(staff_page()))


def test_a_firm_users_session_lasts_two_idle_hours(client, alice, clock):
    _firm, representative, _member = alice
    client.force_login(representative)
    clock.advance(90 * MINUTE)
    assert client.get(reverse("tenants:my_firm")).status_code == 200
    clock.advance(2 * HOUR + 1)
    assert signed_out(client.get(reverse("tenants:my_firm")))


def test_a_firm_users_session_ends_after_24_hours_however_active(client, alice, clock):
    _firm, representative, _member = alice
    client.force_login(representative)
    for _ in range(24):
        clock.advance(HOUR)
        assert client.get(reverse("tenants:my_firm")).status_code == 200
    clock.advance(HOUR)
    assert signed_out(client.get(reverse("tenants:my_firm")))


def test_an_ended_session_answers_401_on_the_api(client, manager, clock):
    client.force_login(manager)
    clock.advance(31 * MINUTE)
    response = client.get("/api/staff/cohorts/")
    assert response.status_code == 401 and response.json()["detail"]


def test_the_limits_come_from_settings(client, manager, clock, settings):
    settings.STAFF_SESSION_IDLE_SECONDS = 5 * MINUTE
    client.force_login(manager)
    clock.advance(6 * MINUTE)
    assert signed_out(client.get(staff_page()))


def test_a_session_from_before_the_limits_starts_its_clock_now(client, manager, clock):
    client.force_login(manager)
    session = client.session
    del session[middleware.SIGNED_IN_AT], session[middleware.LAST_SEEN_AT]
    session.save()
    assert client.get(staff_page()).status_code == 200
    assert client.session[middleware.SIGNED_IN_AT] == clock.now


def test_an_active_session_is_not_saved_on_every_request(client, manager, clock):
    client.force_login(manager)
    client.get(staff_page())
    clock.advance(10)
    seen = client.session[middleware.LAST_SEEN_AT]
    client.get(staff_page())
    assert client.session[middleware.LAST_SEEN_AT] == seen  # within the minute: not written
    clock.advance(middleware.LAST_SEEN_RESOLUTION)
    client.get(staff_page())
    assert client.session[middleware.LAST_SEEN_AT] == clock.now


def test_anonymous_visitors_are_not_affected(client, db, clock):
    clock.advance(48 * HOUR)
    assert client.get(reverse("home")).status_code == 200

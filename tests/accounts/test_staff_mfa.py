"""Two-factor authentication: required for every staff person before any staff page (the admin and
session-authenticated API included), optional for firm users. See tests/mfa.py for how tests sign in."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY
from django.urls import reverse

from portal.accounts.mfa import session_passed_mfa
from portal.accounts.roles import CONSULTANT, REVIEWER

from ..factories import UserFactory, user_in_role
from ..mfa import force_login_without_mfa, totp_code, totp_enable

PASSWORD = "correct-horse-battery"


def staff_dashboard():
    return reverse("tenants:staff_dashboard")


def test_staff_without_an_authenticator_are_sent_to_set_one_up(client, manager):
    force_login_without_mfa(client, manager)
    response = client.get(staff_dashboard())
    assert response.status_code == 302
    assert response.url == f"{reverse('mfa_activate_totp')}?next=%2Fstaff%2F"


def test_staff_with_an_authenticator_must_enter_its_code_in_this_session(client, manager):
    totp_enable(manager)
    force_login_without_mfa(client, manager)
    response = client.get(staff_dashboard())
    assert response.status_code == 302
    assert response.url == f"{reverse('mfa_reauthenticate')}?next=%2Fstaff%2F"

    response = client.post(response.url, {"code": totp_code()})
    assert response.status_code == 302 and response.url == staff_dashboard()
    assert client.get(staff_dashboard()).status_code == 200


def test_a_wrong_code_keeps_the_staff_page_closed(client, manager):
    totp_enable(manager)
    force_login_without_mfa(client, manager)
    response = client.post(reverse("mfa_reauthenticate"), {"code": "000000" if totp_code() != "000000" else "111111"})
    assert response.status_code == 200
    assert client.get(staff_dashboard()).status_code == 302


@pytest.mark.parametrize("role", [REVIEWER, CONSULTANT])
def test_every_staff_role_needs_it_even_without_the_staff_flag(client, roles, role):
    person = user_in_role(role)
    assert not person.is_staff
    force_login_without_mfa(client, person)
    response = client.get(reverse("accounts:privacy"))
    assert response.status_code == 302 and response.url.startswith(reverse("mfa_activate_totp"))


def test_the_admin_needs_it_too(client, db):
    superuser = UserFactory(is_staff=True, is_superuser=True)
    force_login_without_mfa(client, superuser)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and response.url.startswith(reverse("mfa_activate_totp"))


def test_a_session_authenticated_staff_api_call_is_refused_without_it(client, manager):
    force_login_without_mfa(client, manager)
    response = client.get("/api/staff/cohorts/")
    assert response.status_code == 403
    assert "two-factor" in response.json()["detail"] or "2단계" in response.json()["detail"]
    client.force_login(manager)  # with the two-factor step
    assert client.get("/api/staff/cohorts/").status_code == 200


@pytest.mark.django_db(transaction=True)  # allauth signals the new app when its transaction commits
def test_a_staff_sign_in_without_an_app_leads_to_setting_it_up_and_then_to_the_staff_pages(client, manager):
    client.post(reverse("account_login"), {"login": manager.email, "password": PASSWORD})
    response = client.get(staff_dashboard())
    assert response.url.startswith(reverse("mfa_activate_totp"))
    # allauth asks for the password again before an authenticator is added.
    response = client.get(response.url)
    assert response.url.startswith(reverse("account_reauthenticate"))
    response = client.post(response.url, {"password": PASSWORD})
    assert client.get(response.url).status_code == 200
    secret = client.session[SECRET_SESSION_KEY]
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=manager, type=Authenticator.Type.TOTP).exists()
    assert client.get(response.url).status_code == 200  # the recovery codes, shown after setting up
    assert client.get(staff_dashboard()).status_code == 200


def test_signing_in_asks_staff_for_the_code_after_the_password(client, manager):
    totp_enable(manager)
    response = client.post(reverse("account_login"), {"login": manager.email, "password": PASSWORD})
    assert response.status_code == 302 and response.url == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session  # not signed in until the code is entered
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code()})
    assert response.status_code == 302
    assert client.get(staff_dashboard()).status_code == 200


def test_a_recovery_code_also_passes(client, manager):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    totp_enable(manager)
    codes = RecoveryCodes.activate(manager).get_unused_codes()
    force_login_without_mfa(client, manager)
    client.post(reverse("mfa_reauthenticate"), {"code": codes[0]})
    assert client.get(staff_dashboard()).status_code == 200


def test_firm_users_are_not_asked_for_it(client, alice):
    _firm, representative, _member = alice
    force_login_without_mfa(client, representative)
    assert client.get(reverse("tenants:my_firm")).status_code == 200
    assert client.get(reverse("accounts:privacy")).status_code == 200


def test_firm_users_may_turn_it_on_and_are_then_asked_at_sign_in(client, alice):
    _firm, representative, _member = alice
    client.post(reverse("account_login"), {"login": representative.email, "password": PASSWORD})
    page = client.get(reverse("accounts:privacy")).content.decode()
    assert reverse("mfa_index") in page
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    client.get(reverse("mfa_activate_totp"))
    secret = client.session[SECRET_SESSION_KEY]
    client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    client.logout()
    response = client.post(reverse("account_login"), {"login": representative.email, "password": PASSWORD})
    assert response.url == reverse("mfa_authenticate")


def test_staff_cannot_turn_their_authenticator_off_but_firm_users_can(client, manager, alice):
    _firm, representative, _member = alice
    totp_enable(manager)
    client.force_login(manager)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    client.post(reverse("mfa_deactivate_totp"))
    assert Authenticator.objects.filter(user=manager, type=Authenticator.Type.TOTP).exists()

    totp_enable(representative)
    client.force_login(representative)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    client.post(reverse("mfa_deactivate_totp"))
    assert not Authenticator.objects.filter(user=representative, type=Authenticator.Type.TOTP).exists()


def test_force_login_in_tests_counts_as_a_complete_sign_in(client, manager):
    client.force_login(manager)
    assert client.get(staff_dashboard()).status_code == 200


def test_signing_out_and_the_setup_pages_stay_open(client, manager):
    force_login_without_mfa(client, manager)
    assert client.get(reverse("mfa_index")).status_code == 200
    assert client.post(reverse("account_logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_a_two_factor_step_of_someone_else_in_the_session_does_not_count(rf, manager, officer):
    from allauth.account.internal.flows.login import record_authentication
    from django.contrib.sessions.backends.db import SessionStore

    request = rf.get("/")
    request.session = SessionStore()
    record_authentication(request, officer, "mfa", type="totp")
    request.user = manager
    assert not session_passed_mfa(request)
    request.user = officer
    assert session_passed_mfa(request)


def test_only_a_superuser_sees_authenticators_in_the_admin_and_never_their_secret(client, manager, db):
    superuser = UserFactory(is_staff=True, is_superuser=True)
    authenticator = totp_enable(manager)
    manager.is_staff = True
    manager.save(update_fields=["is_staff"])
    changelist = reverse("admin:mfa_authenticator_changelist")
    client.force_login(manager)
    assert client.get(changelist).status_code == 403
    client.force_login(superuser)
    page = client.get(changelist).content.decode()
    assert manager.email in page
    detail = client.get(reverse("admin:mfa_authenticator_change", args=[authenticator.pk])).content.decode()
    assert authenticator.data["secret"] not in detail and authenticator.data["secret"] not in page
    # Removing a lost app: the person sets up a new one at the next staff page.
    client.post(reverse("admin:mfa_authenticator_delete", args=[authenticator.pk]), {"post": "yes"})
    assert not Authenticator.objects.filter(pk=authenticator.pk).exists()

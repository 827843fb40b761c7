"""Each role lands on its own workspace after login; a firm's home lists what needs doing."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from portal.accounts.roles import CONSULTANT, PROGRAMME_OFFICER, REVIEWER
from programs.choices import EnrolmentState
from tenants.choices import ApplicationStage

from ..factories import ApplicationFactory, EnrolmentFactory, TenancyCallFactory, UserFactory

PASSWORD = "Harbour-Lights-2026!"


def log_in(client, user) -> str:
    user.set_password(PASSWORD)
    user.save()
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return client.get(response.url).url if response.url == reverse("landing") else response.url


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("group", "workspace"),
    [
        (PROGRAMME_OFFICER, "tenants:staff_dashboard"),
        (REVIEWER, "tenants:review_list"),
        (CONSULTANT, "programs:engagements_mine"),
    ],
)
def test_each_role_lands_on_its_workspace(client, roles, group, workspace):
    user = UserFactory()
    user.groups.add(Group.objects.get(name=group))
    # Staff pass two-factor sign-in first (tests/accounts/test_staff_mfa.py); then /my/ sends them on.
    client.force_login(user)
    assert client.get(reverse("landing")).url == reverse(workspace)


@pytest.mark.django_db
def test_a_firm_user_and_a_newcomer_land_on_the_dashboard(client, alice):
    assert log_in(client, alice.member) == reverse("dashboard")
    client.logout()
    assert log_in(client, UserFactory()) == reverse("dashboard")
    page = client.get(reverse("dashboard")).content.decode()
    assert reverse("tenants:firm_register") in page


@pytest.mark.django_db
def test_an_explicit_next_still_wins(client, alice):
    alice.member.set_password(PASSWORD)
    alice.member.save()
    response = client.post(
        reverse("account_login") + "?next=/programs/", {"login": alice.member.email, "password": PASSWORD}
    )
    assert response.url == "/programs/"


@pytest.mark.django_db
def test_the_dashboard_lists_drafts_open_calls_and_offers_of_the_own_firm_only(client, alice, bob):
    now = timezone.now()
    draft_call = TenancyCallFactory(
        title="초안 공고", opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=3)
    )
    open_call = TenancyCallFactory(
        title="열린 공고", opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=9)
    )
    ApplicationFactory(firm=alice.firm, call=draft_call, stage=ApplicationStage.DRAFT)
    ApplicationFactory(firm=bob.firm, call=open_call, stage=ApplicationStage.DRAFT, summary="밥의 초안")
    client.force_login(alice.member)
    page = client.get(reverse("dashboard")).content.decode()
    drafts, rest = page.split('id="calls-heading"')
    assert "초안 공고" in drafts and "열린 공고" in rest and "초안 공고" not in rest
    assert "밥의 초안" not in page

    client.force_login(bob.member)
    page = client.get(reverse("dashboard")).content.decode()
    assert "초안 공고" not in page.split('id="calls-heading"')[0]


@pytest.mark.django_db
def test_the_dashboard_shows_a_seat_offer_to_answer(client, alice):
    enrolment = EnrolmentFactory(
        user=alice.member, state=EnrolmentState.OFFERED, offer_expires_at=timezone.now() + timedelta(hours=5)
    )
    cohort = enrolment.cohort
    client.force_login(alice.member)
    page = client.get(reverse("dashboard")).content.decode()
    assert 'id="offers-heading"' in page and str(cohort) in page


@pytest.mark.django_db
@pytest.mark.parametrize("drafts", [1, 8])
def test_dashboard_queries_do_not_grow_with_rows(client, alice, drafts, django_assert_max_num_queries):
    now = timezone.now()
    for index in range(drafts):
        call = TenancyCallFactory(opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=index + 1))
        ApplicationFactory(firm=alice.firm, call=call, stage=ApplicationStage.DRAFT)
        TenancyCallFactory(opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=index + 2))
    client.force_login(alice.member)
    with django_assert_max_num_queries(14):
        assert client.get(reverse("dashboard")).status_code == 200

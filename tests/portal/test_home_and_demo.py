import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from portal.accounts.models import User
from tenants.selectors import hub_figures

from ..factories import LeaseFactory


@pytest.mark.django_db
def test_home_figures_are_computed_from_the_data(client):
    LeaseFactory()
    LeaseFactory()
    assert hub_figures() == {"resident_firms": 2, "sites": 2, "registered_firms": 2}
    response = client.get(reverse("home"))
    assert response.context["figures"]["resident_firms"] == 2
    assert [site.resident_count for site in response.context["sites"]] == [1, 1]


@pytest.mark.django_db
def test_an_ended_lease_does_not_count_as_resident(client):
    from datetime import date, timedelta

    LeaseFactory(start_date=date.today() - timedelta(days=400), end_date=date.today() - timedelta(days=1))
    assert hub_figures()["resident_firms"] == 0


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 12])
def test_home_runs_a_constant_number_of_queries(client, django_assert_max_num_queries, rows):
    for _ in range(rows):
        LeaseFactory()
    # The figures and the sites, then the notices: pinned, recent, and the next scheduled one (page cache).
    with django_assert_max_num_queries(7):
        assert client.get(reverse("home")).status_code == 200


def test_demo_totp_prints_the_current_code():
    import io

    from portal.demo.data import DEMO_TOTP_SECRET

    from ..mfa import totp_code

    out = io.StringIO()
    call_command("demo_totp", stdout=out)
    assert out.getvalue().split()[0] == totp_code(DEMO_TOTP_SECRET)


@pytest.mark.django_db
def test_seed_demo_refuses_to_run_where_demo_data_is_not_allowed(settings):
    # Production (DEMO_DATA unset) must never get accounts with the published password and TOTP secret.
    settings.DEMO_DATA = False
    with pytest.raises(CommandError, match="DEMO_DATA=true"):
        call_command("seed_demo")
    assert not User.objects.exists()

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from portal.accounts.models import User
from portal.reports.monthly import Period, monthly_report
from programs.models import Certificate, Cohort, Enrolment
from tenants.choices import ApplicationStage
from tenants.models import Application, Firm, FirmMembership, Lease, ReviewScore, Site, TenancyCall
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


@pytest.mark.django_db
def test_seed_demo_creates_the_hub_and_running_it_twice_changes_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # certificates are issued on commit
        call_command("seed_demo")
    counts = (
        Site.objects.count(),
        Firm.objects.count(),
        Lease.objects.count(),
        User.objects.count(),
        Application.objects.count(),
        ReviewScore.objects.count(),
        Enrolment.objects.count(),
        Certificate.objects.count(),
    )
    stamps = list(Firm.objects.order_by("pk").values_list("updated_at", flat=True))
    call_command("seed_demo")
    assert (
        Site.objects.count(),
        Firm.objects.count(),
        Lease.objects.count(),
        User.objects.count(),
        Application.objects.count(),
        ReviewScore.objects.count(),
        Enrolment.objects.count(),
        Certificate.objects.count(),
    ) == counts
    assert list(Firm.objects.order_by("pk").values_list("updated_at", flat=True)) == stamps
    # 44 current leases, and the ended leases of the 4 graduates the performance demo follows up.
    assert (counts[0], counts[2]) == (2, 48)
    assert hub_figures()["resident_firms"] == 44
    assert FirmMembership.objects.filter(role="representative").count() == Firm.objects.count()
    assert all(len(brn) == 10 for brn in Firm.objects.values_list("brn", flat=True))
    # An open call and closed ones, with applications in every stage, scored by reviewers.
    assert {call.state() for call in TenancyCall.objects.all()} == {"open", "closed"}
    assert set(Application.objects.values_list("stage", flat=True)) == set(ApplicationStage.values)
    assert ReviewScore.objects.exists()
    # Past cohorts with certificates, one open cohort with a waitlist, one upcoming.
    assert Certificate.objects.exists() and all(c.pdf for c in Certificate.objects.all())
    assert {cohort.state() for cohort in Cohort.objects.all()} >= {"closed", "open", "upcoming"}
    assert Enrolment.objects.filter(state="waitlisted").exists()


@pytest.mark.django_db
def test_seed_demo_gives_every_staff_person_the_documented_authenticator_and_they_can_sign_in(client):
    from allauth.mfa.models import Authenticator

    from portal.demo.data import DEMO_PASSWORD, DEMO_TOTP_SECRET, seed_staff_mfa

    from ..mfa import totp_code

    call_command("seed_demo")
    staff = User.objects.filter(email__in=["admin@hubbridge.kr", "manager@hubbridge.kr", "consultant@hubbridge.kr"])
    assert staff.count() == 3
    for person in staff:
        assert Authenticator.objects.filter(user=person, type=Authenticator.Type.TOTP).count() == 1
    assert not Authenticator.objects.filter(user__email="rep01@demo.hubbridge.kr").exists()
    seed_staff_mfa()  # again: still one each
    assert Authenticator.objects.filter(user__in=staff).count() == 3

    response = client.post(reverse("account_login"), {"login": "manager@hubbridge.kr", "password": DEMO_PASSWORD})
    assert response.url == reverse("mfa_authenticate")
    client.post(reverse("mfa_authenticate"), {"code": totp_code(DEMO_TOTP_SECRET)})
    assert client.get(reverse("tenants:staff_dashboard")).status_code == 200


def test_demo_totp_prints_the_current_code():
    import io

    from portal.demo.data import DEMO_TOTP_SECRET

    from ..mfa import totp_code

    out = io.StringIO()
    call_command("demo_totp", stdout=out)
    assert out.getvalue().split()[0] == totp_code(DEMO_TOTP_SECRET)


@pytest.mark.django_db
def test_seed_demo_gives_the_monthly_report_figures_for_the_month_just_ended():
    call_command("seed_demo")
    report = monthly_report(Period.of(timezone.localdate()).previous().month)
    tenancy, cohorts, consulting = report["tenancy"], report["cohorts"], report["consulting"]
    assert tenancy["applications_submitted"] == 5
    # received, returned for correction, under review, selected, not selected, withdrawn
    assert [row["count"] for row in tenancy["applications_by_stage"]] == [0, 0, 2, 2, 1, 0]
    assert tenancy["leases"]["started"] == 1 and tenancy["resident_firms"] == 44
    [cohort] = cohorts["cohorts"]
    assert cohort["completed"] > 0 and cohort["completion_rate"] is not None
    assert cohorts["applications_received"] == cohort["applicants"]
    assert (consulting["submitted"], consulting["completed"]) == (2, 1)
    assert consulting["engagements_measured"] >= 1
    assert report["budget"]["spent_in_period"] > 0


@pytest.mark.django_db
def test_seed_demo_refuses_to_run_where_demo_data_is_not_allowed(settings):
    # Production (DEMO_DATA unset) must never get accounts with the published password and TOTP secret.
    settings.DEMO_DATA = False
    with pytest.raises(CommandError, match="DEMO_DATA=true"):
        call_command("seed_demo")
    assert not User.objects.exists()

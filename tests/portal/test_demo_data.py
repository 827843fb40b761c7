"""The demo data (``seed_demo``): the hub and the partnerships it creates, that running it again
changes nothing, the staff's authenticators, and the monthly report figures it gives, in the files too.

Seeding the demo takes 20-25 s on the CI machine, so the module seeds it once (the ``demo`` fixture)
inside a transaction of its own, the way Django's ``setUpTestData`` does for a class: each test runs in
a savepoint on top of it and is rolled back as usual, and the module's transaction is rolled back at
the end, so the next module starts from the database the migrations left (their seeded consent texts
and privacy policy included, which a flush would remove). Nothing here is committed, so a real worker
cannot see this data: tests/reports/test_real_worker_report.py drives a real worker on a small hub
of its own, and the demo's figures in the built files are checked here, built in process.
"""

import shutil

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from portal.accounts.models import User
from portal.reports.choices import ReportKind, ReportState
from portal.reports.models import Report
from portal.reports.monthly import Period, monthly_report
from portal.reports.services import report_request
from programs.models import Certificate, Cohort, Enrolment
from tenants.choices import ApplicationStage
from tenants.models import Application, Firm, FirmMembership, Lease, ReviewScore, Site, TenancyCall
from tenants.partners.choices import MOUStatus, ObligationState, PartnerKind
from tenants.partners.models import MOU, Obligation, ObligationNote, Partner, PartnerContact
from tenants.selectors import hub_figures

from ..exports import MONTHLY_SHEETS, stored_pdf_text, stored_workbook

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo data, seeded once for the module in a transaction rolled back when the module is done."""
    with django_db_blocker.unblock():
        module_transaction = transaction.atomic()
        module_transaction.__enter__()
        try:
            # Certificates are issued on commit, which never comes here: run those callbacks now.
            media = tmp_path_factory.mktemp("demo-media")
            with override_settings(MEDIA_ROOT=media), TestCase.captureOnCommitCallbacks(execute=True):
                call_command("seed_demo", verbosity=0)
            yield
        finally:
            transaction.set_rollback(True)
            module_transaction.__exit__(None, None, None)


def _hub_counts():
    return (
        Site.objects.count(),
        Firm.objects.count(),
        Lease.objects.count(),
        User.objects.count(),
        Application.objects.count(),
        ReviewScore.objects.count(),
        Enrolment.objects.count(),
        Certificate.objects.count(),
        list(Firm.objects.order_by("pk").values_list("updated_at", flat=True)),
    )


def _partnership_counts():
    return (
        Partner.objects.count(),
        PartnerContact.objects.count(),
        MOU.objects.count(),
        Obligation.objects.count(),
        ObligationNote.objects.count(),
        list(MOU.objects.order_by("pk").values_list("updated_at", flat=True)),
    )


def test_running_seed_demo_twice_changes_nothing_in_the_hub_or_the_partnerships():
    hub, partnerships = _hub_counts(), _partnership_counts()
    call_command("seed_demo", verbosity=0)
    assert _hub_counts() == hub
    assert _partnership_counts() == partnerships


def test_seed_demo_creates_the_hub():
    # 44 current leases, and the ended leases of the 4 graduates the performance demo follows up.
    assert (Site.objects.count(), Lease.objects.count()) == (2, 48)
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


def test_seed_demo_makes_the_partnerships():
    names = set(Partner.objects.values_list("name_en", flat=True))
    for name in ("Megazone Cloud", "Google Cloud", "Visual Components", "Seoul National University"):
        assert name in names
    assert {"Kyungnam University", "KAIST", "KTL", "KETI"} <= names
    assert Partner.objects.filter(kind=PartnerKind.MANUFACTURER).count() >= 3
    hyperscale = MOU.objects.get(title_en__startswith="Hyperscale manufacturing-AI")
    assert hyperscale.partners.count() >= 10 and hyperscale.is_shown_publicly
    assert MOU.objects.filter(partners__name_en="Visual Components", status=MOUStatus.ACTIVE).exists()
    assert MOU.objects.filter(partners__name_en="Megazone Cloud", previous_term__isnull=False).exists()
    assert set(MOU.objects.values_list("status", flat=True)) == set(MOUStatus.values)
    states = {obligation.state() for obligation in Obligation.objects.all()}
    assert states == set(ObligationState)
    # Manufacturers' BRNs are valid; the real organisations have none invented for them.
    assert all(len(brn) == 10 for brn in Partner.objects.exclude(brn="").values_list("brn", flat=True))
    assert Partner.objects.get(name_en="Megazone Cloud").brn == ""


def test_seed_demo_gives_every_staff_person_the_documented_authenticator_and_they_can_sign_in(client):
    from allauth.mfa.models import Authenticator

    from portal.demo.data import DEMO_PASSWORD, DEMO_TOTP_SECRET, seed_staff_mfa

    from ..mfa import totp_code

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


def test_seed_demo_gives_the_monthly_report_figures_for_the_month_just_ended():
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


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils (make test installs it)")
def test_the_monthly_files_built_from_the_demo_hold_its_figures(django_capture_on_commit_callbacks, tmp_path):
    """The files a request builds (eager Celery: the build runs when the request commits)."""
    month = Period.of(timezone.localdate()).previous().month
    with django_capture_on_commit_callbacks(execute=True):
        for kind in (ReportKind.MONTHLY_XLSX, ReportKind.MONTHLY_PDF):
            report_request(kind=kind, month=month)
    reports = {report.kind: report for report in Report.objects.filter(month=month)}
    assert {report.state for report in reports.values()} == {ReportState.DONE}, [
        report.failure_reason for report in reports.values()
    ]

    workbook = stored_workbook(reports[ReportKind.MONTHLY_XLSX].file)
    assert workbook.sheetnames == MONTHLY_SHEETS
    figures = [row[1] for row in workbook["개요"].iter_rows(min_row=5, values_only=True)]
    # The demo hub: 44 resident firms; the hyperscale manufacturing-AI budget of 22.7 bn KRW.
    assert figures[0] == 44
    assert 22_700_000_000 in figures
    budget = workbook["예산"]
    assert [budget.cell(row=row, column=2).value for row in (3, 4)] == [15_000_000_000, 6_500_000_000]

    text = stored_pdf_text(reports[ReportKind.MONTHLY_PDF].file, tmp_path)
    assert f"Hub&Bridge 월간 보고서, {month:%Y-%m}" in text
    assert "재원별 예산" in text and "15,000,000,000원" in text and "경남창원산학융합원" in text

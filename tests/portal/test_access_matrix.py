"""The access matrix of docs/access-matrix.md, walked role by role and route by route.

The expectations are read from the document itself, so the document and the code cannot drift;
``test_every_recorded_route_is_in_the_matrix`` fails when a route wrapped by the access-record
mechanism (the marker of "shows personal data") is missing from the table.
"""

import pathlib
import re
from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLResolver, get_resolver, reverse

from portal.accounts.roles import AUDITOR, CONSULTANT, REVIEWER
from programs.choices import EnrolmentState
from programs.models import ConsultingAttachment, Deliverable, Milestone
from tenants.choices import ApplicationStage, ConflictState
from tenants.desk.choices import RequestCategory
from tenants.desk.models import ResidenceCertificate
from tenants.desk.services import service_request_create
from tenants.models import ApplicationAttachment, ReviewAssignment

from ..factories import (
    ApplicationFactory,
    AssignmentFactory,
    CertificateFactory,
    CohortFactory,
    ConsultingRequestFactory,
    EnrolmentFactory,
    ExpertFactory,
    KpiMeasurementFactory,
    LeaseFactory,
    MOUFactory,
    PartnerContactFactory,
    SessionFactory,
    TenancyCallFactory,
    UserFactory,
    user_in_role,
)

MATRIX = pathlib.Path(__file__).resolve().parents[2] / "docs" / "access-matrix.md"
ROLES = [
    "anonymous",
    "member",
    "representative",
    "reviewer",
    "consultant",
    "officer",
    "manager",
    "auditor",
    "superuser",
]
CELLS = {"allowed", "scoped", "denied 403", "denied 404", "login"}
PDF = b"%PDF-1.4 matrix"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 16


def matrix_rows() -> dict[str, dict[str, str]]:
    rows = {}
    for line in MATRIX.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^\| `([^`]+)` \|", line)
        if not match:
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        assert cells[2:] and len(cells) == 2 + len(ROLES), line
        assert set(cells[2:]) <= CELLS, line
        rows[match.group(1)] = dict(zip(ROLES, cells[2:], strict=True))
    return rows


def test_the_matrix_names_every_role_in_its_header():
    header = next(line for line in MATRIX.read_text(encoding="utf-8").splitlines() if line.startswith("| URL name"))
    assert [cell.strip() for cell in header.strip("|").split("|")][2:] == ROLES


def _url_names():
    def walk(patterns, namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = namespace
                if pattern.namespace:
                    inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                yield from walk(pattern.url_patterns, inner)
            else:
                name = pattern.name and (f"{namespace}:{pattern.name}" if namespace else pattern.name)
                yield name, pattern.callback

    return walk(get_resolver().url_patterns)


def _is_recorded(callback) -> bool:
    if getattr(callback, "access_recorded", None):
        return True
    view_class = getattr(callback, "cls", None)
    return bool(view_class and getattr(view_class, "access_recorded", None) and "get" in (callback.actions or {}))


def test_every_recorded_route_is_in_the_matrix():
    recorded = {name for name, callback in _url_names() if _is_recorded(callback)}
    assert recorded, "the marker finds the wrapped views"
    assert recorded - set(matrix_rows()) == set()


def test_every_route_of_the_matrix_exists():
    assert set(matrix_rows()) - {name for name, _callback in _url_names()} == set()


# The world: alice's firm is the one the member, representative, reviewer and consultant work on;
# bob's firm is someone else's. Each route is asked for alice's object, and (when scoped) bob's.


def _firm_objects(firm, people, reviewer=None, consultant=None):
    firm.public_profile = False
    firm.logo = ContentFile(PNG, name="logo.png")
    firm.save()
    call = TenancyCallFactory(blind_review=False)
    application = ApplicationFactory(firm=firm, call=call, stage=ApplicationStage.SUBMITTED)
    attachment = ApplicationAttachment.objects.create(
        application=application, file=ContentFile(PDF, name="a.pdf"), original_name="a.pdf", file_type="pdf", size=15
    )
    review = ReviewAssignment.objects.create(
        application=application, reviewer=reviewer or UserFactory(), conflict=ConflictState.NONE
    )
    consulting = ConsultingRequestFactory(firm=firm, created_by=people.representative, state="in_progress")
    AssignmentFactory(request=consulting, expert=ExpertFactory(user=consultant or UserFactory()))
    consulting_file = ConsultingAttachment.objects.create(
        request=consulting, file=ContentFile(PDF, name="c.pdf"), original_name="c.pdf", file_type="pdf", size=15
    )
    milestone = Milestone.objects.create(request=consulting, kind="diagnosis", due_on="2026-12-31")
    deliverable = Deliverable.objects.create(
        milestone=milestone, file=ContentFile(PDF, name="d.pdf"), original_name="d.pdf", file_type="pdf", size=15
    )
    kpi = KpiMeasurementFactory(
        request=consulting, baseline_evidence=ContentFile(PDF, name="k.pdf"), baseline_evidence_type="pdf"
    )
    cohort = CohortFactory()
    session = SessionFactory(cohort=cohort)
    enrolment = EnrolmentFactory(cohort=cohort, user=people.member, state=EnrolmentState.COMPLETED)
    CertificateFactory(enrolment=enrolment, pdf=ContentFile(PDF, name="cert.pdf"))
    mou = MOUFactory()
    PartnerContactFactory(partner=mou.partners.first())
    lease = LeaseFactory(firm=firm)
    service_request = service_request_create(
        user=people.member,
        category=RequestCategory.DOCUMENT,
        site=lease.space.site,
        subject="입주확인서",
        description="은행 제출용",
        files=[SimpleUploadedFile("photo.png", PNG, content_type="image/png")],
    )
    ResidenceCertificate.objects.create(
        request=service_request,
        number=f"HB-R-{service_request.pk}",
        verification_code=f"matrix-{service_request.pk}",
        issued_on=lease.start_date,
        firm_name=firm.name,
        brn=firm.brn,
        representative_name=firm.representative_name,
        site_name=lease.space.site.name,
        site_address=lease.space.site.address,
        space_code=lease.space.code,
        lease_start=lease.start_date,
        lease_end=lease.end_date,
        pdf=ContentFile(PDF, name="residence.pdf"),
    )
    return SimpleNamespace(
        service_request=service_request,
        service_file=service_request.attachments.get(),
        mou=mou,
        firm=firm,
        call=call,
        application=application,
        attachment=attachment,
        review=review,
        consulting=consulting,
        consulting_file=consulting_file,
        deliverable=deliverable,
        kpi=kpi,
        cohort=cohort,
        session=session,
        enrolment=enrolment,
    )


ROUTES = {
    "tenants:staff_firms": lambda o: [],
    "tenants:staff_firm": lambda o: [o.firm.pk],
    "tenants:staff_firm_export": lambda o: [o.firm.pk],
    "tenants:staff_call": lambda o: [o.call.pk],
    "tenants:staff_application": lambda o: [o.application.pk],
    "tenants:staff_application_return": lambda o: [o.application.pk],
    "tenants:attachment_download": lambda o: [o.application.pk, o.attachment.pk],
    "tenants:review_detail": lambda o: [o.review.pk],
    "tenants:firm_logo": lambda o: [o.firm.pk],
    "programs:staff_cohort": lambda o: [o.cohort.pk],
    "programs:roster_export": lambda o: [o.cohort.pk],
    "programs:roster_export_csv": lambda o: [o.cohort.pk],
    "programs:session_attendance": lambda o: [o.session.pk],
    "programs:certificate_download": lambda o: [o.enrolment.pk],
    "programs:consulting_detail": lambda o: [o.consulting.pk],
    "programs:consulting_attachment": lambda o: [o.consulting.pk, o.consulting_file.pk],
    "programs:consulting_deliverable": lambda o: [o.consulting.pk, o.deliverable.pk],
    "programs:consulting_kpi_evidence": lambda o: [o.consulting.pk, o.kpi.pk, "baseline"],
    "programs:engagements_mine": lambda o: [],
    "programs:staff_consulting": lambda o: [],
    "programs:staff_experts": lambda o: [],
    "partners:staff_mou": lambda o: [o.mou.pk],
    "desk:staff_queue": lambda o: [],
    "desk:staff_request": lambda o: [o.service_request.pk],
    "desk:attachment_download": lambda o: [o.service_request.pk, o.service_file.pk],
    "desk:certificate_download": lambda o: [o.service_request.pk],
    "access_records:list": lambda o: [],
    "accounts:privacy": lambda o: [],
    "firm-list": lambda o: [],
    "firm-detail": lambda o: [o.firm.pk],
    "application-list": lambda o: [],
    "application-detail": lambda o: [o.application.pk],
    "engagement-list": lambda o: [],
    "engagement-detail": lambda o: [o.consulting.pk],
    "staff-consulting-request-list": lambda o: [],
    "staff-consulting-request-detail": lambda o: [o.consulting.pk],
    "staff-cohort-list": lambda o: [],
    "staff-cohort-detail": lambda o: [o.cohort.pk],
    "staff-cohort-roster": lambda o: [o.cohort.pk],
    "staff-session-attendance-detail": lambda o: [o.session.pk],
    "staff-service-request-list": lambda o: [],
    "staff-service-request-detail": lambda o: [o.service_request.pk],
}


def test_every_route_of_the_matrix_has_its_objects():
    assert set(matrix_rows()) - set(ROUTES) == set()


@pytest.fixture
def world(roles, alice, bob, manager, officer):
    people = {
        "anonymous": None,
        "member": alice.member,
        "representative": alice.representative,
        "reviewer": user_in_role(REVIEWER),
        "consultant": user_in_role(CONSULTANT),
        "officer": officer,
        "manager": manager,
        "auditor": user_in_role(AUDITOR),
        "superuser": UserFactory(is_staff=True, is_superuser=True),
    }
    mine = _firm_objects(alice.firm, alice, reviewer=people["reviewer"], consultant=people["consultant"])
    others = _firm_objects(bob.firm, bob)
    return SimpleNamespace(people=people, mine=mine, others=others)


def _expected_status(cell: str) -> int:
    return {"allowed": 200, "scoped": 200, "denied 403": 403, "denied 404": 404, "login": 302}[cell]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_the_matrix_holds_for(role, world, client):
    person = world.people[role]
    if person is not None:
        client.force_login(person)
    failures = []
    for name, cells in matrix_rows().items():
        cell = cells[role]
        url = reverse(name, args=ROUTES[name](world.mine))
        status = client.get(url).status_code
        if status != _expected_status(cell):
            failures.append(f"{name} ({cell}): {status}")
        if cell == "scoped":
            other = client.get(reverse(name, args=ROUTES[name](world.others))).status_code
            if other != 404:
                failures.append(f"{name} (scoped) on another firm's: {other}")
    assert failures == []

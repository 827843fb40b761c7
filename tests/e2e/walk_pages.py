"""The pages the walk visits (tests/e2e/test_walk.py), as data: one line per page.

Each kind of user signs in as a person of the demo data (``seed_demo``), so the pages show what a
newcomer meets: full tables, charts with bars, a blind review. A page is its URL name and, for a
detail page, its URL kwargs as paths into ``walk_objects()`` (``pk="call.pk"``). To walk a new page,
add one ``Page(...)`` line under the role that sees it (and, for a detail page, one object below).
"""

from dataclasses import dataclass, field
from types import SimpleNamespace

from django.urls import reverse
from django.utils import timezone


@dataclass(frozen=True)
class Page:
    name: str
    refs: dict = field(default_factory=dict)
    # Pages outside the portal's layout (Django's admin, Swagger UI) are checked for status, policy
    # violations, console errors, overflow and language only; their own chrome is not ours to translate.
    portal_layout: bool = True
    # A selector that appears once the page's own script has rendered it (Swagger UI).
    ready: str = ""
    # The page's language when it has only one (Swagger UI speaks English whatever the portal's language).
    language: str = ""

    def __init__(self, name: str, *, portal_layout: bool = True, ready: str = "", language: str = "", **refs: str):
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "refs", refs)
        object.__setattr__(self, "portal_layout", portal_layout)
        object.__setattr__(self, "ready", ready)
        object.__setattr__(self, "language", language)

    def url(self, objects: SimpleNamespace) -> str:
        kwargs = {}
        for argument, path in self.refs.items():
            value = objects
            for attribute in path.split("."):
                value = getattr(value, attribute)
            kwargs[argument] = value
        return reverse(self.name, kwargs=kwargs)

    @property
    def slug(self) -> str:
        return "-".join([self.name.replace(":", "-"), *(str(value).replace(".", "-") for value in self.refs.values())])


# The person each kind of user signs in as (None: anonymous); "signed_up" is created by the walk.
PEOPLE = {
    "public": None,
    "signed_up": "newcomer@walk.hubbridge.kr",
    "new_firm": "applicant06@demo.hubbridge.kr",
    "resident": "rep01@demo.hubbridge.kr",
    "staff": "manager@hubbridge.kr",
    "reviewer": "reviewer2@hubbridge.kr",
    "expert": "consultant@hubbridge.kr",
    "auditor": "auditor@hubbridge.kr",
    "admin": "admin@hubbridge.kr",
}

PAGES = {
    "public": [
        Page("home"),
        Page("tenants:call_list"),
        Page("tenants:call_detail", pk="call.pk"),
        Page("programs:catalogue"),
        Page("programs:cohort_detail", pk="cohort.pk"),
        Page("tenants:directory"),
        Page("tenants:firm_profile", pk="resident_firm.pk"),
        Page("partners:partners"),
        Page("notices:list"),
        Page("notices:detail", pk="notice.pk"),
        Page("booking:resources"),
        Page("booking:resource", pk="resource.pk"),
        Page("programs:outcomes"),
        Page("ai_consulting"),
        Page("help"),
        Page("terms"),
        Page("privacy_policy"),
        Page("programs:certificate_lookup"),
        Page("programs:certificate_verify", code="certificate.verification_code"),
        Page("account_login"),
        Page("account_signup"),
        Page("account_reset_password"),
        Page("tenants:invitation_accept", token="invitation.token"),
        Page("swagger-ui", portal_layout=False, ready=".swagger-ui .opblock", language="en"),
    ],
    "signed_up": [
        Page("dashboard"),
        Page("tenants:my_firm"),
        Page("tenants:firm_register"),
        Page("programs:my_programs"),
        Page("accounts:profile"),
    ],
    "new_firm": [
        Page("dashboard"),
        Page("tenants:my_firm"),
        Page("tenants:my_applications"),
        Page("tenants:call_detail", pk="call.pk"),
        Page("tenants:application_detail", pk="draft_application.pk"),
        Page("tenants:application_edit", pk="draft_application.pk"),
        Page("programs:cohort_apply", pk="cohort.pk"),
        Page("programs:consulting_new"),
    ],
    "resident": [
        Page("dashboard"),
        Page("tenants:my_firm"),
        Page("tenants:firm_edit"),
        Page("tenants:members"),
        Page("tenants:my_leases"),
        Page("programs:my_programs"),
        Page("programs:consulting_mine"),
        Page("programs:consulting_detail", pk="resident_request.pk"),
        Page("accounts:privacy"),
        Page("accounts:notifications"),
        Page("desk:my_requests"),
        Page("desk:request_create"),
        Page("desk:request_detail", pk="service_request.pk"),
        Page("booking:my_bookings"),
        Page("performance:my_performance"),
    ],
    "staff": [
        Page("dashboard"),
        Page("tenants:staff_dashboard"),
        Page("tenants:staff_call", pk="call.pk"),
        Page("tenants:staff_application", pk="application.pk"),
        Page("tenants:staff_leases"),
        Page("tenants:staff_lease", pk="lease.pk"),
        Page("tenants:staff_firms"),
        Page("tenants:staff_firm", pk="resident_firm.pk"),
        Page("partners:staff_mous"),
        Page("partners:staff_mou", pk="mou.pk"),
        Page("partners:staff_obligations"),
        Page("programs:staff_cohorts"),
        Page("programs:staff_cohort", pk="cohort.pk"),
        Page("programs:session_attendance", pk="session.pk"),
        Page("programs:staff_consulting"),
        Page("programs:consulting_detail", pk="engagement.pk"),
        Page("programs:staff_experts"),
        Page("programs:staff_budget"),
        Page("programs:staff_targets"),
        Page("reports:list"),
        Page("tenants:staff_calls"),
        Page("tenants:staff_call_edit", pk="call.pk"),
        Page("tenants:staff_sites"),
        Page("programs:staff_programmes"),
        Page("programs:staff_cohort_edit", pk="cohort.pk"),
        Page("notices:staff_list"),
        Page("desk:staff_queue"),
        Page("desk:staff_request", pk="service_request.pk"),
        Page("booking:staff_board"),
        Page("booking:staff_approvals"),
        Page("performance:staff_workspace"),
        Page("performance:staff_round", pk="open_round.pk"),
    ],
    "auditor": [
        Page("access_records:list"),
    ],
    "reviewer": [
        Page("tenants:review_list"),
        Page("tenants:review_detail", pk="review.pk"),
    ],
    "expert": [
        Page("programs:engagements_mine"),
        Page("programs:consulting_detail", pk="engagement.pk"),
    ],
    "admin": [
        Page("admin:index", portal_layout=False),
    ],
}


def walk_objects() -> SimpleNamespace:
    """The demo objects the detail pages show, found after ``seed_demo``: the open call (blind review)
    with the new firm's draft, an application under review, the reviewer's and the expert's work."""
    from portal.notices.models import Notice
    from programs.models import Assignment, Certificate, Cohort, ConsultingRequest, Session
    from tenants.booking.models import Resource
    from tenants.choices import ApplicationStage
    from tenants.desk.models import ServiceRequest
    from tenants.models import Application, Lease, ReviewAssignment, TenancyCall
    from tenants.partners.models import MOU
    from tenants.performance.models import ReportingRound

    call = TenancyCall.objects.filter(blind_review=True).order_by("-opens_at").first()
    applications = Application.objects.filter(call=call).order_by("pk")
    now = timezone.now()
    return SimpleNamespace(
        call=call,
        draft_application=applications.get(firm__memberships__user__email=PEOPLE["new_firm"]),
        application=applications.filter(stage=ApplicationStage.UNDER_REVIEW).first(),
        review=ReviewAssignment.objects.filter(reviewer__email=PEOPLE["reviewer"], application__call=call)
        .order_by("pk")
        .first(),
        cohort=Cohort.objects.filter(is_published=True, applications_open_at__lte=now, applications_close_at__gte=now)
        .order_by("pk")
        .first(),
        session=Session.objects.order_by("pk").first(),
        certificate=Certificate.objects.order_by("pk").first(),
        resident_firm=Lease.objects.filter(firm__public_profile=True).order_by("pk").first().firm,
        lease=Lease.objects.order_by("pk").first(),
        mou=MOU.objects.order_by("pk").first(),
        engagement=Assignment.objects.filter(expert__user__email=PEOPLE["expert"]).order_by("pk").first().request,
        notice=Notice.objects.filter(audience="public", state="published").order_by("pk").first(),
        resource=Resource.objects.filter(audience="public").order_by("pk").first(),  # one anyone may see
        service_request=ServiceRequest.objects.filter(firm__memberships__user__email=PEOPLE["resident"])
        .order_by("pk")
        .first(),
        open_round=ReportingRound.objects.filter(status="open").order_by("pk").first(),
        resident_request=ConsultingRequest.objects.filter(firm__memberships__user__email=PEOPLE["resident"])
        .order_by("pk")
        .first(),
    )

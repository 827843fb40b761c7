"""Where each kind of user lands after login, and the firm's home page of what needs doing.

This sits in the top layer because a firm's to-dos come from tenancy (applications, calls, leases)
and from programmes (seat offers, consulting requests) alike.
"""

from django.contrib.auth.decorators import login_required
from django.db.models import Max, Q
from django.shortcuts import redirect, render
from django.utils import timezone

from programs.choices import ConsultingState, EnrolmentState
from programs.models import ConsultingRequest
from programs.selectors.cohorts import enrolments_of
from tenants.choices import ApplicationStage, RenewalStatus
from tenants.models import LeaseRenewalRequest
from tenants.scoping import membership_of
from tenants.selectors.calls import applications_for_firm, published_calls

# The first workspace a user may open, in this order: staff desks, then reviewing, then consulting
# work, then the firm. A permission decides, as in the menu, so a new role needs no change here.
WORKSPACES = [
    ("tenants.view_application", "tenants:staff_dashboard"),
    ("programs.view_consultingrequest", "programs:staff_consulting"),
    ("programs.view_cohort", "programs:staff_cohorts"),
    ("partners.view_mou", "partners:staff_mous"),
    ("reports.view_report", "reports:list"),
    ("tenants.add_reviewscore", "tenants:review_list"),
    ("programs.add_kpimeasurement", "programs:engagements_mine"),
]
# Consulting requests the firm still has to act on or follow.
OPEN_CONSULTING_STATES = [
    ConsultingState.DRAFT,
    ConsultingState.SUBMITTED,
    ConsultingState.TRIAGED,
    ConsultingState.ASSIGNED,
    ConsultingState.IN_PROGRESS,
]
DASHBOARD_LIMIT = 10


def landing_url_name(user) -> str:
    for permission, url_name in WORKSPACES:
        if user.has_perm(permission):
            return url_name
    return "dashboard"


@login_required
def landing(request):
    """``LOGIN_REDIRECT_URL``: each role lands on its own workspace instead of everybody on /my/firm/."""
    return redirect(landing_url_name(request.user))


@login_required
def dashboard(request):
    """A firm user's home: drafts to finish, open calls with their deadline, offers to answer, requests to follow."""
    now = timezone.now()
    membership = membership_of(request.user)
    offers = list(
        enrolments_of(request.user)
        .filter(state=EnrolmentState.OFFERED, offer_expires_at__gt=now)
        .order_by("offer_expires_at")
    )
    context = {"membership": membership, "offers": offers, "now": now}
    if membership is not None:
        applications = applications_for_firm(request.user)
        applied_call_ids = applications.exclude(stage=ApplicationStage.WITHDRAWN).values("call_id")
        context |= {
            # 서류 보완 요청: staff returned the application; the firm resubmits by the correction deadline.
            "corrections": list(
                applications.filter(stage=ApplicationStage.RETURNED)
                .annotate(
                    correction_due_at=Max(
                        "correction_requests__due_at", filter=Q(correction_requests__resubmitted_at__isnull=True)
                    )
                )
                .order_by("correction_due_at")[:DASHBOARD_LIMIT]
            ),
            "drafts": list(
                applications.filter(stage=ApplicationStage.DRAFT).order_by("call__closes_at")[:DASHBOARD_LIMIT]
            ),
            "open_calls": list(
                published_calls()
                .filter(opens_at__lte=now, closes_at__gt=now)
                .exclude(pk__in=applied_call_ids)
                .order_by("closes_at")[:DASHBOARD_LIMIT]
            ),
            "consulting": list(
                ConsultingRequest.objects.filter(firm=membership.firm, state__in=OPEN_CONSULTING_STATES).order_by(
                    "-pk"
                )[:DASHBOARD_LIMIT]
            ),
            "renewals": list(
                LeaseRenewalRequest.objects.filter(lease__firm=membership.firm, status=RenewalStatus.PENDING)
                .select_related("lease__space__site")
                .order_by("-requested_at")[:DASHBOARD_LIMIT]
            ),
        }
    return render(request, "dashboard.html", context)

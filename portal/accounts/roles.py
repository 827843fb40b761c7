"""Staff roles are Django groups with permissions; views check permissions, never is_superuser.

``sync_roles`` is idempotent: it runs after every migrate (when all permissions exist) and can be
run by hand with ``manage.py sync_roles``. Permissions of apps not installed yet are skipped.
"""

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.db.models import Q

HUB_MANAGER = "Hub manager"
PROGRAMME_OFFICER = "Programme officer"
REVIEWER = "Reviewer"
CONSULTANT = "Consultant"
AUDITOR = "Auditor"
SERVICE_DESK = "Service desk"

TENANCY_STAFF = [
    "tenants.view_tenancycall",
    "tenants.add_tenancycall",
    "tenants.change_tenancycall",
    "tenants.view_callrequirement",
    "tenants.add_callrequirement",
    "tenants.change_callrequirement",
    "tenants.delete_callrequirement",
    "tenants.view_callcriterion",
    "tenants.add_callcriterion",
    "tenants.change_callcriterion",
    "tenants.delete_callcriterion",
    "tenants.view_application",
    "tenants.change_application",
    "tenants.decide_application",
    "tenants.view_applicationattachment",
    "tenants.view_applicationstagechange",
    "tenants.view_correctionrequest",
    "tenants.view_correctionitem",
    "tenants.view_reviewassignment",
    "tenants.add_reviewassignment",
    "tenants.view_reviewscore",
    "tenants.view_lease",
    "tenants.add_lease",
    "tenants.change_lease",
    "tenants.view_leaserenewalrequest",
    "tenants.change_leaserenewalrequest",
    "tenants.view_site",
    "tenants.view_space",
]
# Partners, MOUs and obligations. Contact persons at partners are personal data: staff only.
MOU_STAFF = [
    "partners.view_partner",
    "partners.add_partner",
    "partners.change_partner",
    "partners.view_partnercontact",
    "partners.add_partnercontact",
    "partners.change_partnercontact",
    "partners.delete_partnercontact",
    "partners.view_mou",
    "partners.add_mou",
    "partners.change_mou",
    "partners.view_obligation",
    "partners.add_obligation",
    "partners.change_obligation",
    "partners.view_obligationnote",
    "partners.add_obligationnote",
    "partners.view_obligationevidence",
    "partners.add_obligationevidence",
]

PROGRAMME_STAFF = [
    "programs.view_programme",
    "programs.add_programme",
    "programs.change_programme",
    "programs.view_cohort",
    "programs.add_cohort",
    "programs.change_cohort",
    "programs.view_session",
    "programs.add_session",
    "programs.change_session",
    "programs.view_enrolment",
    "programs.change_enrolment",
    "programs.view_attendance",
    "programs.add_attendance",
    "programs.change_attendance",
    "programs.view_certificate",
]

# AI-adoption consulting: triage, experts, verification of KPI pairs, targets and budget.
CONSULTING_STAFF = [
    "programs.view_consultingrequest",
    "programs.change_consultingrequest",
    "programs.view_consultingattachment",
    "programs.view_skill",
    "programs.add_skill",
    "programs.change_skill",
    "programs.view_expert",
    "programs.add_expert",
    "programs.change_expert",
    "programs.view_assignment",
    "programs.add_assignment",
    "programs.view_milestone",
    "programs.view_deliverable",
    "programs.view_kpimeasurement",
    "programs.verify_kpimeasurement",
    "programs.view_kpitarget",
    "programs.add_kpitarget",
    "programs.change_kpitarget",
    "programs.view_fundedproject",
    "programs.view_budgetline",
    "programs.add_budgetline",
    "programs.change_budgetline",
    "programs.view_spending",
    "programs.add_spending",
]
# What an expert does on the engagements assigned to them (the views also check the assignment).
EXPERT_WORK = [
    "programs.add_milestone",
    "programs.change_milestone",
    "programs.add_deliverable",
    "programs.add_kpimeasurement",
    "programs.change_kpimeasurement",
]

# Notices (공지사항): write, schedule, publish, edit and withdraw them, with their files.
NOTICE_STAFF = [
    "notices.view_notice",
    "notices.add_notice",
    "notices.change_notice",
    "notices.publish_notice",
    "notices.view_noticeattachment",
]

# The tenant service desk: the queue, replies and internal notes, certificates of residence, service
# levels. The requester's name and e-mail are the only personal data it shows.
DESK_STAFF = [
    "desk.view_servicerequest",
    "desk.manage_servicerequest",
    "desk.view_requestentry",
    "desk.view_requestattachment",
    "desk.view_residencecertificate",
    "desk.view_servicelevel",
    "desk.change_servicelevel",
]

# Rooms and facilities: the resources, the day board, approvals, check-in, blackouts and charges.
ROOMS_STAFF = [
    "booking.view_resource",
    "booking.add_resource",
    "booking.change_resource",
    "booking.view_resourcephoto",
    "booking.add_resourcephoto",
    "booking.change_resourcephoto",
    "booking.delete_resourcephoto",
    "booking.view_openinghours",
    "booking.add_openinghours",
    "booking.change_openinghours",
    "booking.delete_openinghours",
    "booking.view_booking",
    "booking.decide_booking",
    "booking.view_bookingevent",
    "booking.view_blackout",
    "booking.add_blackout",
]

# Performance returns (입주기업 성과관리): rounds, the review of returns, baselines. Reading and
# reviewing for both staff roles; opening rounds and reminding firms for the hub manager only.
PERFORMANCE_READ = [
    "performance.view_reportinground",
    "performance.view_performancereturn",
    "performance.view_returnevidence",
    "performance.view_baseline",
    "performance.review_performancereturn",
]
PERFORMANCE_MANAGE = [
    "performance.add_reportinground",
    "performance.change_reportinground",
    "performance.open_reportinground",
    "performance.add_baseline",
    "performance.change_baseline",
]

# The monthly report: see and download past reports, ask for one to be built.
REPORT_STAFF = ["reports.view_report", "reports.add_report"]

ROLE_PERMISSIONS = {
    HUB_MANAGER: [
        "accounts.view_user",
        "accounts.change_user",
        "accounts.view_consentrecord",
        "tenants.add_firm",
        "tenants.change_firm",
        "tenants.view_firm",
        "tenants.view_firmmembership",
        "tenants.delete_firmmembership",
        "tenants.view_firminvitation",
        "tenants.add_site",
        "tenants.change_site",
        "tenants.add_space",
        "tenants.change_space",
        *TENANCY_STAFF,
        *MOU_STAFF,
        *PROGRAMME_STAFF,
        *CONSULTING_STAFF,
        *DESK_STAFF,
        *ROOMS_STAFF,
        *PERFORMANCE_READ,
        *PERFORMANCE_MANAGE,
        "notifications.view_outboxmessage",
        "notifications.change_outboxmessage",
        "auditlog.view_logentry",
        *REPORT_STAFF,
        *NOTICE_STAFF,
    ],
    PROGRAMME_OFFICER: [
        "tenants.view_firm",
        "tenants.change_firm",
        "tenants.view_firmmembership",
        *TENANCY_STAFF,
        *MOU_STAFF,
        *PROGRAMME_STAFF,
        *CONSULTING_STAFF,
        *PERFORMANCE_READ,
        "notifications.view_outboxmessage",
        *REPORT_STAFF,
        *NOTICE_STAFF,
    ],
    # Reviewers see only the applications assigned to them (checked in the review views).
    REVIEWER: ["tenants.add_reviewscore"],
    # Consultants see only the engagements assigned to them (checked in the consulting views) and the
    # firms of those engagements (``tenants.scoping.firms_in_reach``): no firm-wide permission.
    CONSULTANT: [*EXPERT_WORK],
    # Facility and administration staff work the service desk and nothing else.
    SERVICE_DESK: [*DESK_STAFF, "tenants.view_site", "tenants.view_space"],
    # The auditor (개인정보 보호책임자 or their delegate) reads the access records, nothing else.
    AUDITOR: ["accounts.view_accessrecord"],
}


def sync_roles() -> dict[str, int]:
    counts = {}
    for role, names in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        query = Q()
        for name in names:
            app_label, codename = name.split(".")
            query |= Q(content_type__app_label=app_label, codename=codename)
        permissions = list(Permission.objects.filter(query))
        group.permissions.set(permissions)
        counts[role] = len(permissions)
    return counts


def sync_roles_after_migrate(sender, **kwargs):
    # post_migrate fires once per app, each after that app's permissions are created: wait for
    # the last app so every permission exists.
    if sender.label == list(apps.get_app_configs())[-1].label:
        sync_roles()

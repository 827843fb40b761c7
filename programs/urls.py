from django.urls import path

from .views import consulting, content, outcomes, public, staff

app_name = "programs"

urlpatterns = [
    # Public catalogue and the applicant's own pages
    path("programs/", public.catalogue, name="catalogue"),
    path("programs/cohorts/<int:pk>/", public.cohort_detail, name="cohort_detail"),
    path("programs/cohorts/<int:pk>/apply/", public.cohort_apply, name="cohort_apply"),
    path("programs/cohorts/<int:pk>/calendar.ics", public.cohort_calendar, name="cohort_calendar"),
    path("programs/offers/<str:token>/decline/", public.offer_decline, name="offer_decline"),
    path("programs/sessions/<int:pk>/check-in/", public.session_check_in, name="session_check_in"),
    path("my/programs/", public.my_programs, name="my_programs"),
    path("my/programs/<int:pk>/cancel/", public.enrolment_cancel_view, name="enrolment_cancel"),
    path("my/programs/<int:pk>/accept/", public.offer_accept, name="offer_accept"),
    path("my/programs/<int:pk>/certificate.pdf", staff.certificate_download, name="certificate_download"),
    path("certificates/verify/", public.certificate_lookup, name="certificate_lookup"),
    path("certificates/verify/<str:code>/", staff.certificate_verify, name="certificate_verify"),
    # Staff: rosters, selection, attendance, closing, exports
    path("staff/programs/", staff.cohort_list, name="staff_cohorts"),
    path("staff/programs/programmes/", content.programme_list, name="staff_programmes"),
    path("staff/programs/programmes/new/", content.programme_create, name="staff_programme_create"),
    path("staff/programs/programmes/<int:pk>/edit/", content.programme_edit, name="staff_programme_edit"),
    path("staff/programs/cohorts/new/", content.cohort_create, name="staff_cohort_create"),
    path("staff/programs/cohorts/<int:pk>/edit/", content.cohort_edit, name="staff_cohort_edit"),
    path("staff/programs/cohorts/<int:pk>/", staff.cohort_roster, name="staff_cohort"),
    path("staff/programs/cohorts/<int:pk>/roster.xlsx", staff.roster_export, name="roster_export"),
    path(
        "staff/programs/cohorts/<int:pk>/roster.csv",
        staff.roster_export,
        {"export_format": "csv"},
        name="roster_export_csv",
    ),
    path("staff/programs/sessions/<int:pk>/attendance/", staff.session_attendance, name="session_attendance"),
    # AI-adoption consulting: the firm's requests, experts' engagements, staff triage, public outcomes
    path("my/consulting/", consulting.consulting_mine, name="consulting_mine"),
    path("my/consulting/new/", consulting.consulting_new, name="consulting_new"),
    path("my/engagements/", consulting.engagements_mine, name="engagements_mine"),
    path("consulting/<int:pk>/", consulting.consulting_detail, name="consulting_detail"),
    path("consulting/<int:pk>/edit/", consulting.consulting_edit, name="consulting_edit"),
    path("consulting/<int:pk>/attachments/", consulting.consulting_attachment_upload, name="consulting_upload"),
    path(
        "consulting/<int:pk>/attachments/<int:attachment_pk>/",
        consulting.consulting_attachment,
        name="consulting_attachment",
    ),
    path(
        "consulting/<int:pk>/deliverables/<int:deliverable_pk>/",
        consulting.consulting_deliverable,
        name="consulting_deliverable",
    ),
    path(
        "consulting/<int:pk>/kpis/<int:kpi_pk>/<str:phase>/evidence/",
        consulting.consulting_kpi_evidence,
        name="consulting_kpi_evidence",
    ),
    path("consulting/<int:pk>/submit/", consulting.consulting_submit, name="consulting_submit"),
    path("consulting/<int:pk>/withdraw/", consulting.consulting_withdraw, name="consulting_withdraw"),
    path("consulting/<int:pk>/start/", consulting.consulting_start_view, name="consulting_start"),
    path("consulting/<int:pk>/complete/", consulting.consulting_complete_view, name="consulting_complete"),
    path("consulting/<int:pk>/milestones/", consulting.milestone_create, name="milestone_create"),
    path("consulting/<int:pk>/milestones/<int:milestone_pk>/", consulting.milestone_change, name="milestone_change"),
    path("consulting/<int:pk>/kpis/", consulting.kpi_create, name="kpi_create"),
    path("staff/consulting/", consulting.staff_consulting, name="staff_consulting"),
    path("staff/consulting/<int:pk>/triage/", consulting.staff_triage, name="staff_triage"),
    path("staff/consulting/<int:pk>/assign/", consulting.staff_assign, name="staff_assign"),
    path("staff/consulting/<int:pk>/decline/", consulting.staff_decline, name="staff_decline"),
    path("staff/consulting/<int:pk>/spending/", consulting.staff_spending, name="staff_spending"),
    path("staff/consulting/<int:pk>/kpis/<int:kpi_pk>/verify/", consulting.staff_kpi_verify, name="staff_kpi_verify"),
    path("staff/consulting/experts/", consulting.staff_experts, name="staff_experts"),
    path("staff/consulting/budget/", consulting.staff_budget, name="staff_budget"),
    path("staff/consulting/targets/", consulting.staff_targets, name="staff_targets"),
    path("outcomes/", outcomes.outcomes, name="outcomes"),
    path("outcomes.csv", outcomes.outcomes_csv, name="outcomes_csv"),
]

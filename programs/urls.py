from django.urls import path

from .views import public, staff

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
    path("certificates/verify/<str:code>/", staff.certificate_verify, name="certificate_verify"),
    # Staff: rosters, selection, attendance, closing, exports
    path("staff/programs/", staff.cohort_list, name="staff_cohorts"),
    path("staff/programs/cohorts/<int:pk>/", staff.cohort_roster, name="staff_cohort"),
    path("staff/programs/cohorts/<int:pk>/roster.xlsx", staff.roster_export, name="roster_export"),
    path("staff/programs/sessions/<int:pk>/attendance/", staff.session_attendance, name="session_attendance"),
]

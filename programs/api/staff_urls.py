from portal.api import ApiRouter

from .cohorts_staff import StaffCohortViewSet, StaffSessionAttendanceViewSet

router = ApiRouter()
router.register("staff/cohorts", StaffCohortViewSet, basename="staff-cohort")
router.register("staff/sessions", StaffSessionAttendanceViewSet, basename="staff-session-attendance")

urlpatterns = router.urls

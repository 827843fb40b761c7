from rest_framework.routers import SimpleRouter

from .cohorts_staff import StaffCohortViewSet, StaffSessionAttendanceViewSet

router = SimpleRouter()
router.register("staff/cohorts", StaffCohortViewSet, basename="staff-cohort")
router.register("staff/sessions", StaffSessionAttendanceViewSet, basename="staff-session-attendance")

urlpatterns = router.urls

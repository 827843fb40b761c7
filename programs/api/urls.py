from rest_framework.routers import SimpleRouter

from .views import CohortViewSet, EnrolmentViewSet, ProgrammeViewSet

# SimpleRouter: the API root view comes from the tenants router already.
router = SimpleRouter()
router.register("programmes", ProgrammeViewSet, basename="programme")
router.register("cohorts", CohortViewSet, basename="cohort")
router.register("enrolments", EnrolmentViewSet, basename="enrolment")

urlpatterns = router.urls

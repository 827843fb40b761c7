from django.urls import path

from portal.api import ApiRouter

from .cohorts import CohortViewSet, EnrolmentViewSet, ProgrammeViewSet
from .consulting import ConsultingRequestViewSet, EngagementViewSet, OutcomesView, StaffConsultingViewSet

# SimpleRouter: the API root view comes from the tenants router already.
router = ApiRouter()
router.register("programmes", ProgrammeViewSet, basename="programme")
router.register("cohorts", CohortViewSet, basename="cohort")
router.register("enrolments", EnrolmentViewSet, basename="enrolment")
router.register("consulting-requests", ConsultingRequestViewSet, basename="consulting-request")
router.register("engagements", EngagementViewSet, basename="engagement")
router.register("staff/consulting-requests", StaffConsultingViewSet, basename="staff-consulting-request")

urlpatterns = [*router.urls, path("outcomes/", OutcomesView.as_view(), name="outcomes-api")]

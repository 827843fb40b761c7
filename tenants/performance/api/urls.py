from django.urls import path

from portal.api import ApiRouter

from .views import PublicOutcomesView, ReturnViewSet, StaffReturnViewSet

# SimpleRouter: the API root view comes from the tenants router already.
router = ApiRouter()
router.register("performance-returns", ReturnViewSet, basename="performance-return")
router.register("staff/performance-returns", StaffReturnViewSet, basename="staff-performance-return")

urlpatterns = [
    *router.urls,
    path("performance-outcomes/", PublicOutcomesView.as_view(), name="performance-outcomes"),
]

from portal.api import ApiRouter

from .views import MyServiceRequestViewSet, StaffServiceRequestViewSet

router = ApiRouter()
router.register("my/service-requests", MyServiceRequestViewSet, basename="my-service-request")
router.register("staff/service-requests", StaffServiceRequestViewSet, basename="staff-service-request")

urlpatterns = router.urls

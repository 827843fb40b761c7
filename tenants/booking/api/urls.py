from portal.api import ApiRouter

from .views import ApprovalViewSet, BookingViewSet, ResourceViewSet

# SimpleRouter: the API root view comes from the tenants router already.
router = ApiRouter()
router.register("rooms/resources", ResourceViewSet, basename="room-resource")
router.register("rooms/bookings", BookingViewSet, basename="room-booking")
router.register("rooms/approvals", ApprovalViewSet, basename="room-approval")

urlpatterns = router.urls

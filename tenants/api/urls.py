from rest_framework.routers import DefaultRouter

from .views import FirmInvitationViewSet, FirmViewSet

router = DefaultRouter()
router.register("firms", FirmViewSet, basename="firm")
router.register("invitations", FirmInvitationViewSet, basename="invitation")

urlpatterns = router.urls

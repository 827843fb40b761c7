from django.urls import path

from portal.api import ApiRootRouter

from .me import MeView
from .views import (
    ApplicationViewSet,
    DirectoryViewSet,
    FirmInvitationViewSet,
    FirmViewSet,
    LeaseViewSet,
    SpaceViewSet,
    TenancyCallViewSet,
)

router = ApiRootRouter()
router.register("firms", FirmViewSet, basename="firm")
router.register("invitations", FirmInvitationViewSet, basename="invitation")
router.register("calls", TenancyCallViewSet, basename="call")
router.register("applications", ApplicationViewSet, basename="application")
router.register("spaces", SpaceViewSet, basename="space")
router.register("leases", LeaseViewSet, basename="lease")
router.register("directory", DirectoryViewSet, basename="directory")

urlpatterns = [path("me/", MeView.as_view(), name="api-me"), *router.urls]

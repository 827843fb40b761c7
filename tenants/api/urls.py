from django.urls import path
from rest_framework.routers import DefaultRouter

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

router = DefaultRouter()
router.register("firms", FirmViewSet, basename="firm")
router.register("invitations", FirmInvitationViewSet, basename="invitation")
router.register("calls", TenancyCallViewSet, basename="call")
router.register("applications", ApplicationViewSet, basename="application")
router.register("spaces", SpaceViewSet, basename="space")
router.register("leases", LeaseViewSet, basename="lease")
router.register("directory", DirectoryViewSet, basename="directory")

urlpatterns = [path("me/", MeView.as_view(), name="api-me"), *router.urls]

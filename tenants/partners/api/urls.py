from rest_framework.routers import SimpleRouter

from .views import MOUViewSet, ObligationViewSet, PartnerViewSet

# SimpleRouter: the API root view comes from the tenants router already.
router = SimpleRouter()
router.register("partners", PartnerViewSet, basename="partner")
router.register("mous", MOUViewSet, basename="mou")
router.register("obligations", ObligationViewSet, basename="obligation")

urlpatterns = router.urls

from portal.api import ApiRouter

from .views import MOUViewSet, ObligationViewSet, PartnerViewSet

# SimpleRouter: the API root view comes from the tenants router already.
router = ApiRouter()
router.register("partners", PartnerViewSet, basename="partner")
router.register("mous", MOUViewSet, basename="mou")
router.register("obligations", ObligationViewSet, basename="obligation")

urlpatterns = router.urls

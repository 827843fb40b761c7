from portal.api import ApiRouter

from .views import NoticeViewSet

# SimpleRouter: the API root view comes from the tenants router already.
router = ApiRouter()
router.register("notices", NoticeViewSet, basename="notice")

urlpatterns = router.urls

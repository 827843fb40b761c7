from allauth.account.decorators import secure_admin_login
from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from portal.accounts import views as account_views

from . import dashboard, pages, views

# The admin signs in through allauth, so its failed-login limits protect the admin too.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "Hub&Bridge Portal"
admin.site.site_title = "Hub&Bridge"

api_patterns = [
    path("", include("tenants.api.urls")),
    path("", include("tenants.partners.api.urls")),
    path("", include("tenants.desk.api.urls")),
    path("", include("tenants.booking.api.urls")),
    path("", include("tenants.performance.api.urls")),
    path("", include("programs.api.urls")),
    path("", include("programs.api.staff_urls")),
    path("", include("portal.notices.api.urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script from its own URL, so no inline script is needed; Swagger
    # UI's stylesheet still uses an inline <style> and data: images, allowed on this page only.
    path(
        "docs/",
        csp_update({"style-src": [UNSAFE_INLINE], "img-src": ["data:"]})(
            SpectacularSwaggerSplitView.as_view(url_name="schema")
        ),
        name="swagger-ui",
    ),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("privacy/", account_views.privacy_policy, name="privacy_policy"),
    path("privacy/<str:version>/", account_views.privacy_policy, name="privacy_policy_version"),
    path("i18n/setlang/", views.language_set, name="set_language"),
    path("favicon.ico", pages.favicon, name="favicon"),
    path("help/", pages.help_page, name="help"),
    path("terms/", pages.terms, name="terms"),
    path("consulting/", pages.ai_consulting, name="ai_consulting"),
    path("my/", dashboard.landing, name="landing"),
    path("my/home/", dashboard.dashboard, name="dashboard"),
    path("accounts/", include("allauth.urls")),
    path("accounts/", include("portal.accounts.urls")),
    path("admin/", admin.site.urls),
    path("staff/reports/", include("portal.reports.urls")),
    path("staff/access-records/", include("portal.accounts.access_urls")),
    path("api/", include(api_patterns)),
    path("", include("tenants.urls")),
    path("", include("tenants.partners.urls")),
    path("", include("tenants.desk.urls")),
    path("", include("tenants.booking.urls")),
    path("", include("tenants.performance.urls")),
    path("", include("programs.urls")),
    path("", include("portal.notices.urls")),
]

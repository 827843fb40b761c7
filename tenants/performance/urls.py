from django.urls import path

from . import views

app_name = "performance"

urlpatterns = [
    # The firm's returns
    path("my/performance/", views.my_performance, name="my_performance"),
    path("my/performance/reporters/", views.reporters_manage, name="reporters"),
    path("my/performance/<int:pk>/", views.my_return, name="my_return"),
    path("performance/<int:pk>/evidence/<int:evidence_pk>/", views.evidence_download, name="evidence_download"),
    # Staff workspace
    path("staff/performance/", views.workspace, name="staff_workspace"),
    path("staff/performance/rounds/<int:pk>/", views.round_detail, name="staff_round"),
    path("staff/performance/returns/<int:pk>/", views.staff_return, name="staff_return"),
    path("staff/performance/summary/", views.annual_summary, name="staff_summary"),
    path("staff/performance/summary/<int:year>/", views.annual_summary, name="staff_summary_year"),
]
